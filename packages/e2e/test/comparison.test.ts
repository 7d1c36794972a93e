import { describe, expect, it } from 'vitest';
import { differences, EXACT, STATSD } from './support/compare.js';
import { emptyRecorded } from './support/recorded-readers.js';
import { expectedFrom, workPlan } from './support/traffic.js';

/* The swap test is only as good as its comparison: check that it notices what a backend could lose. */
describe('comparing what a backend received with what the app recorded', () => {
  const expected = expectedFrom(workPlan(60));

  it('finds nothing when they agree', () => {
    expect(differences(structuredClone(expected), expected, EXACT)).toEqual([]);
  });

  it('names every part a backend that received nothing is missing', () => {
    const found = differences(emptyRecorded(), expected, EXACT);
    expect(found).toContain('work_requests{status=200}: got undefined, recorded 48');
    expect(found).toContain('work_duration{status=200} bucket le=0.01: got undefined, recorded 15');
    expect(found).toContain('payload_bytes bucket le=1000: got 0, recorded 30');
    expect(found).toContain('queue_depth: got NaN, recorded 6');
  });

  it('notices one bucket off by one, and a sum off beyond the tolerance', () => {
    const received = structuredClone(expected);
    received.duration['200']!.buckets[2]! += 1;
    received.payload.sum += 1;
    expect(differences(received, expected, EXACT)).toEqual([
      'work_duration{status=200} bucket le=0.1: got 36, recorded 35',
      'payload_bytes sum: got 335251, recorded 335250',
    ]);
  });

  it('allows StatsD its millisecond rounding, and the sketch its 1% on quantiles, nothing more', () => {
    const received = structuredClone(expected);
    received.duration['200']!.sum *= 1 + 1e-12;
    received.orderValue.quantiles!['0.9'] = 253; // 1.2% off
    expect(differences(received, expected, STATSD)).toEqual([
      'order_value quantile 0.9: got 253, recorded 250',
    ]);
    expect(differences(received, expected, EXACT).map((found) => found.split(':')[0])).toEqual([
      'work_duration{status=200} sum',
      'order_value quantile 0.9',
    ]);
  });
});

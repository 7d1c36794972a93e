import { describe, expect, it } from 'vitest';
import { InvalidValueError, ValueOutOfRangeError } from '../errors.js';
import { createProvider } from '../provider/create-provider.js';
import type { Provider } from '../types.js';

/*
 * Issue 14, finding 2: `gauge.set('abc')` wrote `abc` into the scrape (Prometheus then drops the
 * whole target), `counter.add('5')` concatenated strings, `histogram.observe(undefined)` made the sum
 * NaN for good. API.md "Values at the boundary": anything but a number is a TypeError naming the
 * metric, and nothing is recorded; NaN given to a histogram, timer or summary is a RangeError.
 */

const NON_NUMBERS: ReadonlyArray<[string, unknown]> = [
  ['a string', 'abc'],
  ['a numeric string', '5'],
  ['undefined', undefined],
  ['null', null],
  ['a bigint', 5n],
  ['an object', { value: 1 }],
  ['an array', [1]],
  ['a boolean', true],
  ['a function', () => 1],
  ['a symbol', Symbol('x')],
  ['a Number object', new Number(1)],
];

/** Every recording method that takes a value, with what it shows when nothing was recorded. */
function recorders(provider: Provider) {
  const counter = provider.counter('c_total');
  const gauge = provider.gauge('g');
  const histogram = provider.histogram('h', { buckets: [1] });
  const summary = provider.summary('s');
  const timer = provider.timer('t', { buckets: [1] });
  return [
    {
      name: 'counter.add',
      metric: 'c_total',
      record: (v: unknown) => counter.add(v as number),
      state: () => counter.value(),
    },
    {
      name: 'gauge.set',
      metric: 'g',
      record: (v: unknown) => gauge.set(v as number),
      state: () => gauge.value(),
    },
    {
      name: 'gauge.add',
      metric: 'g',
      record: (v: unknown) => gauge.add(v as number),
      state: () => gauge.value(),
    },
    {
      name: 'gauge.sub',
      metric: 'g',
      record: (v: unknown) => gauge.sub(v as number),
      state: () => gauge.value(),
    },
    {
      name: 'histogram.observe',
      metric: 'h',
      record: (v: unknown) => histogram.observe(v as number),
      state: () => JSON.stringify(histogram.snapshot()),
    },
    {
      name: 'summary.observe',
      metric: 's',
      record: (v: unknown) => summary.observe(v as number),
      state: () => `${summary.snapshot().count}/${summary.snapshot().sum}`,
    },
    {
      name: 'timer.record',
      metric: 't',
      record: (v: unknown) => timer.record(v as number),
      state: () => JSON.stringify(timer.snapshot()),
    },
    {
      name: 'timer.time',
      metric: 't',
      record: (v: unknown) => timer.time(v as () => void),
      state: () => JSON.stringify(timer.snapshot()),
    },
    // A tagged child is the same code; checked so that no path skips the guard.
    {
      name: 'child counter.add',
      metric: 'c_total',
      record: (v: unknown) => counter.withTags({ k: 'v' }).add(v as number),
      state: () => counter.withTags({ k: 'v' }).value(),
    },
  ];
}

describe('non-numbers at every recording method', () => {
  it.each(NON_NUMBERS)(
    '%s: a TypeError naming the metric, nothing recorded, the next call works',
    async (_, value) => {
      const provider = await createProvider({ provider: 'memory' });
      for (const { name, metric, record, state } of recorders(provider)) {
        // timer.time takes a function: every other value is its non-number.
        if (name === 'timer.time' && typeof value === 'function') continue;
        record(name === 'timer.time' ? () => undefined : 1);
        const before = state();
        let thrown: unknown;
        try {
          record(value);
        } catch (error) {
          thrown = error;
        }
        expect(thrown, name).toBeInstanceOf(TypeError);
        expect(thrown, name).toBeInstanceOf(InvalidValueError);
        expect((thrown as Error).message, name).toContain(`"${metric}"`);
        expect(state(), `${name} recorded nothing`).toEqual(before);
        record(name === 'timer.time' ? () => undefined : 2);
        expect(state(), `${name} records again`).not.toEqual(before);
      }
      // Nothing but numbers reached the snapshot the exporters read.
      const values: unknown[] = [];
      for (const metric of (await provider.registry().snapshot()).metrics) {
        for (const point of metric.points) values.push('value' in point ? point.value : point.sum);
      }
      expect(values.length).toBeGreaterThan(0);
      expect(values.every((v) => typeof v === 'number')).toBe(true);
    },
  );

  it('counter.add("5") no longer concatenates: the counter stays a number', async () => {
    const provider = await createProvider({ provider: 'memory' });
    const counter = provider.counter('requests_total');
    counter.inc();
    expect(() => counter.add('5' as unknown as number)).toThrow(TypeError);
    counter.inc();
    expect(counter.value()).toBe(2);
  });

  it('NaN given to a histogram, summary or timer is a RangeError; the sum stays usable', async () => {
    const provider = await createProvider({ provider: 'memory' });
    const histogram = provider.histogram('h', { buckets: [1] });
    const summary = provider.summary('s');
    const timer = provider.timer('t');
    for (const record of [
      (v: number) => histogram.observe(v),
      (v: number) => summary.observe(v),
      (v: number) => timer.record(v),
    ]) {
      record(0.5);
      expect(() => record(Number.NaN)).toThrow(ValueOutOfRangeError);
      record(0.25);
    }
    expect(histogram.snapshot().sum).toBe(0.75);
    expect(summary.snapshot().sum).toBe(0.75);
    expect(timer.snapshot().sum).toBe(0.75);
    expect(() => timer.record(Number.NEGATIVE_INFINITY)).toThrow(RangeError);
    // A finite negative duration is a clock that stepped back: dropped without a throw (documented).
    timer.record(-1);
    expect(timer.snapshot().count).toBe(2);
  });

  it('timer.time(non-function) records nothing; a clock-measured duration never throws', async () => {
    const provider = await createProvider({ provider: 'memory' });
    const timer = provider.timer('t');
    expect(() => timer.time('work' as unknown as () => void)).toThrow(/"t"/);
    expect(timer.snapshot().count).toBe(0);
    const stopwatch = timer.newStopwatch();
    expect(stopwatch.stop()).toBeGreaterThanOrEqual(0);
    expect(timer.snapshot().count).toBe(1);
  });

  it('a callback gauge returning a non-number is skipped and reported, never exported', async () => {
    const errors: string[] = [];
    const provider = await createProvider({
      provider: 'memory',
      onError: (error) => errors.push(error.message),
    });
    const registry = provider.registry();
    registry.registerCallback('cb_string', () => 'abc' as unknown as number);
    registry.registerCallback('cb_bigint', () => 5n as unknown as number);
    registry.registerCallback('cb_undefined', () => undefined as unknown as number);
    registry.registerCallback('cb_async_object', async () => ({}) as unknown as number);
    registry.registerCallback('cb_monotonic_nan', () => Number.NaN, { monotonic: true });
    registry.registerCallback('cb_monotonic_negative', () => -1, { monotonic: true });
    registry.registerCallback('cb_ok', () => 7);
    const snapshot = await registry.snapshot();
    expect(snapshot.metrics.map((m) => m.name)).toEqual(['cb_ok']);
    expect(errors).toHaveLength(6);
    for (const name of [
      'cb_string',
      'cb_bigint',
      'cb_undefined',
      'cb_async_object',
      'cb_monotonic_nan',
      'cb_monotonic_negative',
    ]) {
      expect(errors.some((message) => message.includes(`"${name}"`))).toBe(true);
    }
  });
});

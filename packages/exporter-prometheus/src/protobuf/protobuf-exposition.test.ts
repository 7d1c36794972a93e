import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { everyTypeSnapshot, snapshotOf, tags } from '../../test/fixtures/snapshots.js';
import { labelValueArbitrary } from '../../test/helpers/label-values.js';
import { decodeMetricFamilies, presentFields } from '../../test/helpers/metric-family-decoder.js';
import { serializePrometheusText } from '../prometheus-serializer.js';
import { protobufExpositionChunks, serializeProtobufExposition } from './protobuf-exposition.js';

const INF = Number.POSITIVE_INFINITY;

function labels(record: Record<string, string>) {
  return Object.entries(record).map(([name, value]) => ({ name, value }));
}

describe('serializeProtobufExposition: every metric type', () => {
  const families = decodeMetricFamilies(serializeProtobufExposition(everyTypeSnapshot));

  it('writes one MetricFamily per metric, in order, with the text format names, HELP and units', () => {
    expect(families.map(({ name, help, type, unit }) => ({ name, help, type, unit }))).toEqual([
      { name: 'app_requests_total', help: 'Requests handled', type: 'COUNTER', unit: '' },
      { name: 'app_temperature_celsius', help: 'Room temperature', type: 'GAUGE', unit: 'celsius' },
      { name: 'app_request_size_bytes', help: 'Request sizes', type: 'HISTOGRAM', unit: 'bytes' },
      { name: 'app_job_duration_seconds', help: 'Job durations', type: 'HISTOGRAM', unit: 'seconds' },
      { name: 'app_payload_bytes', help: 'Payload sizes', type: 'SUMMARY', unit: 'bytes' },
      { name: 'app_build_info', help: 'Build information', type: 'GAUGE', unit: '' },
      {
        name: 'app_special_values',
        // Protobuf strings need no escaping: the description arrives as recorded.
        help: 'Special "values" with a \\ backslash\nand a newline',
        type: 'GAUGE',
        unit: '',
      },
    ]);
  });

  it('names the same families with the same types as the text format', () => {
    const text = serializePrometheusText(everyTypeSnapshot);
    const textTypes = [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name, type]) => [
      name,
      type!.toUpperCase(),
    ]);
    expect(families.map((family) => [family.name, family.type])).toEqual(textTypes);
  });

  it('writes counters and gauges with their labels, special values included', () => {
    expect(families[0]!.metric).toMatchObject([
      { label: labels({ method: 'GET', status: '200' }), counter: { value: 3 } },
      { label: labels({ method: 'POST', status: '500' }), counter: { value: 2.5 } },
    ]);
    expect(families[5]!.metric).toMatchObject([{ label: labels({ version: '1.2.3' }), gauge: { value: 1 } }]);
    const special = families[6]!.metric;
    expect(special.map((metric) => metric.gauge!.value)).toEqual([Number.NaN, INF, -INF, 0]);
    expect(special[3]!.label).toEqual(labels({ kind: 'quote"back\\slash\nnewline' }));
  });

  it('writes classic histograms with cumulative buckets and no native fields', () => {
    const histogram = families[2]!.metric[0]!.histogram!;
    expect(families[2]!.metric[0]!.label).toEqual(labels({ route: '/users/:id' }));
    expect(histogram).toMatchObject({
      sampleCount: 5,
      sampleSum: 22400,
      bucket: [
        { cumulativeCount: 1, upperBound: 100 },
        { cumulativeCount: 3, upperBound: 1000 },
        { cumulativeCount: 4, upperBound: 10000 },
        { cumulativeCount: 5, upperBound: INF },
      ],
      positiveSpan: [],
      negativeSpan: [],
      zeroThreshold: 0,
      zeroCount: 0,
    });
    const raw = decodeMetricFamilies(serializeProtobufExposition(everyTypeSnapshot), { defaults: false });
    expect(presentFields(raw[3]!.metric[0]!.histogram!)).toEqual(['bucket', 'sampleCount', 'sampleSum']);
  });

  it('writes summaries with their quantiles', () => {
    expect(families[4]!.metric[0]).toMatchObject({
      label: [],
      summary: {
        sampleCount: 100,
        sampleSum: 5050,
        quantile: [
          { quantile: 0.5, value: 50 },
          { quantile: 0.9, value: 90 },
          { quantile: 0.99, value: 99 },
        ],
      },
    });
  });
});

describe('protobufExpositionChunks', () => {
  it('concatenates to the same body whatever the chunk size, yielding empty pauses inside a family', () => {
    const points = Array.from({ length: 300 }, (_, i) => ({ tags: tags({ i: String(i) }), value: i }));
    const snapshot = snapshotOf(
      { name: 'a', type: 'gauge', description: '', unit: '', startTime: 0, points },
      { name: 'b', type: 'counter', description: 'B', unit: '', startTime: 0, points },
    );
    const whole = serializeProtobufExposition(snapshot);
    const chunks = [...protobufExpositionChunks(snapshot, { linesPerChunk: 7 })];
    expect(chunks.filter((chunk) => chunk.length === 0).length).toBeGreaterThan(40);
    expect(Buffer.concat(chunks)).toEqual(Buffer.from(whole));
    const decoded = decodeMetricFamilies(whole);
    expect(decoded.map((family) => family.metric.length)).toEqual([300, 300]);
    expect(decoded[1]!.metric[299]!.counter!.value).toBe(299);
  });

  it('writes nothing for an empty snapshot and leaves out metrics without series', () => {
    expect(serializeProtobufExposition({ timestamp: 0, metrics: [] })).toHaveLength(0);
    const empty = snapshotOf({
      name: 'x',
      type: 'gauge',
      description: '',
      unit: '',
      startTime: 0,
      points: [],
    });
    expect(serializeProtobufExposition(empty)).toHaveLength(0);
  });

  it('leaves out a metric whose names collide, as the text formats do, and reports it', () => {
    const errors: Error[] = [];
    const counter = (name: string, value: number) => ({
      name,
      type: 'counter' as const,
      description: '',
      unit: '',
      startTime: 0,
      points: [{ tags: tags(), value }],
    });
    const body = serializeProtobufExposition(snapshotOf(counter('jobs', 1), counter('jobs_total', 2)), {
      onConflict: (error) => errors.push(error),
    });
    expect(
      decodeMetricFamilies(body).map((family) => [family.name, family.metric[0]!.counter!.value]),
    ).toEqual([['jobs_total', 1]]);
    expect(errors.map((error) => error.message)).toEqual([
      'Metric "jobs_total" (counter) was not exposed: the name "jobs_total" is already used',
    ]);
  });
});

describe('label values and sample values (property)', () => {
  it('any tag value and any number arrive unchanged', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(labelValueArbitrary, fc.double()), { minLength: 1, maxLength: 30 }),
        (cases) => {
          const points = cases.map(([value, number], i) => ({
            tags: tags({ i: String(i), v: value }),
            value: number,
          }));
          const body = serializeProtobufExposition(
            snapshotOf({ name: 'p', type: 'gauge', description: '', unit: '', startTime: 0, points }),
          );
          const [family] = decodeMetricFamilies(body);
          expect(family!.metric).toHaveLength(cases.length);
          for (const [i, metric] of family!.metric.entries()) {
            expect(metric.label).toEqual(labels({ i: String(i), v: cases[i]![0] }));
            expect(Object.is(metric.gauge!.value, cases[i]![1])).toBe(true);
          }
        },
      ),
    );
  });
});

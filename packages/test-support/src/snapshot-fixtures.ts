import type { CanonicalTags, HistogramPoint, SummaryPoint, ValuePoint } from '@meterkit/core';

/**
 * Hand-built points that several exporters' fixtures share. Each call returns fresh objects, so a
 * test that mutates one cannot affect another; the metrics around them (names, descriptions,
 * timestamps) stay in each package's own fixtures, because their expected outputs depend on them.
 */

/** Canonical tags from a record, as core builds them: sorted by key and frozen. */
export function tags(record: Record<string, string> = {}): CanonicalTags {
  return Object.freeze(
    Object.keys(record)
      .sort()
      .map((key) => Object.freeze({ key, value: record[key]! })),
  );
}

/**
 * Request sizes in bytes on route `/users/:id`: 5 observations summing to 22400 (min 50, max
 * 20000) in cumulative buckets 100:1 1000:3 10000:4 +Inf:5.
 */
export function requestSizePoint(): HistogramPoint {
  return {
    tags: tags({ route: '/users/:id' }),
    count: 5,
    sum: 22400,
    min: 50,
    max: 20000,
    buckets: [
      { upperBound: 100, count: 1 },
      { upperBound: 1000, count: 3 },
      { upperBound: 10000, count: 4 },
      { upperBound: Number.POSITIVE_INFINITY, count: 5 },
    ],
  };
}

/** Job durations in seconds for job `import`: 3 observations summing to 1.71 in buckets 0.1:1 1:2 +Inf:3. */
export function jobDurationPoint(): HistogramPoint {
  return {
    tags: tags({ job: 'import' }),
    count: 3,
    sum: 1.71,
    min: 0.01,
    max: 1.5,
    buckets: [
      { upperBound: 0.1, count: 1 },
      { upperBound: 1, count: 2 },
      { upperBound: Number.POSITIVE_INFINITY, count: 3 },
    ],
  };
}

/** Payload sizes without tags: 100 observations summing to 5050, p50 50, p90 90, p99 99. */
export function payloadSummaryPoint(): SummaryPoint {
  return {
    tags: tags(),
    count: 100,
    sum: 5050,
    quantiles: [
      { quantile: 0.5, value: 50 },
      { quantile: 0.9, value: 90 },
      { quantile: 0.99, value: 99 },
    ],
  };
}

/** The info point of a build with `version` 1.2.3. */
export function buildInfoPoint(): ValuePoint {
  return { tags: tags({ version: '1.2.3' }), value: 1 };
}

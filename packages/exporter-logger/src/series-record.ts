import type { Bucket, Exemplar } from '@meterkit/core';
import type { SeriesReport } from './flush-report.js';
import { isoTime } from './metric-formatter.js';

/** A number as logged: JSON has no NaN or infinities, so those become Prometheus' spellings. */
export type LoggedNumber = number | 'NaN' | '+Inf' | '-Inf';

/**
 * One series as a plain object, the shape of a JSON line (without `time`) and the fields handed to
 * pino or winston. Quantile fields are named `p50`, `p99`, `p99.9`… (see {@link quantileFieldName}).
 */
export interface SeriesRecord {
  readonly metric: string;
  readonly type: SeriesReport['type'];
  /** Present only when the metric has a unit. */
  readonly unit?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly value?: LoggedNumber;
  readonly count?: LoggedNumber;
  readonly sum?: LoggedNumber;
  readonly min?: LoggedNumber;
  readonly max?: LoggedNumber;
  /** Histograms: `[upperBound, cumulativeCount]` pairs, the last bound `"+Inf"`. */
  readonly buckets?: ReadonlyArray<readonly [LoggedNumber, number]>;
  /** JSON format, exemplars on: `{ tags, value, time }` per exemplar (`time` ISO 8601), oldest first. */
  readonly exemplars?: ReadonlyArray<LoggedExemplar>;
  /** The series is gone since the previous flush (removed, cleared or expired); logged once. */
  readonly removed?: true;
  readonly [quantileField: `p${string}`]: LoggedNumber;
}

/** One exemplar as the JSON format logs it. */
export interface LoggedExemplar {
  readonly tags: Readonly<Record<string, string>>;
  readonly value: LoggedNumber;
  readonly time: string;
}

/** `NaN` → `"NaN"`, `Infinity` → `"+Inf"`, `-Infinity` → `"-Inf"`; finite numbers unchanged. */
export function loggedNumber(value: number): LoggedNumber {
  if (Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? '+Inf' : '-Inf';
}

/**
 * The field name of quantile `q`: its percentile after a `p`. 0.5 → `p50`, 0.99 → `p99`,
 * 0.999 → `p99.9`. Rounded to 10 significant digits because `q * 100` is not exact in binary.
 */
export function quantileFieldName(quantile: number): `p${string}` {
  return `p${Number((quantile * 100).toPrecision(10))}`;
}

/** Builds the {@link SeriesRecord} of one series, fields in a stable, readable order. */
export function seriesRecord(series: SeriesReport, includeBuckets: boolean): SeriesRecord {
  const record: Record<string, unknown> = { metric: series.name, type: series.type };
  if (series.unit !== '') record.unit = series.unit;
  const tags: Record<string, string> = {};
  for (const tag of series.tags) tags[tag.key] = tag.value;
  record.tags = tags;
  if (series.removed === true) {
    record.removed = true;
    return record as unknown as SeriesRecord;
  }
  if (series.value !== undefined) record.value = loggedNumber(series.value);
  if (series.count !== undefined) record.count = loggedNumber(series.count);
  if (series.sum !== undefined) record.sum = loggedNumber(series.sum);
  if (series.min !== undefined) record.min = loggedNumber(series.min);
  if (series.max !== undefined) record.max = loggedNumber(series.max);
  for (const q of series.quantiles ?? []) record[quantileFieldName(q.quantile)] = loggedNumber(q.value);
  if (includeBuckets && series.buckets !== undefined) record.buckets = bucketPairs(series.buckets);
  // Exemplars are detail for log pipelines that index JSON; logfmt and table lines stay short.
  if (includeBuckets && series.exemplars !== undefined)
    record.exemplars = series.exemplars.map(loggedExemplar);
  return record as unknown as SeriesRecord;
}

function loggedExemplar(exemplar: Exemplar): LoggedExemplar {
  return {
    tags: { ...exemplar.tags },
    value: loggedNumber(exemplar.value),
    time: isoTime(exemplar.timestamp),
  };
}

function bucketPairs(buckets: readonly Bucket[]): Array<[LoggedNumber, number]> {
  return buckets.map((bucket) => [loggedNumber(bucket.upperBound), bucket.count]);
}

import type { Exemplar, HistogramPoint, ValuePoint } from '@meterkit/core';

/**
 * meterkit exemplars riding on an SDK data point. The SDK's `DataPoint` has no exemplars (the
 * OpenTelemetry JS SDK records none for metrics), so they travel as this extra field: this package's
 * OTLP encoders write them, the SDK's own serializers and readers ignore them.
 */
export interface ExemplarCarrier {
  readonly exemplars?: readonly Exemplar[];
}

/** An exemplar split the way OTLP's `Exemplar` message wants it. */
export interface OtlpExemplarParts {
  /** 16 bytes from a 32-hex-digit `trace_id` tag; absent when there is none (or it is not hex). */
  readonly traceId: Uint8Array | undefined;
  /** 8 bytes from a 16-hex-digit `span_id` tag. */
  readonly spanId: Uint8Array | undefined;
  /** The other tags: OTLP's `filtered_attributes`. */
  readonly filtered: ReadonlyArray<readonly [string, string]>;
}

const TRACE_ID_HEX = /^[0-9a-f]{32}$/i;
const SPAN_ID_HEX = /^[0-9a-f]{16}$/i;

/**
 * The trace context of an exemplar as bytes, every other tag as a filtered attribute. A `trace_id`
 * or `span_id` that is not the W3C hex form (an explicit exemplar tag may hold anything) stays an
 * attribute rather than being sent as wrong bytes.
 */
export function exemplarParts(exemplar: Exemplar): OtlpExemplarParts {
  let traceId: Uint8Array | undefined;
  let spanId: Uint8Array | undefined;
  const filtered: Array<readonly [string, string]> = [];
  for (const key in exemplar.tags) {
    const value = exemplar.tags[key]!;
    if (key === 'trace_id' && TRACE_ID_HEX.test(value)) traceId = hexToBytes(value);
    else if (key === 'span_id' && SPAN_ID_HEX.test(value)) spanId = hexToBytes(value);
    else filtered.push([key, value]);
  }
  return { traceId, spanId, filtered };
}

/** The exemplar of a counter series, when it was recorded at or after `since` (ms). */
export function valueExemplars(point: ValuePoint, since: number): Exemplar[] | undefined {
  const exemplar = point.exemplar;
  return exemplar !== undefined && exemplar.timestamp >= since ? [exemplar] : undefined;
}

/**
 * The exemplars of a histogram series (the latest per bucket, lowest bucket first), those recorded
 * at or after `since` (ms): a delta point carries only what happened in its interval.
 */
export function histogramExemplars(point: HistogramPoint, since: number): Exemplar[] | undefined {
  let exemplars: Exemplar[] | undefined;
  for (const bucket of point.buckets) {
    const exemplar = bucket.exemplar;
    if (exemplar !== undefined && exemplar.timestamp >= since) (exemplars ??= []).push(exemplar);
  }
  return exemplars;
}

/**
 * The exemplars of an exponential histogram series: core keeps the latest per exponential bucket
 * (oldest first); a series that also has classic buckets falls back to theirs when it has none.
 */
export function exponentialExemplars(point: HistogramPoint, since: number): Exemplar[] | undefined {
  const kept = point.exponential?.exemplars;
  if (kept === undefined) return histogramExemplars(point, since);
  const exemplars = kept.filter((exemplar) => exemplar.timestamp >= since);
  return exemplars.length > 0 ? exemplars : undefined;
}

function hexToBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

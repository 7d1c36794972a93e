import type { Exemplar, ExponentialBucketSpan, ExponentialBuckets } from '../snapshot.js';
import { latestExemplarPerBucket } from './exponential-exemplars.js';
import { DEFAULT_EXPONENTIAL_LIMITS } from './exponential-histogram.js';

/**
 * Exact arithmetic on exponential buckets as plain data: lowering the scale merges each 2^delta
 * neighbouring buckets (bucket `i` becomes `i >> delta`), which loses nothing that the coarser scale
 * can hold. Merging (cluster workers) and subtracting (delta temporality) first bring both operands
 * to the smaller scale.
 */

/** The same observations at `scale` (<= `buckets.scale`). */
export function downscaleExponentialBuckets(buckets: ExponentialBuckets, scale: number): ExponentialBuckets {
  const delta = buckets.scale - scale;
  if (delta < 0)
    throw new RangeError(`Cannot raise the scale of exponential buckets from ${buckets.scale} to ${scale}`);
  if (delta === 0) return buckets;
  return withExemplars(
    {
      scale,
      zeroCount: buckets.zeroCount,
      zeroThreshold: buckets.zeroThreshold,
      positive: downscaleSpan(buckets.positive, delta),
      negative: downscaleSpan(buckets.negative, delta),
    },
    buckets.exemplars,
  );
}

/**
 * `buckets` with the latest of `exemplars` per bucket at its scale (merged buckets keep their latest
 * one); without exemplars, `buckets` as it is, so exemplar-less data never carries the property.
 */
function withExemplars(
  buckets: ExponentialBuckets,
  exemplars: readonly Exemplar[] | undefined,
): ExponentialBuckets {
  if (exemplars === undefined || exemplars.length === 0) return buckets;
  return { ...buckets, exemplars: latestExemplarPerBucket(exemplars, buckets.scale) };
}

/**
 * `a` and `b` together, at the finest scale not above either one at which each sign fits in
 * `maxBuckets` buckets: exactly what one histogram fed both sets of observations holds.
 */
export function mergeExponentialBuckets(
  a: ExponentialBuckets,
  b: ExponentialBuckets,
  maxBuckets: number = DEFAULT_EXPONENTIAL_LIMITS.maxBuckets,
): ExponentialBuckets {
  // Find the final scale before adding: two far-apart spans at a fine scale would otherwise need
  // a huge intermediate array.
  let scale = Math.min(a.scale, b.scale);
  scale -= Math.max(
    deltaToFit(unionRange(a.positive, a.scale, b.positive, b.scale, scale), maxBuckets),
    deltaToFit(unionRange(a.negative, a.scale, b.negative, b.scale, scale), maxBuckets),
  );
  const left = downscaleExponentialBuckets(a, scale);
  const right = downscaleExponentialBuckets(b, scale);
  return withExemplars(
    {
      scale,
      zeroCount: left.zeroCount + right.zeroCount,
      zeroThreshold: Math.max(left.zeroThreshold, right.zeroThreshold),
      positive: combineSpans(left.positive, right.positive, 1),
      negative: combineSpans(left.negative, right.negative, 1),
    },
    [...(left.exemplars ?? []), ...(right.exemplars ?? [])],
  );
}

/**
 * What was recorded between `previous` and `current` (two cumulative readings of one series): both
 * at the smaller scale, counts subtracted, empty buckets at either end trimmed.
 */
export function subtractExponentialBuckets(
  current: ExponentialBuckets,
  previous: ExponentialBuckets,
): ExponentialBuckets {
  const scale = Math.min(current.scale, previous.scale);
  const now = downscaleExponentialBuckets(current, scale);
  const before = downscaleExponentialBuckets(previous, scale);
  return withExemplars(
    {
      scale,
      zeroCount: now.zeroCount - before.zeroCount,
      zeroThreshold: now.zeroThreshold,
      positive: trimSpan(combineSpans(now.positive, before.positive, -1)),
      negative: trimSpan(combineSpans(now.negative, before.negative, -1)),
    },
    recordedSince(now.exemplars, before.exemplars),
  );
}

/**
 * The exemplars of `current` recorded after the reading `previous`: newer than every exemplar that
 * reading held (anything recorded before it was older than, or is, its newest exemplar).
 */
function recordedSince(
  current: readonly Exemplar[] | undefined,
  previous: readonly Exemplar[] | undefined,
): readonly Exemplar[] | undefined {
  if (current === undefined || previous === undefined || previous.length === 0) return current;
  let newest = Number.NEGATIVE_INFINITY;
  for (const exemplar of previous) if (exemplar.timestamp > newest) newest = exemplar.timestamp;
  return current.filter((exemplar) => exemplar.timestamp > newest);
}

function downscaleSpan(span: ExponentialBucketSpan, delta: number): ExponentialBucketSpan {
  if (span.counts.length === 0) return span;
  const offset = span.offset >> delta;
  const last = (span.offset + span.counts.length - 1) >> delta;
  const counts = new Array<number>(last - offset + 1).fill(0);
  for (let i = 0; i < span.counts.length; i++)
    counts[((span.offset + i) >> delta) - offset]! += span.counts[i]!;
  return { offset, counts };
}

/** `a + sign * b`, bucket by bucket, over the union of their indexes. */
function combineSpans(
  a: ExponentialBucketSpan,
  b: ExponentialBucketSpan,
  sign: 1 | -1,
): ExponentialBucketSpan {
  if (b.counts.length === 0) return a;
  if (a.counts.length === 0 && sign === 1) return b;
  const low = a.counts.length === 0 ? b.offset : Math.min(a.offset, b.offset);
  const high = Math.max(
    a.counts.length === 0 ? b.offset : a.offset + a.counts.length - 1,
    b.offset + b.counts.length - 1,
  );
  const counts = new Array<number>(high - low + 1).fill(0);
  for (let i = 0; i < a.counts.length; i++) counts[a.offset + i - low]! += a.counts[i]!;
  for (let i = 0; i < b.counts.length; i++) counts[b.offset + i - low]! += sign * b.counts[i]!;
  return { offset: low, counts };
}

function trimSpan(span: ExponentialBucketSpan): ExponentialBucketSpan {
  let start = 0;
  let end = span.counts.length;
  while (start < end && span.counts[start] === 0) start++;
  while (end > start && span.counts[end - 1] === 0) end--;
  if (start === 0 && end === span.counts.length) return span;
  if (start === end) return { offset: 0, counts: [] };
  return { offset: span.offset + start, counts: span.counts.slice(start, end) };
}

/** The lowest and highest occupied index of two spans, both taken to `scale`; undefined if both are empty. */
function unionRange(
  a: ExponentialBucketSpan,
  aScale: number,
  b: ExponentialBucketSpan,
  bScale: number,
  scale: number,
): [number, number] | undefined {
  const ranges: Array<[number, number]> = [];
  for (const [span, from] of [
    [a, aScale],
    [b, bScale],
  ] as const) {
    if (span.counts.length === 0) continue;
    const shift = from - scale;
    ranges.push([span.offset >> shift, (span.offset + span.counts.length - 1) >> shift]);
  }
  if (ranges.length === 0) return undefined;
  return [Math.min(...ranges.map((r) => r[0])), Math.max(...ranges.map((r) => r[1]))];
}

/** How many halvings bring `range` within `maxBuckets` buckets. */
function deltaToFit(range: [number, number] | undefined, maxBuckets: number): number {
  if (range === undefined) return 0;
  let [low, high] = range;
  let delta = 0;
  while (high - low >= maxBuckets) {
    low >>= 1;
    high >>= 1;
    delta++;
  }
  return delta;
}

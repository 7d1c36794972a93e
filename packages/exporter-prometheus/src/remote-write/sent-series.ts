import type { CanonicalTags, HistogramPoint, MetricSnapshot, SummaryPoint, ValuePoint } from '@meterkit/core';

/**
 * A series as it was first sent: enough to write it again as a stale marker once it has vanished
 * (its bucket bounds and quantiles never change). Later pushes only stamp `generation`.
 */
export interface SentSeries<Names> {
  readonly sample: string;
  readonly metric: MetricSnapshot;
  readonly names: Names;
  readonly point: ValuePoint | HistogramPoint | SummaryPoint;
  generation: number;
  /** The next series with the same hash (collisions are chained). */
  next: SentSeries<Names> | undefined;
}

/**
 * The series sent by earlier pushes, keyed by a 32-bit FNV-1a hash of sample name and tags, with
 * collisions chained and told apart by comparing the tags. Building a string key per series and
 * push (core's `seriesKey`) doubled the cost of encoding 100,000 series; hashing allocates nothing.
 */
export class SentSeriesMemory<Names> {
  private readonly byHash = new Map<number, SentSeries<Names>>();

  /** Marks the series as sent in `generation`, remembering it the first time. */
  touch(
    sample: string,
    metric: MetricSnapshot,
    names: Names,
    point: ValuePoint | HistogramPoint | SummaryPoint,
    generation: number,
  ): void {
    const tags = point.tags;
    const hash = hashSeries(sample, tags);
    const first = this.byHash.get(hash);
    for (let entry = first; entry !== undefined; entry = entry.next) {
      if (entry.sample === sample && sameTags(entry.point.tags, tags)) {
        entry.generation = generation;
        return;
      }
    }
    this.byHash.set(hash, { sample, metric, names, point, generation, next: first });
  }

  /** Forgets every series not touched in `generation`, handing each to `vanished` first. */
  sweep(generation: number, vanished: (series: SentSeries<Names>) => void): void {
    for (const [hash, first] of this.byHash) {
      let kept: SentSeries<Names> | undefined;
      for (let entry: SentSeries<Names> | undefined = first; entry !== undefined; ) {
        const next: SentSeries<Names> | undefined = entry.next;
        if (entry.generation === generation) {
          entry.next = kept;
          kept = entry;
        } else {
          vanished(entry);
        }
        entry = next;
      }
      if (kept === undefined) this.byHash.delete(hash);
      else if (kept !== first || first.next !== kept.next) this.byHash.set(hash, kept);
    }
  }
}

function sameTags(a: CanonicalTags, b: CanonicalTags): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]!.key !== b[i]!.key || a[i]!.value !== b[i]!.value) return false;
  }
  return true;
}

/** FNV-1a over the name, then each key and value, with separators no name or key contains. */
function hashSeries(sample: string, tags: CanonicalTags): number {
  let hash = hashString(0x811c9dc5, sample);
  for (const tag of tags) {
    hash = hashString(Math.imul(hash ^ 0x7b, 0x01000193), tag.key);
    hash = hashString(Math.imul(hash ^ 0x3d, 0x01000193), tag.value);
  }
  // 30 bits: a small integer to V8 (a larger one would be a heap number allocated per lookup).
  return hash & 0x3fffffff;
}

function hashString(seed: number, text: string): number {
  let hash = seed;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}

import type { ValuePoint } from '../snapshot.js';
import {
  type CanonicalTags,
  canonicalTags,
  EMPTY_TAGS,
  mergeCanonical,
  normalizeTags,
  type Tag,
} from '../tags.js';
import type { Info } from '../types.js';

/** Static labels exported as one series with value 1 (Prometheus' `Info`, OpenMetrics' `info` type). */
export class InfoMetric implements Info {
  private current: CanonicalTags = EMPTY_TAGS;

  constructor(
    readonly name: string,
    readonly description: string,
    readonly startTime: number,
    private readonly baseTags: CanonicalTags,
    private readonly mapTags?: ((tags: CanonicalTags) => readonly Tag[]) | undefined,
  ) {}

  set(labels: Readonly<Record<string, string>>): void {
    this.current = normalizeTags(labels);
  }

  labels(): Readonly<Record<string, string>> {
    return Object.fromEntries(this.current.map((tag) => [tag.key, tag.value]));
  }

  collect(): ValuePoint[] {
    const tags = mergeCanonical(this.baseTags, this.current);
    return [
      { tags: this.mapTags === undefined ? tags : canonicalTags(EMPTY_TAGS, [this.mapTags(tags)]), value: 1 },
    ];
  }
}

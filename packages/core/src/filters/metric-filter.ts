import type { CanonicalTags, Tag } from '../tags.js';

/** What a filter knows about a metric when it is created. */
export interface MetricIdentity {
  /** Full name, after the renames of earlier filters. */
  readonly name: string;
  readonly type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'timer' | 'info' | 'callback';
}

/**
 * Micrometer's MeterFilter / OpenTelemetry's Views: decisions made once, when a metric or a child
 * series is created, so the hot path pays nothing. Filters run in Config order; every hook is optional.
 */
export interface MetricFilter {
  /** `'deny'` drops the metric from every backend (its handles still work); the first decisive filter wins. */
  decide?(metric: MetricIdentity): 'accept' | 'deny' | undefined;
  /** A new full name for a full name, or undefined to keep it. */
  rename?(name: string): string | undefined;
  /** The tags a new series gets: drop, rename, replace or redact. Runs for every new tag set. */
  mapTags?(tags: readonly Tag[], metric: MetricIdentity): readonly Tag[];
  /** Bucket bounds for a histogram or timer, overriding its options. */
  buckets?(metric: MetricIdentity): readonly number[] | undefined;
}

/** The filters of a store, applied in order. */
export class FilterChain {
  constructor(readonly filters: readonly MetricFilter[]) {}

  get isEmpty(): boolean {
    return this.filters.length === 0;
  }

  rename(name: string): string {
    for (const filter of this.filters) name = filter.rename?.(name) ?? name;
    return name;
  }

  accepts(metric: MetricIdentity): boolean {
    for (const filter of this.filters) {
      const decision = filter.decide?.(metric);
      if (decision !== undefined) return decision === 'accept';
    }
    return true;
  }

  buckets(metric: MetricIdentity): readonly number[] | undefined {
    let buckets: readonly number[] | undefined;
    for (const filter of this.filters) buckets = filter.buckets?.(metric) ?? buckets;
    return buckets;
  }

  /** A tag mapper for one metric, or undefined when no filter maps tags (the common case). */
  tagMapper(metric: MetricIdentity): ((tags: CanonicalTags) => readonly Tag[]) | undefined {
    const mappers = this.filters.filter((f) => f.mapTags !== undefined);
    if (mappers.length === 0) return undefined;
    return (tags) => {
      let mapped: readonly Tag[] = tags;
      for (const filter of mappers) mapped = filter.mapTags!(mapped, metric);
      return mapped;
    };
  }
}

import type { CanonicalTags, Snapshot, ValueMetricSnapshot } from '@meterkit/core';

/**
 * The exporter's own counter of collections made for scrapes. Each collection's body carries the
 * count including itself, so scrapes that shared one collection show the same value, and an
 * operator (or a test) can tell a burst answered by one collection from a burst that cost many.
 */
export const COLLECTIONS_METRIC_NAME = 'meterkit_prometheus_collections_total';

const COLLECTIONS_DESCRIPTION =
  'Collections made to answer scrapes; scrapes that share a collection (concurrent, or within prometheus.minCollectionInterval) do not add to it';

/**
 * Counts collections and appends the count to each collected snapshot. The snapshot's own metrics
 * are not copied: the result holds the same (frozen) metric objects plus one more.
 */
export class ScrapeSelfMetrics {
  private collections = 0;
  private readonly startTime = Date.now();

  /** @param tags - the Config's global tags, which every series carries. */
  constructor(private readonly tags: CanonicalTags = []) {}

  /** Call when a collection starts, so a failed collection is counted too. */
  collectionStarted(): void {
    this.collections++;
  }

  /** The snapshot with the collections counter appended. */
  appendTo(snapshot: Snapshot): Snapshot {
    const counter: ValueMetricSnapshot = {
      name: COLLECTIONS_METRIC_NAME,
      type: 'counter',
      description: COLLECTIONS_DESCRIPTION,
      unit: '',
      startTime: this.startTime,
      points: [{ tags: this.tags, value: this.collections }],
    };
    return { timestamp: snapshot.timestamp, metrics: [...snapshot.metrics, counter] };
  }
}

import { DuplicateMetricError, ExportTimeoutError } from '../errors.js';
import { fullMetricName } from '../names.js';
import type { MetricSnapshot } from '../snapshot.js';
import { type CanonicalTags, canonicalTags, EMPTY_TAGS, mergeCanonical } from '../tags.js';
import type { MetricCollector } from '../types.js';
import { entryType, type MetricStore } from './metric-store.js';

/** Checks what `registerCollector` was given: a `{ name, collect }` object. */
export function validateCollector(collector: MetricCollector): void {
  const valid =
    typeof collector === 'object' &&
    collector !== null &&
    typeof collector.name === 'string' &&
    typeof collector.collect === 'function';
  if (!valid) {
    throw new TypeError(`registerCollector needs a { name: string, collect(): MetricSnapshot[] } object`);
  }
}

/**
 * Reads every collector concurrently, each bounded by the callback timeout. A collector that
 * fails is reported and contributes nothing; the others still do.
 */
export async function readCollectors(
  store: MetricStore,
): Promise<Array<{ collector: MetricCollector; metrics: readonly MetricSnapshot[] }>> {
  if (store.collectors.size === 0) return [];
  const results = await Promise.all(
    [...store.collectors].map(async (collector) => {
      try {
        const metrics = await withTimeout(collector, store.callbackTimeoutMs);
        if (!Array.isArray(metrics)) throw new TypeError(`returned ${typeof metrics}, not an array`);
        return { collector, metrics };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        store.onError(
          new Error(`Collector "${collector.name}" was skipped: ${reason}`, { cause: error }),
          'collector',
        );
        return { collector, metrics: [] };
      }
    }),
  );
  return results;
}

/**
 * The collectors' metrics that may join a snapshot, global tags merged in. A name already taken
 * by the registry or by an earlier collector is an error naming both, and that metric is skipped:
 * two metrics of one name would be one corrupt family in every backend.
 */
export function admitCollected(
  store: MetricStore,
  collected: ReadonlyArray<{ collector: MetricCollector; metrics: readonly MetricSnapshot[] }>,
): MetricSnapshot[] {
  const admitted: MetricSnapshot[] = [];
  const owners = new Map<string, string>();
  for (const { collector, metrics } of collected) {
    for (const collectedMetric of metrics) {
      try {
        const metric = filtered(store, collector, collectedMetric);
        if (metric === undefined) continue;
        const entry = store.entries.get(metric.name);
        const owner =
          entry !== undefined ? `meterkit's ${entryType(entry)} "${metric.name}"` : owners.get(metric.name);
        if (owner !== undefined) {
          const detail = `${collector.name}'s ${metric.type} "${metric.name}" clashes with ${owner}; it was skipped`;
          store.onError(new DuplicateMetricError(metric.name, detail), 'collector');
          continue;
        }
        admitted.push(withGlobalTags(metric, store.globalTags));
        owners.set(metric.name, `${collector.name}'s ${metric.type} "${metric.name}"`);
      } catch (error) {
        // A tag meterkit refuses costs that metric, never the whole collection.
        const reason = error instanceof Error ? error.message : String(error);
        const message = `Collector "${collector.name}": metric "${collectedMetric.name}" was skipped: ${reason}`;
        store.onError(new Error(message, { cause: error }), 'collector');
      }
    }
  }
  return admitted;
}

/**
 * The Config's namespace (when asked for) and filters, applied as to the registry's own metrics:
 * a denied metric is left out, a renamed one renamed, tags rewritten (dropped, redacted).
 */
function filtered(
  store: MetricStore,
  collector: MetricCollector,
  metric: MetricSnapshot,
): MetricSnapshot | undefined {
  const name = collector.prefixNames
    ? fullMetricName(store.namespace, store.subsystem, metric.name)
    : metric.name;
  if (store.filters.isEmpty) return name === metric.name ? metric : prefixed(store, metric, name);
  const renamed = store.filters.rename(name);
  if (!store.filters.accepts({ name: renamed, type: metric.type })) return undefined;
  const mapTags = store.filters.tagMapper({ name: renamed, type: metric.type });
  if (mapTags === undefined) return { ...metric, name: renamed };
  const points = (metric.points as ReadonlyArray<{ tags: CanonicalTags }>).map((point) => ({
    ...point,
    tags: canonicalTags(EMPTY_TAGS, [mapTags(point.tags)]),
  }));
  return { ...metric, name: renamed, points } as unknown as MetricSnapshot;
}

/** A collected metric under its prefixed name, with the parts it was built from (`MetricSnapshot.nameParts`). */
function prefixed(store: MetricStore, metric: MetricSnapshot, name: string): MetricSnapshot {
  const { namespace, subsystem } = store;
  const nameParts = {
    ...(namespace ? { namespace } : {}),
    ...(subsystem ? { subsystem } : {}),
    name: metric.name,
  };
  return { ...metric, name, nameParts };
}

function withGlobalTags(metric: MetricSnapshot, global: CanonicalTags): MetricSnapshot {
  const points = (metric.points as ReadonlyArray<{ tags: CanonicalTags }>).map((point) =>
    global.length === 0 ? point : { ...point, tags: mergeCanonical(global, point.tags) },
  );
  return Object.freeze({ ...metric, points: Object.freeze(points) }) as MetricSnapshot;
}

function withTimeout(collector: MetricCollector, timeoutMs: number): Promise<readonly MetricSnapshot[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new ExportTimeoutError(`collector ${collector.name}`, timeoutMs)),
      timeoutMs,
    );
    timer.unref();
    Promise.resolve()
      .then(() => collector.collect())
      .then(
        (metrics) => {
          clearTimeout(timer);
          resolve(metrics);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
  });
}

import { ExportTimeoutError, InvalidValueError, ValueOutOfRangeError } from '../errors.js';
import type { CallbackGauge } from '../metrics/callback-gauge.js';
import type { HistogramFamily } from '../metrics/histogram.js';
import type { MetricSnapshot, Snapshot, ValueMetricSnapshot, ValuePoint } from '../snapshot.js';
import { type CanonicalTags, mergeCanonical } from '../tags.js';
import {
  capturesHistogramColumns,
  HistogramColumnsCapture,
  histogramColumns,
  lazyHistogramMetric,
} from './histogram-columns.js';
import { admitCollected, readCollectors } from './metric-collectors.js';
import type { MetricStore, StoreEntry } from './metric-store.js';
import { lazyValueMetric, ValueColumnsCapture, valueColumns } from './value-columns.js';

/** Points collected between two yields to the event loop. */
const YIELD_EVERY_POINTS = 10_000;

/** How a collection treats the observation reservoirs. */
export interface CollectOptions {
  /** Hand over (and empty) the observation reservoirs: push flushes for exporters that asked, never scrapes. */
  drainObservations?: boolean;
}

/**
 * Builds one {@link Snapshot} of a store. Callback gauges are read first, concurrently, each bounded
 * by the callback timeout; a callback that throws, rejects, times out or returns a non-number is
 * skipped and reported, and the rest of the snapshot is still produced.
 */
export async function collectSnapshot(store: MetricStore, options: CollectOptions = {}): Promise<Snapshot> {
  const drain = options.drainObservations === true;
  const timestamp = store.clock.now();
  const [callbackValues, collected] = await Promise.all([readCallbacks(store), readCollectors(store)]);
  const metrics: MetricSnapshot[] = [];
  let sinceYield = 0;
  for (const [name, entry] of [...store.entries]) {
    if ('hidden' in entry && entry.hidden) continue;
    const capture = columnsCapture(entry, store.globalTags, drain);
    if (capture !== undefined) {
      // A large family is read a slice at a time, the application's callbacks running in between.
      while (!capture.step(Math.max(1, YIELD_EVERY_POINTS - sinceYield))) {
        sinceYield = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    const entryMetric = snapshotEntry(name, entry, store, callbackValues, drain, capture);
    if (entryMetric === undefined) continue;
    const nameParts = store.nameParts.get(name);
    const metric = nameParts === undefined ? entryMetric : Object.freeze({ ...entryMetric, nameParts });
    metrics.push(metric);
    // Let the application's own callbacks run between large families: a scrape of many series
    // must not become one long event-loop stall.
    sinceYield += valueColumns(metric)?.size ?? histogramColumns(metric)?.size ?? metric.points.length;
    if (sinceYield >= YIELD_EVERY_POINTS) {
      sinceYield = 0;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  if (collected.length > 0) metrics.push(...admitCollected(store, collected));
  return Object.freeze({ timestamp, metrics: Object.freeze(metrics) });
}

/**
 * The columns capture of a counter, gauge or classic histogram family (after its idle check), whose
 * points are built only if an exporter reads them; undefined for every other kind.
 */
function columnsCapture(
  entry: StoreEntry,
  global: CanonicalTags,
  drain: boolean,
): ValueColumnsCapture | HistogramColumnsCapture | undefined {
  if (entry.kind === 'counter' || entry.kind === 'gauge') {
    entry.family.expireIdle();
    return new ValueColumnsCapture(entry.family, global);
  }
  if (
    (entry.kind === 'histogram' || entry.kind === 'timer') &&
    capturesHistogramColumns(entry.family, drain)
  ) {
    entry.family.expireIdle();
    return new HistogramColumnsCapture(entry.family as HistogramFamily, global);
  }
  return undefined;
}

function snapshotEntry(
  name: string,
  entry: StoreEntry,
  store: MetricStore,
  callbackValues: Map<CallbackGauge, number>,
  drain: boolean,
  capture: ValueColumnsCapture | HistogramColumnsCapture | undefined,
): MetricSnapshot | undefined {
  const global = store.globalTags;
  switch (entry.kind) {
    case 'counter':
    case 'gauge':
    case 'histogram':
    case 'timer':
    case 'summary': {
      const { descriptor, startTime } = entry.family;
      // The idle check belongs to collection, never to recording (done before a columns capture).
      if (capture === undefined) entry.family.expireIdle();
      const fields = {
        name,
        type: entry.kind,
        description: descriptor.description,
        unit: descriptor.unit,
        startTime,
      } as { -readonly [K in keyof ValueMetricSnapshot]: ValueMetricSnapshot[K] };
      // Optional fields only when set: snapshots of plain meterkit metrics keep their shape.
      if (descriptor.scope !== undefined) fields.scope = descriptor.scope;
      if (descriptor.upDownCounter === true) fields.upDownCounter = true;
      if (capture instanceof ValueColumnsCapture) return lazyValueMetric(fields, capture.result());
      if (capture instanceof HistogramColumnsCapture) {
        return lazyHistogramMetric(
          { ...fields, type: entry.kind as 'histogram' | 'timer' },
          capture.result(),
        );
      }
      // Every other family kind collects the same way; the union of point types follows `kind`.
      const metric = { ...fields, points: entry.family.collect(global, drain) };
      const limits = 'exponential' in descriptor ? descriptor.exponential : undefined;
      return freezeMetric(
        (limits === undefined ? metric : { ...metric, exponential: limits }) as unknown as MetricSnapshot,
      );
    }
    case 'info': {
      const points = entry.info.collect().map((p) => ({ ...p, tags: withGlobal(global, p.tags) }));
      return freezeMetric({
        name,
        type: 'info',
        description: entry.info.description,
        unit: '',
        startTime: entry.info.startTime,
        points,
      });
    }
    case 'callback': {
      const points: ValuePoint[] = [];
      for (const gauge of entry.gauges) {
        const value = callbackValues.get(gauge);
        if (value !== undefined)
          points.push({ tags: withGlobal(global, gauge.tags), value, startTime: gauge.startTime });
      }
      const first = entry.gauges[0];
      if (first === undefined || points.length === 0) return undefined;
      return freezeMetric({
        name,
        type: first.monotonic ? 'counter' : 'gauge',
        description: first.description,
        unit: first.unit,
        startTime: first.startTime,
        points,
      });
    }
  }
}

async function readCallbacks(store: MetricStore): Promise<Map<CallbackGauge, number>> {
  const gauges: CallbackGauge[] = [];
  for (const entry of store.entries.values()) if (entry.kind === 'callback') gauges.push(...entry.gauges);
  const values = new Map<CallbackGauge, number>();
  if (gauges.length === 0) return values;
  await Promise.all(
    gauges.map(async (gauge) => {
      try {
        const value = await withTimeout(gauge, store.callbackTimeoutMs);
        if (typeof value !== 'number') throw new InvalidValueError(gauge.name, 'callback', value);
        // A monotonic callback is exported as a counter, which (like counter.add) is never NaN,
        // infinite or negative; a plain callback gauge may be any number, as gauge.set().
        if (gauge.monotonic && !(value >= 0 && value < Number.POSITIVE_INFINITY)) {
          throw new ValueOutOfRangeError(
            gauge.name,
            'callback',
            value,
            'a monotonic total must be finite and non-negative',
          );
        }
        values.set(gauge, value);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        store.onError(
          new Error(`Callback gauge "${gauge.name}" was skipped: ${reason}`, { cause: error }),
          'callback',
        );
      }
    }),
  );
  return values;
}

function withTimeout(gauge: CallbackGauge, timeoutMs: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new ExportTimeoutError(`callback ${gauge.name}`, timeoutMs)),
      timeoutMs,
    );
    timer.unref();
    Promise.resolve()
      .then(gauge.read)
      .then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
  });
}

function withGlobal(global: CanonicalTags, tags: CanonicalTags): CanonicalTags {
  return global.length === 0 ? tags : mergeCanonical(global, tags);
}

function freezeMetric<T extends MetricSnapshot>(metric: T): T {
  Object.freeze(metric.points);
  return Object.freeze(metric);
}

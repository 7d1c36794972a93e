import {
  type IntervalHistogram,
  monitorEventLoopDelay,
  PerformanceObserver,
  performance,
} from 'node:perf_hooks';
import v8 from 'node:v8';
import type { MemoryRegistry } from '../registry/memory-registry.js';

/** `v8js.gc.duration`'s buckets in `@opentelemetry/instrumentation-runtime-node`. */
const GC_BUCKETS = [0.01, 0.1, 1, 10];

/** PerformanceEntry `detail.kind` values as the semantic convention's `v8js.gc.type`. */
const GC_TYPES: Record<number, string> = { 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weakcb' };

/**
 * Node.js runtime metrics under the OpenTelemetry semantic conventions, with the names, UCUM units
 * and attributes `@opentelemetry/instrumentation-runtime-node` uses (`Config.runtimeMetrics.naming:
 * 'opentelemetry'`): `nodejs.eventloop.delay.{min,max,mean,stddev,p50,p90,p99}` (s),
 * `nodejs.eventloop.utilization` (1), `nodejs.eventloop.time` (s, by `nodejs.eventloop.state`),
 * `v8js.gc.duration` (s, by `v8js.gc.type`), `v8js.memory.heap.{limit,used}` and
 * `v8js.memory.heap.space.{available_size,physical_size}` (By, by `v8js.heap.space.name`).
 * Prometheus shows them translated (`nodejs_eventloop_delay_p99_seconds`); OTLP as they are.
 */
export function registerOpenTelemetryRuntimeMetrics(registry: MemoryRegistry): () => void {
  const eventLoop = monitorEventLoopDelay({ resolution: 10 });
  eventLoop.enable();
  registerEventLoopDelay(registry, eventLoop);

  let lastUtilization = performance.eventLoopUtilization();
  registry.registerCallback(
    'nodejs.eventloop.utilization',
    () => {
      const now = performance.eventLoopUtilization();
      const ratio = performance.eventLoopUtilization(now, lastUtilization).utilization;
      lastUtilization = now;
      return ratio;
    },
    { description: 'Event loop utilization.', unit: '1' },
  );
  for (const state of ['active', 'idle'] as const) {
    registry.registerCallback(
      'nodejs.eventloop.time',
      () => performance.eventLoopUtilization()[state] / 1000,
      {
        description: 'Cumulative duration of time the event loop has been in each state.',
        unit: 's',
        monotonic: true,
        tags: { 'nodejs.eventloop.state': state },
      },
    );
  }

  const gc = registry.histogram('v8js.gc.duration', {
    description: 'Garbage collection duration.',
    unit: 's',
    buckets: GC_BUCKETS,
  });
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const type = GC_TYPES[(entry as { detail?: { kind?: number } }).detail?.kind ?? 0];
      (type === undefined ? gc : gc.withTags({ 'v8js.gc.type': type })).observe(entry.duration / 1000);
    }
  });
  gcObserver.observe({ entryTypes: ['gc'] });

  registerHeapSpaces(registry);
  return () => {
    eventLoop.disable();
    gcObserver.disconnect();
  };
}

function registerEventLoopDelay(registry: MemoryRegistry, histogram: IntervalHistogram): void {
  // monitorEventLoopDelay reports nanoseconds; the window restarts after each collection.
  const reads: ReadonlyArray<readonly [string, string, (h: IntervalHistogram) => number]> = [
    ['min', 'Event loop minimum delay.', (h) => h.min],
    ['max', 'Event loop maximum delay.', (h) => h.max],
    ['mean', 'Event loop mean delay.', (h) => h.mean],
    ['stddev', 'Event loop standard deviation delay.', (h) => h.stddev],
    ['p50', 'Event loop 50 percentile delay.', (h) => h.percentile(50)],
    ['p90', 'Event loop 90 percentile delay.', (h) => h.percentile(90)],
    [
      'p99',
      'Event loop 99 percentile delay.',
      (h) => {
        const value = h.percentile(99);
        queueMicrotask(() => h.reset());
        return value;
      },
    ],
  ];
  for (const [suffix, description, read] of reads) {
    registry.registerCallback(
      `nodejs.eventloop.delay.${suffix}`,
      () => {
        const value = read(histogram);
        return Number.isFinite(value) ? value / 1e9 : 0;
      },
      { description, unit: 's' },
    );
  }
}

type SpaceField = 'space_size' | 'space_used_size' | 'space_available_size' | 'physical_space_size';

function registerHeapSpaces(registry: MemoryRegistry): void {
  const metrics: ReadonlyArray<readonly [string, SpaceField, string]> = [
    ['v8js.memory.heap.limit', 'space_size', 'Total heap memory size pre-allocated.'],
    ['v8js.memory.heap.used', 'space_used_size', 'Heap Memory size allocated.'],
    ['v8js.memory.heap.space.available_size', 'space_available_size', 'Heap space available size.'],
    ['v8js.memory.heap.space.physical_size', 'physical_space_size', 'Committed size of a heap space.'],
  ];
  for (const space of v8.getHeapSpaceStatistics()) {
    const tags = { 'v8js.heap.space.name': space.space_name };
    for (const [name, field, description] of metrics) {
      const read = () =>
        v8.getHeapSpaceStatistics().find((s) => s.space_name === space.space_name)?.[field] ?? 0;
      registry.registerCallback(name, read, { description, unit: 'By', tags });
    }
  }
}

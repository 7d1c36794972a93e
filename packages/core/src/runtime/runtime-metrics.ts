import {
  type IntervalHistogram,
  monitorEventLoopDelay,
  PerformanceObserver,
  performance,
} from 'node:perf_hooks';
import v8 from 'node:v8';
import type { MemoryRegistry } from '../registry/memory-registry.js';

/** prom-client's GC buckets, so its dashboards' panels keep working. */
const GC_BUCKETS = [0.001, 0.01, 0.1, 1, 2, 5];

/** PerformanceEntry `detail.kind` values (node:perf_hooks `constants.NODE_PERFORMANCE_GC_*`). */
const GC_KINDS: Record<number, string> = { 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weakcb' };

/**
 * Node.js runtime metrics under prom-client's `collectDefaultMetrics` names, so the public Node.js
 * Grafana dashboards work unchanged. Values are read at collection time (callbacks); the event-loop
 * delay monitor and the GC observer are the only live parts, released by the returned function.
 */
export function registerRuntimeMetrics(registry: MemoryRegistry): () => void {
  const eventLoop = monitorEventLoopDelay({ resolution: 10 });
  eventLoop.enable();
  registerEventLoopDelay(registry, eventLoop);

  let lastUtilization = performance.eventLoopUtilization();
  registry.registerCallback(
    'nodejs_eventloop_utilization_ratio',
    () => {
      const now = performance.eventLoopUtilization();
      const ratio = performance.eventLoopUtilization(now, lastUtilization).utilization;
      lastUtilization = now;
      return ratio;
    },
    { description: 'Event loop utilization since the previous collection (0 to 1)', unit: 'ratio' },
  );

  const gc = registry.histogram('nodejs_gc_duration_seconds', {
    description: 'Garbage collection duration by kind, one of major, minor, incremental or weakcb.',
    unit: 'seconds',
    buckets: GC_BUCKETS,
  });
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = GC_KINDS[(entry as { detail?: { kind?: number } }).detail?.kind ?? 0] ?? 'unknown';
      gc.withTags({ kind }).observe(entry.duration / 1000);
    }
  });
  gcObserver.observe({ entryTypes: ['gc'] });

  const memory = (field: 'heapTotal' | 'heapUsed' | 'external') => () => process.memoryUsage()[field];
  registry.registerCallback('nodejs_heap_size_total_bytes', memory('heapTotal'), {
    description: 'Process heap size from Node.js in bytes.',
    unit: 'bytes',
  });
  registry.registerCallback('nodejs_heap_size_used_bytes', memory('heapUsed'), {
    description: 'Process heap size used from Node.js in bytes.',
    unit: 'bytes',
  });
  registry.registerCallback('nodejs_external_memory_bytes', memory('external'), {
    description: 'Node.js external memory size in bytes.',
    unit: 'bytes',
  });
  registerHeapSpaces(registry);

  registry.registerCallback('nodejs_active_handles_total', () => activeResources('handles'), {
    description: 'Total number of active handles.',
  });
  registry.registerCallback('nodejs_active_requests_total', () => activeResources('requests'), {
    description: 'Total number of active requests.',
  });
  registry.registerCallback('nodejs_active_resources_total', () => process.getActiveResourcesInfo().length, {
    description: 'Total number of active resources (handles, requests and timers).',
  });

  const [major, minor, patch] = process.versions.node.split('.');
  registry.info('nodejs_version', { description: 'Node.js version info.' }).set({
    version: process.version,
    major: major ?? '',
    minor: minor ?? '',
    patch: patch ?? '',
  });

  return () => {
    eventLoop.disable();
    gcObserver.disconnect();
  };
}

function registerEventLoopDelay(registry: MemoryRegistry, histogram: IntervalHistogram): void {
  // monitorEventLoopDelay reports nanoseconds; like prom-client, the window restarts at each collection.
  const seconds = (read: (h: IntervalHistogram) => number) => () => {
    const value = read(histogram);
    return Number.isFinite(value) ? value / 1e9 : 0;
  };
  const lag = [
    [
      'nodejs_eventloop_lag_min_seconds',
      'The minimum recorded event loop delay.',
      (h: IntervalHistogram) => h.min,
    ],
    [
      'nodejs_eventloop_lag_max_seconds',
      'The maximum recorded event loop delay.',
      (h: IntervalHistogram) => h.max,
    ],
    [
      'nodejs_eventloop_lag_mean_seconds',
      'The mean of the recorded event loop delays.',
      (h: IntervalHistogram) => h.mean,
    ],
    [
      'nodejs_eventloop_lag_stddev_seconds',
      'The standard deviation of the recorded event loop delays.',
      (h: IntervalHistogram) => h.stddev,
    ],
    [
      'nodejs_eventloop_lag_p50_seconds',
      'The 50th percentile of the recorded event loop delays.',
      (h: IntervalHistogram) => h.percentile(50),
    ],
    [
      'nodejs_eventloop_lag_p90_seconds',
      'The 90th percentile of the recorded event loop delays.',
      (h: IntervalHistogram) => h.percentile(90),
    ],
    [
      'nodejs_eventloop_lag_p99_seconds',
      'The 99th percentile of the recorded event loop delays.',
      (h: IntervalHistogram) => {
        const value = h.percentile(99);
        // The last reading of the set: restart the window for the next collection.
        queueMicrotask(() => h.reset());
        return value;
      },
    ],
  ] as const;
  for (const [name, description, read] of lag) {
    registry.registerCallback(name, seconds(read), { description, unit: 'seconds' });
  }
}

function registerHeapSpaces(registry: MemoryRegistry): void {
  for (const space of v8.getHeapSpaceStatistics()) {
    const name = space.space_name.replace(/_space$/, '');
    const read = (field: 'space_size' | 'space_used_size' | 'space_available_size') => () =>
      v8.getHeapSpaceStatistics().find((s) => s.space_name === space.space_name)?.[field] ?? 0;
    const tags = { space: name };
    registry.registerCallback('nodejs_heap_space_size_total_bytes', read('space_size'), {
      description: 'Process heap space size total from Node.js in bytes.',
      unit: 'bytes',
      tags,
    });
    registry.registerCallback('nodejs_heap_space_size_used_bytes', read('space_used_size'), {
      description: 'Process heap space size used from Node.js in bytes.',
      unit: 'bytes',
      tags,
    });
    registry.registerCallback('nodejs_heap_space_size_available_bytes', read('space_available_size'), {
      description: 'Process heap space size available from Node.js in bytes.',
      unit: 'bytes',
      tags,
    });
  }
}

/** `process._getActiveHandles` is undocumented; the public resource list is the fallback. */
function activeResources(kind: 'handles' | 'requests'): number {
  const internal = process as unknown as {
    _getActiveHandles?: () => unknown[];
    _getActiveRequests?: () => unknown[];
  };
  const read = kind === 'handles' ? internal._getActiveHandles : internal._getActiveRequests;
  return typeof read === 'function' ? read.call(process).length : 0;
}

// Seed 003's resource monitoring, without a polling loop: callback gauges are read at each scrape
// or flush, so the value is never stale and nothing runs between scrapes.
import { performance } from 'node:perf_hooks';
import type { Provider } from '@meterkit/core';

const MEMORY_TYPES = ['rss', 'heapUsed', 'heapTotal', 'external'] as const;

/** memory_usage_bytes{type} and event_loop_utilization_ratio (busy share since the previous read). */
export function registerResourceMetrics(metrics: Provider): void {
  const registry = metrics.registry();
  for (const type of MEMORY_TYPES) {
    registry.registerCallback('memory_usage_bytes', () => process.memoryUsage()[type], {
      description: 'Memory usage of this process',
      unit: 'bytes',
      tags: { type: type.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`) },
    });
  }
  let previous = performance.eventLoopUtilization();
  registry.registerCallback(
    'event_loop_utilization_ratio',
    () => {
      const now = performance.eventLoopUtilization();
      const delta = performance.eventLoopUtilization(now, previous);
      previous = now;
      return delta.utilization;
    },
    { description: 'Share of time the event loop was busy since the previous collection', unit: 'ratio' },
  );
}

// Seed 003's service health check: a gauge set from a periodic probe (0 = healthy, 1 = degraded, 2 = down).
import type { Provider } from '@meterkit/core';

export const HEALTHY = 0;
export const DEGRADED = 1;
export const DOWN = 2;

/**
 * Probes `check` every `intervalMs` and sets service_health_status{service_name}. A probe that
 * resolves `false` is degraded; one that throws (or rejects) is down. Returns a function that stops it.
 */
export function startHealthCheck(
  metrics: Provider,
  serviceName: string,
  check: () => Promise<boolean>,
  intervalMs = 10_000,
): () => void {
  const status = metrics
    .gauge('service_health_status', {
      description: 'Service health (0=healthy, 1=degraded, 2=down)',
      labelNames: ['service_name'],
    })
    .withTags({ service_name: serviceName });
  const probe = async () => {
    try {
      status.set((await check()) ? HEALTHY : DEGRADED);
    } catch {
      status.set(DOWN);
    }
  };
  void probe();
  const timer = setInterval(probe, intervalMs);
  timer.unref(); // a health probe must never keep the process alive
  return () => clearInterval(timer);
}

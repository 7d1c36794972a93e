import { eventually } from '@meterkit/test-support';
import { expect } from 'vitest';
import type { AppExit, AppProcess, AppStats } from './app-process.js';

/** The application answers its own HTTP requests (liveness) while a backend misbehaves. */
export async function expectServing(app: AppProcess): Promise<void> {
  expect(await app.healthy(), `the app answers /healthz:\n${app.describe()}`).toBe(true);
}

/**
 * Waits until meterkit reported at least `count` errors to onError, counting only sources that
 * start with `source` when given (core names them `<exporter> export`, `<exporter> shutdown`).
 */
export async function waitForErrors(
  app: AppProcess,
  count: number,
  source?: string,
  timeoutMs = 20_000,
): Promise<AppStats> {
  return eventually(
    `${count} errors${source ? ` from ${source}` : ''} reported by the app`,
    async () => {
      const stats = await app.stats();
      let seen = 0;
      for (const [from, n] of Object.entries(stats.errors.bySource)) {
        if (source === undefined || from.startsWith(source)) seen += n;
      }
      return seen >= count ? stats : undefined;
    },
    timeoutMs,
    50,
  );
}

/**
 * Heap growth (after a forced GC, in bytes) while `failures` more exports fail in a row: a
 * failing backend must not make meterkit buffer anything beyond what its README documents.
 */
export async function heapGrowthWhileFailing(app: AppProcess, failures: number): Promise<number> {
  const before = await app.stats();
  const after = await waitForErrors(app, before.errors.total + failures);
  return after.heapUsed - before.heapUsed;
}

/**
 * Upper bound for {@link heapGrowthWhileFailing}. The fault tests give the app 3,000 ballast series:
 * one retained snapshot of them is ~0.4 MB (measured: 10 retained = 4 MB), so an exporter that
 * kept each failed export would pass this bound within 5 failures; GC noise measured here stays
 * under 0.5 MB.
 */
export const HEAP_GROWTH_BOUND = 2 * 1024 * 1024;

/** Graceful stop: exit code 0 by itself (nothing left open), no unhandled rejection, no crash. */
export function expectCleanExit(exit: AppExit, app: AppProcess): void {
  expect(exit, app.describe()).toEqual({ code: 0, signal: null, killed: false });
  expect(app.eventsOf('fatal')).toEqual([]);
  expect(
    app.eventsOf('stopped'),
    'the "stopped" event: without it the process ended inside provider.stop(), before stop() resolved',
  ).toHaveLength(1);
}

/** The error names the app's onError received, de-duplicated (for failure messages and assertions). */
export function reportedErrorNames(app: AppProcess): string[] {
  return [...new Set(app.eventsOf('meterkit-error').map((e) => `${e.source}: ${e.name}`))];
}

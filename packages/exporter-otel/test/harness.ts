import {
  type Config,
  createProvider,
  type Exporter,
  type OpenTelemetryConfig,
  type Provider,
  validateConfig,
} from '@meterkit/core';
import { ManualClock } from '@meterkit/core/testing';
import { createExporter } from '../src/index.js';

/** An OTel exporter driven by hand: instruments live in a memory provider, exports are explicit. */
export interface Harness {
  readonly provider: Provider;
  readonly exporter: Exporter;
  readonly clock: ManualClock;
  readonly errors: Array<{ error: Error; source: string }>;
  /** Collects a snapshot from the provider and exports it. */
  exportNow(): Promise<void>;
}

export async function createHarness(
  opentelemetry: OpenTelemetryConfig,
  extra: Partial<Config> = {},
): Promise<Harness> {
  const clock = new ManualClock();
  const errors: Array<{ error: Error; source: string }> = [];
  const provider = await createProvider({ provider: 'memory', clock, ...extra });
  const config = validateConfig({ provider: 'opentelemetry', opentelemetry, clock, ...extra });
  const exporter = await createExporter({
    config,
    clock,
    collect: () => provider.registry().snapshot(),
    onError: (error, source) => errors.push({ error, source }),
  });
  return {
    provider,
    exporter,
    clock,
    errors,
    exportNow: async () => exporter.export(await provider.registry().snapshot()),
  };
}

/** Sets environment variables for the duration of `fn`, restoring the previous values after. */
export async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const before = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]));
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [key, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

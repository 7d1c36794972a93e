import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ProviderName } from '../config/config.js';
import { MissingExporterError } from '../errors.js';
import type { ExporterFactory } from '../export/exporter.js';

/** The package each backend name needs. */
export const EXPORTER_PACKAGES: Readonly<Record<Exclude<ProviderName, 'memory' | 'noop'>, string>> = {
  prometheus: '@meterkit/exporter-prometheus',
  'remote-write': '@meterkit/exporter-prometheus',
  opentelemetry: '@meterkit/exporter-otel',
  statsd: '@meterkit/exporter-statsd',
  logger: '@meterkit/exporter-logger',
};

/**
 * The factory each backend name calls, when not `createExporter`: one package may hold several
 * backends (`'remote-write'` lives beside the Prometheus exposition, sharing its naming and encoder).
 */
export const EXPORTER_FACTORY_NAMES: Readonly<Record<string, string>> = {
  'remote-write': 'createRemoteWriteExporter',
};

/**
 * Loads an exporter package by dynamic import, so an application installs only the backends it
 * deploys. Resolution is tried from core's own location first (npm's flat layout, pnpm's hoisted
 * virtual store) and then from the application's working directory (strict layouts where core cannot
 * see its siblings). A package that cannot be found becomes a {@link MissingExporterError}.
 */
export async function loadExporterFactory(
  provider: string,
  packageName: string = EXPORTER_PACKAGES[provider as keyof typeof EXPORTER_PACKAGES],
  factoryName: string = EXPORTER_FACTORY_NAMES[provider] ?? 'createExporter',
): Promise<ExporterFactory> {
  let module: Record<string, unknown>;
  try {
    module = await import(packageName);
  } catch (firstError) {
    if (!isNotFound(firstError, packageName)) throw firstError;
    try {
      const resolved = createRequire(join(process.cwd(), 'noop.js')).resolve(packageName);
      module = await import(pathToFileURL(resolved).href);
    } catch (secondError) {
      throw new MissingExporterError(
        provider,
        packageName,
        isNotFound(secondError, packageName) ? firstError : secondError,
      );
    }
  }
  const factory =
    module[factoryName] ?? (module.default as Record<string, unknown> | undefined)?.[factoryName];
  if (typeof factory !== 'function') {
    throw new MissingExporterError(
      provider,
      packageName,
      new TypeError(`${packageName} does not export ${factoryName}`),
    );
  }
  return factory as ExporterFactory;
}

function isNotFound(error: unknown, packageName: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : '';
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && message.includes(packageName);
}

import { systemClock } from '../clock.js';
import { parseDuration } from '../duration.js';
import { ConfigError, describe } from '../errors.js';
import { fullMetricName, validateNamePrefix } from '../names.js';
import { DEFAULT_CARDINALITY_LIMIT } from '../registry/create-metric-store.js';
import { RESERVED_NAME_PREFIX } from '../registry/reserved-names.js';
import { normalizeTags } from '../tags.js';
import type { Config, ProviderName } from './config.js';
import { checkClock, checkExporterEntry, checkHttpHeaders } from './config-checks.js';
import { createStderrReporter } from './default-error-handler.js';
import { validateHistogramsConfig } from './histograms-config.js';
import type { ResolvedConfig } from './resolved-config.js';

/** The backend names `provider` accepts. */
export const PROVIDER_NAMES: readonly ProviderName[] = [
  'prometheus',
  'remote-write',
  'opentelemetry',
  'statsd',
  'logger',
  'memory',
  'noop',
];

const TOP_LEVEL_FIELDS = new Set([
  'provider',
  'enabled',
  'namespace',
  'subsystem',
  'tags',
  'enableRuntimeMetrics',
  'runtimeMetrics',
  'enableSystemMetrics',
  'endpoint',
  'flushInterval',
  'exportTimeout',
  'callbackTimeout',
  'filters',
  'cardinalityLimit',
  'seriesExpiry',
  'exemplars',
  'histograms',
  'prometheus',
  'remoteWrite',
  'opentelemetry',
  'statsd',
  'logger',
  'exporters',
  'onError',
  'clock',
]);

/** Default push cadence: 10 s, StatsD's and the Etsy daemon's own flush interval. */
export const DEFAULT_FLUSH_INTERVAL_MS = 10_000;

/**
 * Checks every field of a {@link Config} and fills in defaults. Each problem is a {@link ConfigError}
 * naming the field and the bad value. Backend sections are checked for shape here and in full by
 * their exporter packages.
 */
export function validateConfig(config: Config): ResolvedConfig {
  if (typeof config !== 'object' || config === null)
    throw new ConfigError('config', config, 'must be an object');
  for (const key of Object.keys(config)) {
    if (!TOP_LEVEL_FIELDS.has(key))
      throw new ConfigError(key, (config as unknown as Record<string, unknown>)[key], 'is not a known field');
  }
  const providers = validateProviders(config.provider);
  optionalBoolean(config, 'enabled');
  optionalBoolean(config, 'enableRuntimeMetrics');
  optionalBoolean(config, 'enableSystemMetrics');
  if (config.namespace !== undefined && config.namespace !== '')
    wrap('namespace', () => validateNamePrefix(config.namespace, 'namespace'));
  if (config.subsystem !== undefined && config.subsystem !== '')
    wrap('subsystem', () => validateNamePrefix(config.subsystem, 'subsystem'));
  // Every application metric would start with the prefix meterkit keeps for its own metrics.
  const prefix = fullMetricName(config.namespace || undefined, config.subsystem || undefined, '');
  if (prefix.startsWith(RESERVED_NAME_PREFIX)) {
    const field = config.namespace ? 'namespace' : 'subsystem';
    throw new ConfigError(
      field,
      config[field],
      `would put every metric under "${RESERVED_NAME_PREFIX}", which is reserved for meterkit's own metrics`,
    );
  }
  const tags = wrap('tags', () => normalizeTags(config.tags));
  const reserved = tags.find((tag) => tag.key === 'le' || tag.key === 'quantile');
  if (reserved !== undefined) {
    throw new ConfigError(
      'tags',
      config.tags,
      `"${reserved.key}" is written by histograms and summaries themselves`,
    );
  }
  const endpoint = config.endpoint ?? config.prometheus?.path ?? '/metrics';
  if (typeof endpoint !== 'string' || !endpoint.startsWith('/'))
    throw new ConfigError('endpoint', endpoint, 'must be a path starting with "/"');
  for (const section of ['prometheus', 'remoteWrite', 'opentelemetry', 'statsd', 'logger'] as const) {
    const value = config[section];
    if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw new ConfigError(section, value, 'must be an object');
    }
  }
  if (config.exporters !== undefined && !Array.isArray(config.exporters))
    throw new ConfigError('exporters', config.exporters, 'must be an array');
  config.exporters?.forEach(checkExporterEntry);
  checkHttpHeaders('opentelemetry.headers', config.opentelemetry?.headers);
  checkHttpHeaders('prometheus.pushHeaders', config.prometheus?.pushHeaders);
  checkClock(config.clock);
  if (config.onError !== undefined && typeof config.onError !== 'function')
    throw new ConfigError('onError', config.onError, 'must be a function');
  const cardinalityLimit = config.cardinalityLimit ?? DEFAULT_CARDINALITY_LIMIT;
  if (!Number.isInteger(cardinalityLimit) || cardinalityLimit < 1) {
    throw new ConfigError('cardinalityLimit', config.cardinalityLimit, 'must be a positive integer');
  }
  const filters = config.filters ?? [];
  if (!Array.isArray(filters) || filters.some((f) => !isFilter(f))) {
    throw new ConfigError(
      'filters',
      config.filters,
      'must be an array of filter objects, each with decide, rename, mapTags or buckets functions (see MetricFilters)',
    );
  }
  const exponentialHistograms = validateHistogramsConfig(config.histograms);
  const seriesExpiryMs =
    config.seriesExpiry === undefined ? undefined : parseDuration(config.seriesExpiry, 'seriesExpiry');
  if (config.exemplars !== undefined && typeof config.exemplars !== 'boolean')
    throw new ConfigError('exemplars', config.exemplars, 'must be true or false');
  return {
    providers,
    exemplars: config.exemplars ?? false,
    cardinalityLimit,
    seriesExpiryMs,
    exponentialHistograms,
    filters,
    enabled: config.enabled ?? true,
    namespace: config.namespace || undefined,
    subsystem: config.subsystem || undefined,
    tags,
    enableRuntimeMetrics: config.enableRuntimeMetrics ?? false,
    runtimeMetricsNaming: validateRuntimeMetrics(config.runtimeMetrics),
    enableSystemMetrics: config.enableSystemMetrics ?? false,
    endpoint,
    flushIntervalMs:
      config.flushInterval === undefined
        ? DEFAULT_FLUSH_INTERVAL_MS
        : parseDuration(config.flushInterval, 'flushInterval'),
    exportTimeoutMs:
      config.exportTimeout === undefined ? 10_000 : parseDuration(config.exportTimeout, 'exportTimeout'),
    callbackTimeoutMs:
      config.callbackTimeout === undefined ? 5_000 : parseDuration(config.callbackTimeout, 'callbackTimeout'),
    prometheus: { ...config.prometheus },
    remoteWrite: { ...config.remoteWrite },
    opentelemetry: { ...config.opentelemetry },
    statsd: { ...config.statsd },
    logger: { ...config.logger },
    exporters: config.exporters ?? [],
    onError: safeHandler(config.onError ?? createStderrReporter()),
    clock: config.clock ?? systemClock,
  };
}

const FILTER_HOOKS = ['decide', 'rename', 'mapTags', 'buckets'] as const;

/** A filter has at least one hook, and every hook it has is a function. */
function isFilter(filter: unknown): boolean {
  if (typeof filter !== 'object' || filter === null) return false;
  const hooks = filter as Record<string, unknown>;
  const present = FILTER_HOOKS.filter((hook) => hooks[hook] !== undefined);
  return present.length > 0 && present.every((hook) => typeof hooks[hook] === 'function');
}

function validateProviders(provider: unknown): ProviderName[] {
  const list = Array.isArray(provider) ? provider : [provider];
  if (provider === undefined)
    throw new ConfigError('provider', provider, `is required: one of ${PROVIDER_NAMES.join(', ')}`);
  if (list.length === 0) throw new ConfigError('provider', provider, 'must name at least one backend');
  for (const name of list) {
    if (!PROVIDER_NAMES.includes(name as ProviderName)) {
      throw new ConfigError(
        'provider',
        name,
        `is not a known backend; use one of ${PROVIDER_NAMES.join(', ')}`,
      );
    }
  }
  return [...new Set(list as ProviderName[])];
}

function optionalBoolean(
  config: Config,
  field: 'enabled' | 'enableRuntimeMetrics' | 'enableSystemMetrics',
): void {
  const value = config[field];
  if (value !== undefined && typeof value !== 'boolean')
    throw new ConfigError(field, value, 'must be true or false');
}

/** Re-labels an error from a shared validator with the Config field it came from. */
function wrap<T>(field: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(
      field,
      (error as { metricName?: unknown; tag?: unknown }).metricName ?? (error as { tag?: unknown }).tag,
      (error as Error).message,
    );
  }
}

/** An error handler that throws must not take the exporter loop down with it. */
function safeHandler(handler: (error: Error, source: string) => void) {
  return (error: Error, source: string) => {
    try {
      handler(error instanceof Error ? error : new Error(describe(error)), source);
    } catch {
      // The user's handler failed; there is nowhere left to report to.
    }
  };
}

/** `Config.runtimeMetrics`: an object whose only field is `naming`, one of the two schemes. */
function validateRuntimeMetrics(value: Config['runtimeMetrics']): 'prometheus' | 'opentelemetry' {
  if (value === undefined) return 'prometheus';
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ConfigError('runtimeMetrics', value, "must be an object such as { naming: 'opentelemetry' }");
  for (const key of Object.keys(value)) {
    if (key !== 'naming')
      throw new ConfigError(
        `runtimeMetrics.${key}`,
        (value as Record<string, unknown>)[key],
        'is not a known field',
      );
  }
  const naming = value.naming ?? 'prometheus';
  if (naming !== 'prometheus' && naming !== 'opentelemetry')
    throw new ConfigError('runtimeMetrics.naming', naming, "must be 'prometheus' or 'opentelemetry'");
  return naming;
}

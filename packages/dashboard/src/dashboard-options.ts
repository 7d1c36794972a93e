import { ConfigError, type Duration, parseDuration } from '@meterkit/core';
import { type Environment, resolveScrapeAuth, type ScrapeAuth } from '@meterkit/core/exporter-kit';

/** Options of {@link dashboardHandler}. */
export interface DashboardOptions {
  /**
   * Path of the page; its script, style sheet and event stream are served below it. Compared with
   * `req.url`, so under a framework mount point (express `app.use('/dash', …)`) keep the default.
   * Default `/`.
   */
  readonly path?: string;
  /** Time between two collections sent to open pages (ms or `'2s'`); 250 ms to 60 s. Default `'2s'`. */
  readonly interval?: Duration;
  /** Most series streamed; the page says how many were left out. Default 5,000. */
  readonly maxSeries?: number;
  /** Most series drawn in one chart; the page lists how many more match. Default 50. */
  readonly maxSeriesPerChart?: number;
  /** Most pages connected at once; more get 503. Default 16. */
  readonly maxClients?: number;
  /**
   * Credentials every request must carry: the Prometheus exporter's `prometheus.scrapeAuth` shape
   * (`{ basic: { username, password } }` and/or `{ bearerToken }`). Unset: the same
   * `METERKIT_PROMETHEUS_BASIC_AUTH_*` / `METERKIT_PROMETHEUS_BEARER_TOKEN` variables the exporter
   * reads, else none. `false`: no credentials, whatever the environment says.
   */
  readonly scrapeAuth?: ScrapeAuth | false;
  /** Title of the page. Default `'meterkit'`. */
  readonly title?: string;
  /** Where collection errors go; the handler itself never throws. Default: one line on stderr. */
  readonly onError?: (error: Error, source: string) => void;
  /** Environment read for the credentials when `scrapeAuth` is unset. Default `process.env`. */
  readonly env?: Environment;
}

/** {@link DashboardOptions} checked, with defaults filled in. */
export interface ResolvedDashboardOptions {
  readonly path: string;
  readonly intervalMs: number;
  readonly maxSeries: number;
  readonly maxSeriesPerChart: number;
  readonly maxClients: number;
  readonly scrapeAuth: ScrapeAuth | undefined;
  readonly title: string;
  readonly onError: (error: Error, source: string) => void;
}

/** The page keeps 60 minutes: the longest window it offers. */
export const HISTORY_MS = 60 * 60 * 1000;
const MIN_INTERVAL_MS = 250;
const MAX_INTERVAL_MS = 60_000;
const KNOWN_OPTIONS = new Set([
  'path',
  'interval',
  'maxSeries',
  'maxSeriesPerChart',
  'maxClients',
  'scrapeAuth',
  'title',
  'onError',
  'env',
]);

function positiveInteger(value: unknown, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max)
    throw new ConfigError(`dashboard.${name}`, value, `must be an integer from 1 to ${max}`);
  return value;
}

function resolvePath(value: unknown): string {
  if (value === undefined) return '/';
  if (typeof value !== 'string' || !value.startsWith('/') || /[\s?#]/.test(value))
    throw new ConfigError('dashboard.path', value, 'must be a path such as "/" or "/dashboard/"');
  return value.endsWith('/') ? value : `${value}/`;
}

function resolveInterval(value: unknown): number {
  if (value === undefined) return 2000;
  const ms = parseDuration(value as Duration, 'dashboard.interval');
  if (!(ms >= MIN_INTERVAL_MS && ms <= MAX_INTERVAL_MS))
    throw new ConfigError('dashboard.interval', value, 'must be between 250ms and 60s');
  return ms;
}

function defaultOnError(error: Error, source: string): void {
  process.stderr.write(`meterkit dashboard: ${source}: ${error.message}\n`);
}

/** Checks every option; a bad one is a {@link ConfigError} naming it and its value (secrets redacted). */
export function resolveDashboardOptions(options: DashboardOptions = {}): ResolvedDashboardOptions {
  if (typeof options !== 'object' || options === null)
    throw new ConfigError('dashboard', options, 'options must be an object');
  const unknown = Object.keys(options).find((key) => !KNOWN_OPTIONS.has(key));
  if (unknown !== undefined)
    throw new ConfigError(`dashboard.${unknown}`, '[ignored]', `is not an option of dashboardHandler`);
  if (options.title !== undefined && typeof options.title !== 'string')
    throw new ConfigError('dashboard.title', options.title, 'must be a string');
  if (options.onError !== undefined && typeof options.onError !== 'function')
    throw new ConfigError('dashboard.onError', options.onError, 'must be a function');
  const scrapeAuth =
    options.scrapeAuth === false
      ? undefined
      : resolveScrapeAuth(options.scrapeAuth, options.env ?? process.env, 'dashboard.scrapeAuth');
  return {
    path: resolvePath(options.path),
    intervalMs: resolveInterval(options.interval),
    maxSeries: positiveInteger(options.maxSeries, 'maxSeries', 5000, 1_000_000),
    maxSeriesPerChart: positiveInteger(options.maxSeriesPerChart, 'maxSeriesPerChart', 50, 1000),
    maxClients: positiveInteger(options.maxClients, 'maxClients', 16, 10_000),
    scrapeAuth,
    title: options.title ?? 'meterkit',
    onError: options.onError ?? defaultOnError,
  };
}

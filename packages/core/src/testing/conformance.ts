import { AssertionError } from 'node:assert';
import type { Config } from '../config/config.js';
import { createProvider } from '../provider/create-provider.js';
import type { Provider } from '../types.js';
import {
  CONFORMANCE_ABSENT,
  CONFORMANCE_FILTERS,
  CONFORMANCE_GLOBAL_TAGS,
  CONFORMANCE_NAMESPACE,
  CONFORMANCE_SINGLE_SERIES,
  CONFORMANCE_SUBSYSTEM,
  type ExpectedSeries,
  recordConformanceScenario,
} from './conformance-scenario.js';

/** One series as read back from a real backend, translated to meterkit's names. */
export interface ReadSeries {
  /** meterkit's full name: the adapter strips backend suffixes such as `_total` or `_seconds`. */
  name: string;
  tags: Record<string, string>;
  value?: number;
  count?: number;
  sum?: number;
  buckets?: Array<{ upperBound: number; count: number }>;
  quantiles?: Array<{ quantile: number; value: number }>;
}

/** What a backend keeps; a `false` capability is not checked (and should be documented by the exporter). */
export interface ConformanceCapabilities {
  buckets?: boolean;
  quantiles?: boolean;
  summary?: boolean;
  info?: boolean;
  callback?: boolean;
}

/** How the suite drives one backend. */
export interface ConformanceBackend {
  readonly name: string;
  /** The backend's part of the Config (provider name and its section); the suite adds namespace and tags. */
  config(): Partial<Config> & Pick<Config, 'provider'>;
  /**
   * Reads what the real backend holds after the scenario was recorded. Push backends call
   * `await provider.stop()` first (the final flush); the suite calls `stop()` again afterwards.
   */
  read(provider: Provider): Promise<ReadSeries[]>;
  readonly capabilities?: ConformanceCapabilities;
}

/** Relative tolerance for sums of floats, and for summary quantiles (the sketch's 1% plus margin). */
const FLOAT_TOLERANCE = 1e-9;
const QUANTILE_TOLERANCE = 0.02;

/**
 * Micrometer's compatibility-kit idea: the same scenario through every backend, checked by reading
 * the backend back. Throws an AssertionError listing every mismatch.
 */
export async function runConformance(backend: ConformanceBackend): Promise<void> {
  const errors: Error[] = [];
  const provider = await createProvider({
    ...backend.config(),
    namespace: CONFORMANCE_NAMESPACE,
    subsystem: CONFORMANCE_SUBSYSTEM,
    tags: CONFORMANCE_GLOBAL_TAGS,
    filters: CONFORMANCE_FILTERS,
    // The cardinality limit's one warning is expected; every other error fails the run.
    onError: (error, source) => {
      if (source !== 'cardinality') errors.push(error);
    },
  });
  try {
    const expected = recordConformanceScenario(provider);
    const read = await backend.read(provider);
    const problems = compare(expected, read, backend.capabilities ?? {});
    for (const name of CONFORMANCE_ABSENT) {
      if (read.some((series) => series.name === name))
        problems.push(`${name} was denied by a filter but arrived`);
    }
    for (const name of CONFORMANCE_SINGLE_SERIES) {
      const series = read.filter((s) => s.name === name);
      if (series.length > 1)
        problems.push(
          `${name} arrived as ${series.length} series: ${series.map((s) => JSON.stringify(s.tags)).join(' ')}`,
        );
    }
    const leaked = read.filter((series) => Object.values(series.tags).some((value) => value.includes('@')));
    for (const series of leaked)
      problems.push(`${series.name}${JSON.stringify(series.tags)} carries an unredacted e-mail address`);
    for (const error of errors) problems.push(`error reported during the run: ${error.message}`);
    if (problems.length > 0) {
      throw new AssertionError({
        message: `Conformance of "${backend.name}" failed:\n  - ${problems.join('\n  - ')}\nRead back:\n${JSON.stringify(read, null, 1)}`,
      });
    }
  } finally {
    await provider.stop();
  }
}

/** Compares expectations with what was read; returns one line per problem. */
export function compare(
  expected: readonly ExpectedSeries[],
  read: readonly ReadSeries[],
  caps: ConformanceCapabilities,
): string[] {
  const problems: string[] = [];
  for (const want of expected) {
    if (want.kind === 'summary' && caps.summary === false) continue;
    if (want.kind === 'info' && caps.info === false) continue;
    if (want.kind === 'callback' && caps.callback === false) continue;
    const label = `${want.name}${JSON.stringify(want.tags)}`;
    const got = read.find((r) => r.name === want.name && sameTags(r.tags, want.tags));
    if (got === undefined) {
      const sameName = read.filter((r) => r.name === want.name).map((r) => JSON.stringify(r.tags));
      problems.push(
        `${label} missing${sameName.length ? ` (same name with tags ${sameName.join(' ')})` : ''}`,
      );
      continue;
    }
    check(problems, label, 'value', want.value, got.value);
    check(problems, label, 'count', want.count, got.count);
    check(problems, label, 'sum', want.sum, got.sum);
    if (want.buckets && caps.buckets !== false) {
      for (const bucket of want.buckets) {
        const match = got.buckets?.find((b) => b.upperBound === bucket.upperBound);
        check(problems, label, `bucket le=${bucket.upperBound}`, bucket.count, match?.count);
      }
    }
    if (want.quantiles && caps.quantiles !== false) {
      for (const q of want.quantiles) {
        const match = got.quantiles?.find((g) => Math.abs(g.quantile - q.quantile) < 1e-12);
        if (match === undefined || Math.abs(match.value - q.value) > QUANTILE_TOLERANCE * Math.abs(q.value)) {
          problems.push(
            `${label} quantile ${q.quantile}: expected ${q.value} ±${QUANTILE_TOLERANCE * 100}%, got ${match?.value}`,
          );
        }
      }
    }
  }
  return problems;
}

function check(
  problems: string[],
  label: string,
  field: string,
  want: number | undefined,
  got: number | undefined,
) {
  if (want === undefined) return;
  if (got === undefined || Math.abs(got - want) > FLOAT_TOLERANCE * Math.max(1, Math.abs(want))) {
    problems.push(`${label} ${field}: expected ${want}, got ${got}`);
  }
}

function sameTags(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

import { ConfigError, parseDuration, type ResolvedConfig, type StatsdConfig } from '@meterkit/core';
import { looksLikeSocketPath, parseStatsdAddress, type StatsdEndpoint } from './statsd-address.js';

/** Which dialect of the line protocol to write: where tags go, or whether they exist at all. */
export type StatsdFlavor = 'etsy' | 'datadog' | 'telegraf';

/** The wire type used for histogram and summary samples (timers are always `ms`). */
export type DistributionType = 'ms' | 'h' | 'd';

/**
 * The `statsd` section with this package's extra options, to type-check a Config:
 * `statsd: { flavor: 'datadog', histogramType: 'd' } satisfies StatsdExporterConfig`.
 */
export interface StatsdExporterConfig extends StatsdConfig {
  /** Samples sent per histogram/timer/summary series per flush, at most. Default 1000. */
  maxSamplesPerSeries?: number;
  /** Wire type of histogram and summary samples: `ms` (default; etsy, telegraf) or DogStatsD `h` / `d`. */
  histogramType?: DistributionType;
  /** `.` (default) gives `namespace.subsystem.name`; `_` keeps meterkit's `namespace_subsystem_name`. */
  prefixSeparator?: '.' | '_';
  /**
   * Default `true`: core keeps up to `maxSamplesPerSeries` raw observations per series between
   * flushes, which are sent as they were recorded (exact percentiles). `false` keeps none and
   * rebuilds samples from the buckets (no memory per series; percentiles to bucket resolution).
   */
  keepObservations?: boolean;
}

/** The `statsd` section with every default filled in. */
export interface ResolvedStatsdConfig {
  readonly endpoint: StatsdEndpoint;
  readonly flushPeriodMs: number;
  /** Hard limit, in bytes of UTF-8, of one datagram (UDP, UDS) or one write (TCP). */
  readonly maxPacketSize: number;
  /** Fraction of the observations since the last flush sent as timer/histogram samples. */
  readonly sampleRate: number;
  readonly flavor: StatsdFlavor;
  /** Upper bound on the samples sent per histogram/timer/summary series per flush. */
  readonly maxSamplesPerSeries: number;
  readonly histogramType: DistributionType;
  /** Joins namespace, subsystem and name: `.` gives `ns.sub.name`, `_` keeps `ns_sub_name`. */
  readonly prefixSeparator: '.' | '_';
  /** Whether core keeps raw observations (up to `maxSamplesPerSeries` per series) for this exporter. */
  readonly keepObservations: boolean;
}

/**
 * 1432 bytes: an Ethernet MTU (1500) minus IPv6 (40) and UDP (8) headers minus a margin, the value
 * Etsy's client docs and Datadog recommend so that a datagram is never fragmented.
 */
export const DEFAULT_UDP_PACKET_SIZE = 1432;
/** 8192 bytes: the DogStatsD agent's default read buffer for UDS, also used for TCP writes. */
export const DEFAULT_STREAM_PACKET_SIZE = 8192;
/** The largest UDP payload over IPv4. */
export const MAX_UDP_PACKET_SIZE = 65_507;
/** Smaller packets cannot hold a typical line with a few tags. */
export const MIN_PACKET_SIZE = 64;
/** Enough for Etsy-style percentiles at 0.1% resolution without flooding the daemon. */
export const DEFAULT_MAX_SAMPLES_PER_SERIES = 1000;

const KNOWN_FIELDS = [
  'address',
  'flushPeriod',
  'maxPacketSize',
  'sampleRate',
  'protocol',
  'flavor',
  'maxSamplesPerSeries',
  'histogramType',
  'prefixSeparator',
  'keepObservations',
] as const;
const FLAVORS: readonly StatsdFlavor[] = ['etsy', 'datadog', 'telegraf'];
const PROTOCOLS = ['udp', 'tcp', 'uds'] as const;
const DISTRIBUTION_TYPES: readonly DistributionType[] = ['ms', 'h', 'd'];

/**
 * Validates the `statsd` section of a resolved Config in full. Every problem is a
 * {@link ConfigError} naming the field (`statsd.maxPacketSize`) and the bad value.
 */
export function resolveStatsdConfig(config: ResolvedConfig): ResolvedStatsdConfig {
  const section = (config.statsd ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(section)) {
    if (!(KNOWN_FIELDS as readonly string[]).includes(key)) {
      throw new ConfigError(
        `statsd.${key}`,
        section[key],
        `is not a known field; use one of ${KNOWN_FIELDS.join(', ')}`,
      );
    }
  }
  const address = optionalString(section, 'address');
  const protocol = resolveProtocol(section.protocol, address);
  const endpoint = parseStatsdAddress(address, protocol);
  const flavor = oneOf(section, 'flavor', FLAVORS) ?? 'etsy';
  return {
    endpoint,
    flushPeriodMs:
      section.flushPeriod === undefined
        ? config.flushIntervalMs
        : parseDuration(section.flushPeriod as number | string, 'statsd.flushPeriod'),
    maxPacketSize: resolveMaxPacketSize(section.maxPacketSize, protocol),
    sampleRate: resolveSampleRate(section.sampleRate),
    flavor,
    maxSamplesPerSeries: resolveMaxSamples(section.maxSamplesPerSeries),
    histogramType: resolveHistogramType(section, flavor),
    prefixSeparator: oneOf(section, 'prefixSeparator', ['.', '_'] as const) ?? '.',
    keepObservations: optionalBoolean(section, 'keepObservations') ?? true,
  };
}

function optionalString(section: Record<string, unknown>, field: string): string | undefined {
  const value = section[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '')
    throw new ConfigError(`statsd.${field}`, value, 'must be a non-empty string');
  return value.trim();
}

function optionalBoolean(section: Record<string, unknown>, field: string): boolean | undefined {
  const value = section[field];
  if (value === undefined || typeof value === 'boolean') return value;
  throw new ConfigError(`statsd.${field}`, value, 'must be true or false');
}

function oneOf<T extends string>(
  section: Record<string, unknown>,
  field: string,
  allowed: readonly T[],
): T | undefined {
  const value = section[field];
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) {
    throw new ConfigError(
      `statsd.${field}`,
      value,
      `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}`,
    );
  }
  return value as T;
}

/** An explicit protocol wins; otherwise a socket path means UDS and anything else UDP. */
function resolveProtocol(value: unknown, address: string | undefined): 'udp' | 'tcp' | 'uds' {
  const protocol = oneOf({ protocol: value }, 'protocol', PROTOCOLS);
  if (protocol !== undefined) {
    if (protocol !== 'uds' && address !== undefined && looksLikeSocketPath(address)) {
      throw new ConfigError(
        'statsd.address',
        address,
        `is a socket path but statsd.protocol is "${protocol}"; use "uds"`,
      );
    }
    return protocol;
  }
  return address !== undefined && looksLikeSocketPath(address) ? 'uds' : 'udp';
}

function resolveMaxPacketSize(value: unknown, protocol: 'udp' | 'tcp' | 'uds'): number {
  if (value === undefined) return protocol === 'udp' ? DEFAULT_UDP_PACKET_SIZE : DEFAULT_STREAM_PACKET_SIZE;
  const max = protocol === 'tcp' ? 1_048_576 : MAX_UDP_PACKET_SIZE;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < MIN_PACKET_SIZE || value > max) {
    throw new ConfigError(
      'statsd.maxPacketSize',
      value,
      `must be an integer number of bytes between ${MIN_PACKET_SIZE} and ${max} for ${protocol}`,
    );
  }
  return value;
}

function resolveSampleRate(value: unknown): number {
  if (value === undefined) return 1;
  if (typeof value !== 'number' || !(value > 0 && value <= 1)) {
    throw new ConfigError('statsd.sampleRate', value, 'must be a number greater than 0 and at most 1');
  }
  return value;
}

function resolveMaxSamples(value: unknown): number {
  if (value === undefined) return DEFAULT_MAX_SAMPLES_PER_SERIES;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 1_000_000) {
    throw new ConfigError('statsd.maxSamplesPerSeries', value, 'must be an integer between 1 and 1000000');
  }
  return value;
}

/** The Etsy daemon counts `|h` and `|d` lines as counters, so only `ms` makes sense for it. */
function resolveHistogramType(section: Record<string, unknown>, flavor: StatsdFlavor): DistributionType {
  const type = oneOf(section, 'histogramType', DISTRIBUTION_TYPES);
  if (type === undefined) return flavor === 'datadog' ? 'h' : 'ms';
  if (flavor === 'etsy' && type !== 'ms') {
    throw new ConfigError(
      'statsd.histogramType',
      type,
      'must be "ms" with flavor "etsy": the Etsy daemon treats |h and |d as counters',
    );
  }
  return type;
}

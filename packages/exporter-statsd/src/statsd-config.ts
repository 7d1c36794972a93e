import type { ResolvedConfig, StatsdConfig } from '@meterkit/core';
import { ConfigError, configTypes, readConfigSection } from '@meterkit/core/exporter-kit';
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

const FLAVORS: readonly StatsdFlavor[] = ['etsy', 'datadog', 'telegraf'];
const PROTOCOLS = ['udp', 'tcp', 'uds'] as const;
const DISTRIBUTION_TYPES: readonly DistributionType[] = ['ms', 'h', 'd'];
/** The largest single TCP write accepted (1 MiB). */
const MAX_TCP_PACKET_SIZE = 1_048_576;

/** Every key of the `statsd` section, read by the exporter kit's {@link readConfigSection}. */
const STATSD_KEYS = {
  address: { type: configTypes.string({ trim: true }) },
  flushPeriod: { type: configTypes.duration() },
  maxPacketSize: { type: configTypes.integer(MIN_PACKET_SIZE, MAX_TCP_PACKET_SIZE, 'bytes') },
  sampleRate: { type: configTypes.number(0, 1, { exclusiveMin: true }), default: 1 },
  protocol: { type: configTypes.oneOf(PROTOCOLS) },
  flavor: { type: configTypes.oneOf(FLAVORS), default: 'etsy' },
  maxSamplesPerSeries: { type: configTypes.integer(1, 1_000_000), default: DEFAULT_MAX_SAMPLES_PER_SERIES },
  histogramType: { type: configTypes.oneOf(DISTRIBUTION_TYPES) },
  prefixSeparator: { type: configTypes.oneOf(['.', '_']), default: '.' },
  keepObservations: { type: configTypes.boolean(), default: true },
} as const;

/**
 * Validates the `statsd` section of a resolved Config in full. Every problem is a
 * {@link ConfigError} naming the field (`statsd.maxPacketSize`) and the bad value.
 */
export function resolveStatsdConfig(config: ResolvedConfig): ResolvedStatsdConfig {
  const section = readConfigSection('statsd', config.statsd, STATSD_KEYS);
  const protocol = resolveProtocol(section.protocol, section.address);
  const flavor = section.flavor as StatsdFlavor;
  return {
    endpoint: parseStatsdAddress(section.address, protocol),
    flushPeriodMs: section.flushPeriod ?? config.flushIntervalMs,
    maxPacketSize: resolveMaxPacketSize(section.maxPacketSize, protocol),
    sampleRate: section.sampleRate,
    flavor,
    maxSamplesPerSeries: section.maxSamplesPerSeries,
    histogramType: resolveHistogramType(section.histogramType, flavor),
    prefixSeparator: section.prefixSeparator,
    keepObservations: section.keepObservations,
  };
}

/** An explicit protocol wins; otherwise a socket path means UDS and anything else UDP. */
function resolveProtocol(
  protocol: (typeof PROTOCOLS)[number] | undefined,
  address: string | undefined,
): 'udp' | 'tcp' | 'uds' {
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

/** The default and the upper limit depend on the protocol: a UDP datagram holds at most 65,507 bytes. */
function resolveMaxPacketSize(value: number | undefined, protocol: 'udp' | 'tcp' | 'uds'): number {
  if (value === undefined) return protocol === 'udp' ? DEFAULT_UDP_PACKET_SIZE : DEFAULT_STREAM_PACKET_SIZE;
  if (protocol !== 'tcp' && value > MAX_UDP_PACKET_SIZE) {
    throw new ConfigError(
      'statsd.maxPacketSize',
      value,
      `must be an integer number of bytes from ${MIN_PACKET_SIZE} to ${MAX_UDP_PACKET_SIZE} for ${protocol}`,
    );
  }
  return value;
}

/** The Etsy daemon counts `|h` and `|d` lines as counters, so only `ms` makes sense for it. */
function resolveHistogramType(type: DistributionType | undefined, flavor: StatsdFlavor): DistributionType {
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

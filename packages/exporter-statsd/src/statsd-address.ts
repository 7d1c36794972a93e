import { ConfigError } from '@meterkit/core';
import { redactUrl } from '@meterkit/core/exporter-kit';

/** Where packets go: a host and port (UDP, TCP) or a Unix domain socket path (UDS). */
export type StatsdEndpoint =
  | { readonly protocol: 'udp' | 'tcp'; readonly host: string; readonly port: number }
  | { readonly protocol: 'uds'; readonly path: string };

/** The StatsD default port, and the DogStatsD agent's default socket (the one hot-shots uses). */
export const DEFAULT_PORT = 8125;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_SOCKET_PATH = '/var/run/datadog/dsd.socket';

const HOST_PORT = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s/]+)):(\d{1,5})$/;

/** True for `unix:///path` and `/path`: an address that names a socket file, not a host. */
export function looksLikeSocketPath(address: string): boolean {
  return address.startsWith('unix://') || address.startsWith('/');
}

/**
 * Parses `statsd.address` for a protocol: `host:port` or `[ipv6]:port` for UDP and TCP, an absolute
 * path or `unix:///path` for UDS. Throws a {@link ConfigError} naming `statsd.address` otherwise.
 */
export function parseStatsdAddress(
  address: string | undefined,
  protocol: 'udp' | 'tcp' | 'uds',
): StatsdEndpoint {
  if (protocol === 'uds') {
    const raw = address ?? DEFAULT_SOCKET_PATH;
    const path = raw.startsWith('unix://') ? raw.slice('unix://'.length) : raw;
    if (!path.startsWith('/') || path.includes('\0')) {
      throw new ConfigError(
        'statsd.address',
        address === undefined ? undefined : redactUrl(address),
        'must be an absolute socket path or unix:///path for protocol "uds"',
      );
    }
    return { protocol, path };
  }
  if (address === undefined) return { protocol, host: DEFAULT_HOST, port: DEFAULT_PORT };
  const match = HOST_PORT.exec(address);
  if (!match) {
    // A rejected address may be a URL with credentials (`udp://user:pw@host:8125`): shown redacted.
    throw new ConfigError(
      'statsd.address',
      redactUrl(address),
      `must be "host:port" (or "[ipv6]:port") for protocol "${protocol}"`,
    );
  }
  const port = Number(match[3]);
  if (port < 1 || port > 65_535)
    throw new ConfigError('statsd.address', address, 'port must be between 1 and 65535');
  return { protocol, host: match[1] ?? match[2]!, port };
}

/** `host:port`, `[ipv6]:port` or the socket path, for error messages. */
export function describeEndpoint(endpoint: StatsdEndpoint): string {
  if (endpoint.protocol === 'uds') return `unix://${endpoint.path}`;
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  return `${endpoint.protocol}://${host}:${endpoint.port}`;
}

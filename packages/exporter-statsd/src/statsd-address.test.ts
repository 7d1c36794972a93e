import { ConfigError } from '@meterkit/core';
import { describe, expect, it } from 'vitest';
import { describeEndpoint, parseStatsdAddress } from './statsd-address.js';

describe('parseStatsdAddress', () => {
  it.each([
    ['127.0.0.1:8125', 'udp', { protocol: 'udp', host: '127.0.0.1', port: 8125 }],
    ['statsd.internal:9125', 'tcp', { protocol: 'tcp', host: 'statsd.internal', port: 9125 }],
    ['[::1]:8125', 'udp', { protocol: 'udp', host: '::1', port: 8125 }],
    [undefined, 'udp', { protocol: 'udp', host: '127.0.0.1', port: 8125 }],
    ['/var/run/dsd.socket', 'uds', { protocol: 'uds', path: '/var/run/dsd.socket' }],
    ['unix:///tmp/statsd.sock', 'uds', { protocol: 'uds', path: '/tmp/statsd.sock' }],
    [undefined, 'uds', { protocol: 'uds', path: '/var/run/datadog/dsd.socket' }],
  ] as const)('%s over %s', (address, protocol, expected) => {
    expect(parseStatsdAddress(address, protocol)).toEqual(expected);
  });

  it.each([
    ['localhost', 'udp', /host:port/],
    ['localhost:0', 'udp', /between 1 and 65535/],
    ['localhost:70000', 'tcp', /between 1 and 65535/],
    ['::1:8125', 'udp', /host:port/],
    ['relative/path.sock', 'uds', /absolute socket path/],
  ] as const)('rejects %s over %s', (address, protocol, message) => {
    const attempt = () => parseStatsdAddress(address, protocol);
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
    expect(attempt).toThrow(`statsd.address=${JSON.stringify(address)}`);
  });

  it('describes endpoints for error messages', () => {
    expect(describeEndpoint({ protocol: 'udp', host: '::1', port: 8125 })).toBe('udp://[::1]:8125');
    expect(describeEndpoint({ protocol: 'tcp', host: 'statsd', port: 1 })).toBe('tcp://statsd:1');
    expect(describeEndpoint({ protocol: 'uds', path: '/x.sock' })).toBe('unix:///x.sock');
  });
});

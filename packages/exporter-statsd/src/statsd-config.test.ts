import { ConfigError, type StatsdConfig, validateConfig } from '@meterkit/core';
import { describe, expect, it } from 'vitest';
import { resolveStatsdConfig } from './statsd-config.js';

const resolve = (statsd?: StatsdConfig, flushInterval?: string) =>
  resolveStatsdConfig(validateConfig({ provider: 'statsd', statsd, flushInterval }));

describe('resolveStatsdConfig', () => {
  it('fills in defaults: UDP to 127.0.0.1:8125, 1432-byte packets, the Config flush interval, etsy', () => {
    expect(resolve(undefined, '15s')).toEqual({
      endpoint: { protocol: 'udp', host: '127.0.0.1', port: 8125 },
      flushPeriodMs: 15_000,
      maxPacketSize: 1432,
      sampleRate: 1,
      flavor: 'etsy',
      maxSamplesPerSeries: 1000,
      histogramType: 'ms',
      prefixSeparator: '.',
      keepObservations: true,
    });
  });

  it('reads every field', () => {
    const config = resolve({
      address: 'dd-agent:8126',
      protocol: 'tcp',
      flushPeriod: '2s',
      maxPacketSize: 4096,
      sampleRate: 0.25,
      flavor: 'datadog',
      maxSamplesPerSeries: 50,
      histogramType: 'd',
      prefixSeparator: '_',
      keepObservations: false,
    });
    expect(config).toEqual({
      endpoint: { protocol: 'tcp', host: 'dd-agent', port: 8126 },
      flushPeriodMs: 2000,
      maxPacketSize: 4096,
      sampleRate: 0.25,
      flavor: 'datadog',
      maxSamplesPerSeries: 50,
      histogramType: 'd',
      prefixSeparator: '_',
      keepObservations: false,
    });
  });

  it('infers UDS from a socket path, with 8192-byte datagrams; datadog histograms default to |h', () => {
    const config = resolve({ address: 'unix:///var/run/datadog/dsd.socket', flavor: 'datadog' });
    expect(config.endpoint).toEqual({ protocol: 'uds', path: '/var/run/datadog/dsd.socket' });
    expect(config.maxPacketSize).toBe(8192);
    expect(config.histogramType).toBe('h');
    expect(resolve({ protocol: 'tcp' }).maxPacketSize).toBe(8192);
  });

  it.each([
    [{ maxPacketSize: 1432.5 }, 'statsd.maxPacketSize', /integer number of bytes/],
    [{ maxPacketSize: 70_000 }, 'statsd.maxPacketSize', /from 64 to 65507 for udp/],
    [{ maxPacketSize: 10 }, 'statsd.maxPacketSize', /=10: must be an integer number of bytes from 64/],
    [{ sampleRate: 0 }, 'statsd.sampleRate', /greater than 0 and at most 1/],
    [{ sampleRate: 1.5 }, 'statsd.sampleRate', /greater than 0 and at most 1/],
    [{ sampleRate: '0.5' }, 'statsd.sampleRate', /greater than 0/],
    [{ flavor: 'graphite' }, 'statsd.flavor', /"etsy", "datadog", "telegraf"/],
    [{ protocol: 'http' }, 'statsd.protocol', /"udp", "tcp", "uds"/],
    [{ protocol: 'udp', address: '/tmp/s.sock' }, 'statsd.address', /use "uds"/],
    [{ address: '' }, 'statsd.address', /non-empty string/],
    [{ flushPeriod: 'soon' }, 'statsd.flushPeriod', /duration/],
    [{ maxSamplesPerSeries: 0 }, 'statsd.maxSamplesPerSeries', /=0: must be an integer from 1 to 1000000/],
    [{ histogramType: 'h' }, 'statsd.histogramType', /treats \|h and \|d as counters/],
    [{ prefixSeparator: '/' }, 'statsd.prefixSeparator', /"\.", "_"/],
    [{ keepObservations: 'yes' }, 'statsd.keepObservations', /true or false/],
    [{ maxPacketSise: 512 }, 'statsd.maxPacketSise', /not a known field/],
  ])('rejects %j naming %s', (section, field, message) => {
    const attempt = () => resolve(section as StatsdConfig);
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect((error as ConfigError).field).toBe(field);
    }
  });
});

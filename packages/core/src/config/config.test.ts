import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { configFromEnv } from './config-from-env.js';
import { validateConfig } from './validate-config.js';

describe('validateConfig', () => {
  it('fills defaults and converts durations', () => {
    const resolved = validateConfig({
      provider: ['statsd', 'logger', 'statsd'],
      flushInterval: '15s',
      tags: { b: '2', a: '1' },
    });
    expect(resolved.providers).toEqual(['statsd', 'logger']);
    expect(resolved.flushIntervalMs).toBe(15_000);
    expect(resolved.endpoint).toBe('/metrics');
    expect(resolved.enabled).toBe(true);
    expect(resolved.tags).toEqual([
      { key: 'a', value: '1' },
      { key: 'b', value: '2' },
    ]);
  });

  it('takes the endpoint from prometheus.path when endpoint is not set', () => {
    expect(validateConfig({ provider: 'prometheus', prometheus: { path: '/prom' } }).endpoint).toBe('/prom');
  });

  it.each([
    [{}, 'provider'],
    [{ provider: [] }, 'provider'],
    [{ provider: 'influx' }, 'provider'],
    [{ provider: 'memory', enabled: 'yes' }, 'enabled'],
    [{ provider: 'memory', namespace: '1app' }, 'namespace'],
    [{ provider: 'memory', subsystem: 'a b' }, 'subsystem'],
    [{ provider: 'memory', endpoint: 'metrics' }, 'endpoint'],
    [{ provider: 'memory', flushInterval: -5 }, 'flushInterval'],
    [{ provider: 'memory', exportTimeout: 'soon' }, 'exportTimeout'],
    [{ provider: 'memory', statsd: 'localhost' }, 'statsd'],
    [{ provider: 'memory', onError: 'log' }, 'onError'],
    [{ provider: 'memory', exporters: {} }, 'exporters'],
    [{ provider: 'memory', tags: { k: 1 } }, 'tags'],
    [{ provider: 'memory', unknownField: true }, 'unknownField'],
  ])('rejects %j with a ConfigError on %s', (config, field) => {
    let error: unknown;
    try {
      validateConfig(config as never);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe(field);
    expect((error as ConfigError).message).toContain(field);
  });
});

describe('configFromEnv', () => {
  it('reads METERKIT_* variables', () => {
    const config = configFromEnv({
      METERKIT_PROVIDER: 'prometheus, statsd',
      METERKIT_NAMESPACE: 'shop',
      METERKIT_SUBSYSTEM: 'api',
      METERKIT_TAGS: 'env=prod,region=eu-west-1',
      METERKIT_FLUSH_INTERVAL: '5s',
      METERKIT_ENABLED: 'true',
      METERKIT_PROMETHEUS_PUSHGATEWAY: 'http://127.0.0.1:9091',
      METERKIT_PROMETHEUS_OPENMETRICS: 'false',
      METERKIT_STATSD_ADDRESS: '127.0.0.1:8125',
      METERKIT_STATSD_MAX_PACKET_SIZE: '512',
      METERKIT_STATSD_FLAVOR: 'datadog',
      METERKIT_OTEL_HEADERS: 'authorization=Bearer%20abc',
      METERKIT_LOGGER_FORMAT: 'logfmt',
    });
    expect(config).toEqual({
      provider: ['prometheus', 'statsd'],
      namespace: 'shop',
      subsystem: 'api',
      tags: { env: 'prod', region: 'eu-west-1' },
      flushInterval: '5s',
      enabled: true,
      prometheus: { pushGateway: 'http://127.0.0.1:9091', openMetrics: false },
      statsd: { address: '127.0.0.1:8125', maxPacketSize: 512, flavor: 'datadog' },
      opentelemetry: { headers: { authorization: 'Bearer abc' } },
      logger: { format: 'logfmt' },
    });
    expect(validateConfig(config).providers).toEqual(['prometheus', 'statsd']);
  });

  it('keeps the base config where no variable is set, and defaults to memory', () => {
    expect(configFromEnv({}, { namespace: 'x', statsd: { flavor: 'etsy' } })).toEqual({
      provider: 'memory',
      namespace: 'x',
      statsd: { flavor: 'etsy' },
    });
    expect(
      configFromEnv({ METERKIT_STATSD_SAMPLE_RATE: '0.5' }, { statsd: { flavor: 'etsy' } }).statsd,
    ).toEqual({
      flavor: 'etsy',
      sampleRate: 0.5,
    });
  });

  it('names the variable of a malformed value', () => {
    expect(() => configFromEnv({ METERKIT_ENABLED: 'maybe' })).toThrow(/METERKIT_ENABLED="maybe"/);
    expect(() => configFromEnv({ METERKIT_STATSD_MAX_PACKET_SIZE: 'big' })).toThrow(
      /METERKIT_STATSD_MAX_PACKET_SIZE/,
    );
    expect(() => configFromEnv({ METERKIT_TAGS: 'env' })).toThrow(/METERKIT_TAGS/);
    expect(() => validateConfig(configFromEnv({ METERKIT_PROVIDER: 'promethus' }))).toThrow(
      /provider="promethus"/,
    );
  });
});

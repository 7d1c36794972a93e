import { type Config, ConfigError, validateConfig } from '@meterkit/core';
import { describe, expect, it } from 'vitest';
import { resolvePrometheusSettings } from './prometheus-config.js';

function settings(prometheus: Record<string, unknown>, extra: Partial<Config> = {}) {
  return resolvePrometheusSettings(validateConfig({ provider: 'prometheus', ...extra, prometheus }));
}

describe('resolvePrometheusSettings', () => {
  it('fills in defaults: /metrics, OpenMetrics and gzip on, UTF-8 names off, no push', () => {
    expect(settings({})).toEqual({
      path: '/metrics',
      openMetrics: true,
      utf8Names: false,
      createdTimestamps: false,
      gzip: true,
      push: undefined,
      minCollectionIntervalMs: 2000,
      maxConcurrentScrapes: 256,
      responseTimeoutMs: 30_000,
      selfMetrics: true,
    });
  });

  it('reads every push option', () => {
    const resolved = settings({
      pushGateway: 'https://gw.example:9091',
      pushInterval: '30s',
      pushJobName: 'etl',
      groupings: { instance: 'w1' },
      pushAuth: { bearerToken: 't0ken' },
      pushHeaders: { 'X-Tenant': 'blue' },
      pushTimeout: 2500,
      pushRetries: 0,
      deleteOnStop: true,
    });
    expect(resolved.push).toEqual({
      url: 'https://gw.example:9091',
      job: 'etl',
      groupings: { instance: 'w1' },
      intervalMs: 30_000,
      auth: { bearerToken: 't0ken' },
      headers: { 'X-Tenant': 'blue' },
      timeoutMs: 2500,
      retries: 0,
      deleteOnStop: true,
    });
  });

  it('takes the path from endpoint or prometheus.path', () => {
    expect(settings({ path: '/custom' }).path).toBe('/custom');
    expect(settings({}, { endpoint: '/m' }).path).toBe('/m');
  });

  it.each([
    [{ pushGateway: 'not a url' }, 'prometheus.pushGateway'],
    [{ pushGateway: 'ftp://gw' }, 'prometheus.pushGateway'],
    [{ pushGateway: 'http://gw', pushInterval: 'soon' }, 'prometheus.pushInterval'],
    [{ pushGateway: 'http://gw', pushInterval: -1 }, 'prometheus.pushInterval'],
    [{ pushGateway: 'http://gw', pushJobName: '' }, 'prometheus.pushJobName'],
    [{ pushGateway: 'http://gw', groupings: { job: 'x' } }, 'prometheus.groupings.job'],
    [{ pushGateway: 'http://gw', groupings: { 'bad-name': 'x' } }, 'prometheus.groupings.bad-name'],
    [{ pushGateway: 'http://gw', groupings: { ok: 1 } }, 'prometheus.groupings.ok'],
    [{ pushGateway: 'http://gw', pushAuth: { username: 'u' } }, 'prometheus.pushAuth'],
    [{ pushGateway: 'http://gw', pushRetries: 1.5 }, 'prometheus.pushRetries'],
    [{ pushGateway: 'http://gw', deleteOnStop: 'yes' }, 'prometheus.deleteOnStop'],
    [{ deleteOnStop: true }, 'prometheus.deleteOnStop'],
    [{ openMetrics: 'no' }, 'prometheus.openMetrics'],
    [{ utf8Names: 'yes' }, 'prometheus.utf8Names'],
    [{ gzip: 1 }, 'prometheus.gzip'],
    [{ pushgateway: 'http://gw' }, 'prometheus.pushgateway'],
  ])('rejects %j naming %s', (section, field) => {
    let thrown: unknown;
    try {
      settings(section);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).field).toBe(field);
  });

  it('never echoes credentials in the error message', () => {
    expect(() => settings({ pushGateway: 'http://gw', pushAuth: { username: 'u', password: 7 } })).toThrow(
      'Invalid config prometheus.pushAuth.password="[redacted]"',
    );
  });
});

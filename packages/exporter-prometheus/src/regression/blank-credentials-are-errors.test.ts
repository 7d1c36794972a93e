import { type Config, ConfigError, createProvider, validateConfig } from '@meterkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { resolvePrometheusSettings } from '../prometheus-config.js';
import { PROMETHEUS_SECURITY_ENV as ENV, type Environment } from '../scrape-security-config.js';

/*
 * Issue 14, finding 8 (second half): a whitespace-only METERKIT_PROMETHEUS_BEARER_TOKEN silently
 * turned scrape authentication off: the metrics were served to anyone. A credential that is set but
 * empty or blank, from the environment or the Config, is now a ConfigError at createProvider that
 * names the variable or field and never echoes the value.
 */

function settingsError(prometheus: Record<string, unknown>, env: Environment = {}): unknown {
  try {
    resolvePrometheusSettings(validateConfig({ provider: 'prometheus', prometheus } as Config), env);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('blank credentials are errors, never "no auth"', () => {
  it.each([
    [ENV.bearerToken, '   '],
    [ENV.bearerToken, ''],
    [ENV.bearerToken, '\t\n'],
    [ENV.basicAuthPassword, ' '],
    [ENV.tlsKeyFile, ' '],
  ])('%s=%j is a ConfigError naming the variable', (variable, value) => {
    const env: Environment = {
      [ENV.basicAuthUsername]: variable === ENV.basicAuthPassword ? 'user' : undefined,
      [ENV.tlsCertFile]: variable === ENV.tlsKeyFile ? '/dev/null' : undefined,
      [variable]: value,
    };
    const error = settingsError({}, env);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe(variable);
    expect((error as ConfigError).message).toContain('[redacted]');
  });

  it.each<[Record<string, unknown>, string]>([
    [{ scrapeAuth: { bearerToken: '   ' } }, 'prometheus.scrapeAuth.bearerToken'],
    [{ scrapeAuth: { basic: { username: ' ', password: 'p' } } }, 'prometheus.scrapeAuth.basic.username'],
    [{ scrapeAuth: { basic: { username: 'u', password: '  ' } } }, 'prometheus.scrapeAuth.basic.password'],
    [
      { scrapeAuth: { basic: { username: 'u', password: 'p\r\nx' } } },
      'prometheus.scrapeAuth.basic.password',
    ],
    [{ pushGateway: 'http://gw:9091', pushAuth: { bearerToken: ' ' } }, 'prometheus.pushAuth.bearerToken'],
    [{ pushGateway: 'http://gw:9091', pushAuth: { bearerToken: 'a\nb' } }, 'prometheus.pushAuth.bearerToken'],
    [
      { pushGateway: 'http://gw:9091', pushAuth: { username: 'u', password: '' } },
      'prometheus.pushAuth.password',
    ],
  ])('%j is a ConfigError naming %s', (prometheus, field) => {
    const error = settingsError(prometheus);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe(field);
  });

  it('a real token still works, trimmed of the newline a secret file leaves', () => {
    const settings = resolvePrometheusSettings(validateConfig({ provider: 'prometheus' }), {
      [ENV.bearerToken]: 's3cret\n',
    });
    expect(settings.scrapeAuth).toEqual({ bearerToken: 's3cret' });
  });

  describe('through createProvider and process.env, as an application starts', () => {
    const saved = process.env[ENV.bearerToken];
    afterEach(() => {
      if (saved === undefined) delete process.env[ENV.bearerToken];
      else process.env[ENV.bearerToken] = saved;
    });

    it('a whitespace-only METERKIT_PROMETHEUS_BEARER_TOKEN stops start-up', async () => {
      process.env[ENV.bearerToken] = '   ';
      const error = await createProvider({ provider: 'prometheus' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).field).toBe(ENV.bearerToken);
    });
  });
});

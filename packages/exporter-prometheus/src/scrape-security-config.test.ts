import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Config, ConfigError, validateConfig } from '@meterkit/core';
import { createSelfSignedCert, type SelfSignedCert } from '@meterkit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePrometheusSettings } from './prometheus-config.js';
import { PROMETHEUS_SECURITY_ENV as ENV, type Environment } from './scrape-security-config.js';

let cert: SelfSignedCert;
let otherCert: SelfSignedCert;
beforeAll(async () => {
  [cert, otherCert] = await Promise.all([createSelfSignedCert(), createSelfSignedCert('other.test')]);
});
afterAll(async () => {
  await Promise.all([cert?.remove(), otherCert?.remove()]);
});

function settings(prometheus: Record<string, unknown>, env: Environment = {}, extra: Partial<Config> = {}) {
  return resolvePrometheusSettings(validateConfig({ provider: 'prometheus', ...extra, prometheus }), env);
}

function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('prometheus.scrapeAuth', () => {
  it('reads basic auth and a bearer token from the Config', () => {
    expect(settings({ scrapeAuth: { basic: { username: 'prom', password: 'p:w' } } }).scrapeAuth).toEqual({
      basic: { username: 'prom', password: 'p:w' },
    });
    expect(settings({ scrapeAuth: { bearerToken: 'abc.def' } }).scrapeAuth).toEqual({
      bearerToken: 'abc.def',
    });
  });

  it('falls back to the environment only when the Config leaves it unset', () => {
    const env = {
      [ENV.basicAuthUsername]: 'env-user',
      [ENV.basicAuthPassword]: 'env pass',
      [ENV.bearerToken]: ' env-token\n',
    };
    expect(settings({}, env).scrapeAuth).toEqual({
      basic: { username: 'env-user', password: 'env pass' },
      bearerToken: 'env-token',
    });
    expect(settings({ scrapeAuth: { bearerToken: 'config' } }, env).scrapeAuth).toEqual({
      bearerToken: 'config',
    });
    expect(settings({}).scrapeAuth).toBeUndefined();
  });

  it.each([
    [{ scrapeAuth: 'secret' }, 'prometheus.scrapeAuth'],
    [{ scrapeAuth: {} }, 'prometheus.scrapeAuth'],
    [{ scrapeAuth: { username: 'u', password: 'p' } }, 'prometheus.scrapeAuth.username'],
    [{ scrapeAuth: { basic: { username: 'a:b', password: 'p' } } }, 'prometheus.scrapeAuth.basic.username'],
    [{ scrapeAuth: { basic: { username: '', password: 'p' } } }, 'prometheus.scrapeAuth.basic.username'],
    [{ scrapeAuth: { basic: { username: 'u', password: '' } } }, 'prometheus.scrapeAuth.basic.password'],
    [{ scrapeAuth: { bearerToken: 'two words' } }, 'prometheus.scrapeAuth.bearerToken'],
    [{ scrapeAuth: { bearerToken: 42 } }, 'prometheus.scrapeAuth.bearerToken'],
  ])('rejects %j naming %s', (section, field) => {
    expect(configErrorOf(() => settings(section)).field).toBe(field);
  });

  it('rejects half a basic auth pair from the environment, naming the missing variable', () => {
    expect(configErrorOf(() => settings({}, { [ENV.basicAuthUsername]: 'u' })).field).toBe(
      ENV.basicAuthPassword,
    );
    expect(configErrorOf(() => settings({}, { [ENV.basicAuthPassword]: 'p' })).field).toBe(
      ENV.basicAuthUsername,
    );
  });

  it('never echoes a password or token in the error, not even under a mistyped key', () => {
    const cases = [
      { scrapeAuth: { basic: { username: 'u', password: 'hunter2 ' }, bearerToken: 'tok en-hunter2' } },
      { scrapeAuth: { basic: 'u:hunter2' } },
      { scrapeAuth: { bearer: 'hunter2' } },
      { scrapeAuht: { bearerToken: 'hunter2' } },
    ];
    for (const section of cases)
      expect(configErrorOf(() => settings(section)).message).not.toContain('hunter2');
  });
});

describe('prometheus.tls', () => {
  it('takes PEM text as is and reads file paths at start-up', () => {
    expect(settings({ tls: { key: cert.keyPem, cert: cert.certPem } }).tls).toEqual({
      key: cert.keyPem,
      cert: cert.certPem,
    });
    const fromFiles = settings({ tls: { key: cert.keyFile, cert: cert.certFile } }).tls;
    expect(fromFiles?.key.toString()).toBe(cert.keyPem);
    expect(fromFiles?.cert.toString()).toBe(cert.certPem);
  });

  it('falls back to METERKIT_PROMETHEUS_TLS_KEY_FILE / _CERT_FILE', () => {
    const env = { [ENV.tlsKeyFile]: cert.keyFile, [ENV.tlsCertFile]: cert.certFile };
    expect(settings({}, env).tls?.cert.toString()).toBe(cert.certPem);
    expect(settings({}).tls).toBeUndefined();
    expect(configErrorOf(() => settings({}, { [ENV.tlsKeyFile]: cert.keyFile })).field).toBe(ENV.tlsCertFile);
  });

  it('rejects a missing file, a key that does not match the certificate, and junk, without echoing keys', async () => {
    const missing = configErrorOf(() =>
      settings({ tls: { key: '/nonexistent/key.pem', cert: cert.certFile } }),
    );
    expect(missing.field).toBe('prometheus.tls.key');
    expect(missing.message).toContain('"/nonexistent/key.pem"');
    expect(missing.message).toContain('ENOENT');
    const mismatched = configErrorOf(() => settings({ tls: { key: otherCert.keyPem, cert: cert.certPem } }));
    expect(mismatched.field).toBe('prometheus.tls');
    expect(mismatched.message).not.toContain('PRIVATE KEY');
    const junkFile = join(cert.dir, 'junk.pem');
    await writeFile(junkFile, 'not a certificate');
    expect(configErrorOf(() => settings({ tls: { key: cert.keyFile, cert: junkFile } })).field).toBe(
      'prometheus.tls',
    );
    const armourless = cert.keyPem.split('\n').slice(1, -2).join('\n');
    const leaked = configErrorOf(() => settings({ tls: { key: armourless, cert: cert.certPem } }));
    expect(leaked.message).not.toContain(armourless.slice(0, 20));
    expect(configErrorOf(() => settings({ tls: { key: cert.keyPem } })).field).toBe('prometheus.tls.cert');
    expect(configErrorOf(() => settings({ tls: { ...cert, key: cert.keyPem } })).field).toMatch(
      /^prometheus\.tls\./,
    );
  });
});

describe('scrape limits', () => {
  it('reads minCollectionInterval as a duration (0 is off) and maxResponseBytes as bytes', () => {
    const resolved = settings({ minCollectionInterval: '5s', maxResponseBytes: 4 * 1024 * 1024 });
    expect(resolved.minCollectionIntervalMs).toBe(5000);
    expect(resolved.maxResponseBytes).toBe(4_194_304);
    expect(settings({ minCollectionInterval: 0 }).minCollectionIntervalMs).toBe(0);
    expect(settings({}).minCollectionIntervalMs).toBe(2000);
    expect(settings({ maxConcurrentScrapes: 8, responseTimeout: '5s' })).toMatchObject({
      maxConcurrentScrapes: 8,
      responseTimeoutMs: 5000,
    });
    expect(settings({}).maxResponseBytes).toBeUndefined();
  });

  it.each([
    [{ minCollectionInterval: 'often' }, 'prometheus.minCollectionInterval'],
    [{ minCollectionInterval: -5 }, 'prometheus.minCollectionInterval'],
    [{ maxResponseBytes: '1MB' }, 'prometheus.maxResponseBytes'],
    [{ maxResponseBytes: 100 }, 'prometheus.maxResponseBytes'],
    [{ maxResponseBytes: 2048.5 }, 'prometheus.maxResponseBytes'],
    [{ maxConcurrentScrapes: 0 }, 'prometheus.maxConcurrentScrapes'],
    [{ maxConcurrentScrapes: '10' }, 'prometheus.maxConcurrentScrapes'],
    [{ responseTimeout: 'forever' }, 'prometheus.responseTimeout'],
    [{ selfMetrics: 'yes' }, 'prometheus.selfMetrics'],
  ])('rejects %j naming %s', (section, field) => {
    expect(configErrorOf(() => settings(section)).field).toBe(field);
  });
});

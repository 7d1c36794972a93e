import { ConfigError, configFromEnv, createProvider, validateConfig } from '@meterkit/core';
import { describe, expect, it } from 'vitest';
import { resolveRemoteWriteSettings } from './remote-write-config.js';

const resolve = (remoteWrite: Record<string, unknown>, env: Record<string, string> = {}) =>
  resolveRemoteWriteSettings(validateConfig({ provider: 'remote-write', remoteWrite }), env);

describe('resolveRemoteWriteSettings', () => {
  it('fills in the documented defaults', () => {
    const settings = resolve({ url: 'http://prometheus:9090/api/v1/write' });
    expect(settings).toMatchObject({
      intervalMs: 10_000,
      timeoutMs: 30_000,
      maxSamplesPerRequest: 2_000,
      maxQueuedSamples: 500_000,
      minBackoffMs: 30,
      maxBackoffMs: 5_000,
      labels: [],
      bearerToken: undefined,
      basicAuth: undefined,
    });
    expect(settings.url.href).toBe('http://prometheus:9090/api/v1/write');
  });

  it('sorts labels and reads credentials and the CA from the environment', () => {
    const settings = resolve(
      { url: 'https://mimir/api/v1/push', labels: { job: 'api', instance: 'pod-1' } },
      { METERKIT_REMOTE_WRITE_BEARER_TOKEN: 'tok', METERKIT_REMOTE_WRITE_CA_FILE: '' },
    );
    expect(settings.labels).toEqual([
      { key: 'instance', value: 'pod-1' },
      { key: 'job', value: 'api' },
    ]);
    expect(settings.bearerToken).toBe('tok');
  });

  it.each([
    [{}, 'remoteWrite.url'],
    [{ url: 'ftp://x' }, 'must use http or https'],
    [{ url: 'http://x', headers: { 'Content-Encoding': 'gzip' } }, 'cannot be replaced'],
    [
      { url: 'http://x', bearerToken: 'a', basicAuth: { username: 'u', password: 'p' } },
      'cannot both be set',
    ],
    [{ url: 'http://x', labels: { __name__: 'x' } }, 'reserved'],
    [{ url: 'http://x', labels: { le: '1' } }, 'histograms'],
    [{ url: 'http://x', maxSamplesPerRequest: 0 }, 'at least 1'],
    [{ url: 'http://x', maxSamplesPerRequest: 100, maxQueuedSamples: 50 }, 'at least 100'],
    [{ url: 'http://x', interval: 'often' }, 'remoteWrite.interval'],
    [{ url: 'http://x', bearerTokn: 'secret' }, 'remoteWrite.bearerTokn="[redacted]": is not a known field'],
  ])('rejects %j with a ConfigError (%s)', (section, message) => {
    expect(() => resolve(section)).toThrow(ConfigError);
    expect(() => resolve(section)).toThrow(message);
  });

  it('never echoes a secret: URL credentials, tokens, passwords, header values, mistyped keys', () => {
    const attempts = [
      { url: 'ftp://user:hunter2@x' },
      { url: 'http://user:hunter2@x', bearerToken: 'hunter2 with space' },
      { url: 'http://x', basicAuth: { username: 'u', password: 42 } },
      { url: 'http://x', basicAuth: { username: 'u', password: 'hunter2' }, bearerToken: 'hunter2' },
      { url: 'http://x', headers: { 'X-Key': 7, 'X-Token': 'hunter2' } },
      { url: 'http://x', bearerTokn: 'hunter2' },
    ];
    for (const section of attempts) {
      expect(() => resolve(section)).toThrow(ConfigError);
      try {
        resolve(section);
      } catch (error) {
        expect((error as Error).message).not.toContain('hunter2');
      }
    }
  });
});

describe("provider: 'remote-write'", () => {
  it('is a known backend name, from Config and from METERKIT_PROVIDER / METERKIT_REMOTE_WRITE_*', async () => {
    const config = configFromEnv({
      METERKIT_PROVIDER: 'remote-write',
      METERKIT_REMOTE_WRITE_URL: 'http://127.0.0.1:9/api/v1/write',
      METERKIT_REMOTE_WRITE_INTERVAL: '15s',
      METERKIT_REMOTE_WRITE_LABELS: 'job=api,instance=pod-1',
      METERKIT_REMOTE_WRITE_HEADERS: 'X-Scope-OrgID=tenant-a',
    });
    expect(config.provider).toBe('remote-write');
    const settings = resolveRemoteWriteSettings(validateConfig(config), {});
    expect(settings.intervalMs).toBe(15_000);
    expect(settings.headers).toEqual({ 'X-Scope-OrgID': 'tenant-a' });
    expect(settings.labels.map((label) => label.key)).toEqual(['instance', 'job']);
    // createProvider loads exporter-prometheus's createRemoteWriteExporter for the name.
    const provider = await createProvider(config);
    expect(provider.registry()).toBeDefined();
    await expect(createProvider({ provider: 'remote-write' })).rejects.toThrow('remoteWrite.url');
  });
});

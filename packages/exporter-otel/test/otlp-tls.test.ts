import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OtlpExportError } from '../src/index.js';
import { createHarness, withEnv } from './harness.js';
import { OtlpReceiver } from './otlp-receiver.js';

let receiver: OtlpReceiver;
let dir: string;

beforeAll(async () => {
  // A self-signed certificate for 127.0.0.1, made by the openssl binary (fails the test if missing).
  dir = mkdtempSync(join(tmpdir(), 'meterkit-otel-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  receiver = await OtlpReceiver.start({
    key: readFileSync(join(dir, 'key.pem'), 'utf8'),
    cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
  });
});

afterAll(async () => {
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('OTLP over https', () => {
  it('refuses a self-signed collector by default', async () => {
    const h = await createHarness({ collectorUrl: receiver.url, timeout: 1000 });
    h.provider.counter('tls').inc();
    const failure = await h.exportNow().catch((e: unknown) => e);
    await h.exporter.shutdown();
    expect(failure).toBeInstanceOf(OtlpExportError);
    expect((failure as Error).message).toMatch(/self[- ]signed|certificate/i);
  });

  it('accepts it with insecure: true', async () => {
    const start = receiver.requests.length;
    const h = await createHarness({ collectorUrl: receiver.url, insecure: true });
    h.provider.counter('tls').add(2);
    await h.exportNow();
    await h.exporter.shutdown();
    expect(h.errors).toEqual([]);
    expect(receiver.requests[start]!.scopes[0]!.metrics[0]).toMatchObject({
      name: 'tls',
      points: [{ value: 2 }],
    });
  });

  it('trusts it through OTEL_EXPORTER_OTLP_CERTIFICATE', async () => {
    const start = receiver.requests.length;
    await withEnv({ OTEL_EXPORTER_OTLP_CERTIFICATE: join(dir, 'cert.pem') }, async () => {
      const h = await createHarness({ collectorUrl: receiver.url });
      h.provider.counter('tls').add(3);
      await h.exportNow();
      await h.exporter.shutdown();
    });
    expect(receiver.requests[start]!.scopes[0]!.metrics[0]).toMatchObject({
      name: 'tls',
      points: [{ value: 3 }],
    });
  });
});

import { createSelfSignedCert, OtlpReceiver, type SelfSignedCert } from '@meterkit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OtlpExportError } from '../src/index.js';
import { createHarness, withEnv } from './harness.js';

let receiver: OtlpReceiver;
let cert: SelfSignedCert;

beforeAll(async () => {
  // A self-signed certificate for 127.0.0.1 (and meterkit.test), made by the openssl binary (fails the test if missing).
  cert = await createSelfSignedCert();
  receiver = await OtlpReceiver.start({ tls: { key: cert.keyPem, cert: cert.certPem } });
});

afterAll(async () => {
  await receiver.close();
  await cert.remove();
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
    await withEnv({ OTEL_EXPORTER_OTLP_CERTIFICATE: cert.certFile }, async () => {
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

import { createProvider } from '@meterkit/core';
import { freePort, OtlpReceiver } from '@meterkit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OtlpExportError } from '../src/index.js';
import { createHarness } from './harness.js';

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await OtlpReceiver.start();
});
afterAll(async () => {
  await receiver.close();
});

/** A port nothing listens on. */
const closedPort = freePort;

describe('OTLP transport failures', () => {
  it('rejects export() with an OtlpExportError naming the URL when the collector is down', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/v1/metrics`;
    const h = await createHarness({ collectorUrl: url, timeout: 300 });
    h.provider.counter('down').inc();
    const failure = await h.exporter.export(await h.provider.registry().snapshot()).catch((e: unknown) => e);
    await h.exporter.shutdown();
    expect(failure).toBeInstanceOf(OtlpExportError);
    expect((failure as OtlpExportError).url).toBe(url);
    expect((failure as Error).message).toContain(url);
    expect((failure as Error).message).toMatch(/ECONNREFUSED|timed out/);
  });

  it('reports an HTTP 500 with its status and body, without retrying', async () => {
    const start = receiver.requests.length;
    receiver.reply = () => ({ status: 500, body: 'collector exploded' });
    try {
      const h = await createHarness({ collectorUrl: receiver.url, protocol: 'http/json' });
      h.provider.counter('five_hundred').inc();
      const failure = (await h.exportNow().catch((e: unknown) => e)) as OtlpExportError;
      await h.exporter.shutdown();
      expect(failure).toBeInstanceOf(OtlpExportError);
      expect(failure.status).toBe(500);
      expect(failure.message).toContain('collector exploded');
      expect(receiver.requests.length - start).toBe(1);
    } finally {
      receiver.reply = () => ({ status: 200 });
    }
  });

  it("reports an HTTP 400 with the collector's message", async () => {
    receiver.reply = () => ({ status: 400, body: 'invalid metric name' });
    try {
      const h = await createHarness({ collectorUrl: receiver.url, protocol: 'http/json' });
      h.provider.counter('bad_request').inc();
      const failure = (await h.exportNow().catch((e: unknown) => e)) as OtlpExportError;
      await h.exporter.shutdown();
      expect(failure).toBeInstanceOf(OtlpExportError);
      expect(failure.status).toBe(400);
      expect(failure.message).toContain('invalid metric name');
    } finally {
      receiver.reply = () => ({ status: 200 });
    }
  });

  it('delivers later exports once a collector that was down at start comes up', async () => {
    const port = await closedPort();
    const errors: Error[] = [];
    const provider = await createProvider({
      provider: 'opentelemetry',
      flushInterval: 100,
      opentelemetry: { collectorUrl: `http://127.0.0.1:${port}/v1/metrics`, timeout: 200 },
      onError: (error) => errors.push(error),
    });
    const jobs = provider.counter('jobs_total');
    jobs.add(5);
    await provider.start();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(errors.length).toBeGreaterThanOrEqual(1);
    const late = await OtlpReceiver.start({ port });
    try {
      jobs.add(2);
      await late.waitFor(1);
      await provider.stop();
      const values = late.metrics('jobs_total').map((m) => m.points[0]?.value);
      // Cumulative temporality: whatever gets through carries everything recorded before it (an
      // attempt begun while the collector was down may still land, with 5); the last one has all.
      expect(values.length).toBeGreaterThanOrEqual(1);
      for (const value of values) expect([5, 7]).toContain(value);
      expect(values.at(-1)).toBe(7);
    } finally {
      await provider.stop();
      await late.close();
    }
  });

  it('retries a 503 as the SDK does and succeeds when the collector recovers', async () => {
    const start = receiver.requests.length;
    receiver.reply = (index) =>
      index === start ? { status: 503, headers: { 'retry-after': '0' } } : { status: 200 };
    try {
      const h = await createHarness({ collectorUrl: receiver.url });
      h.provider.counter('retried').add(2);
      await h.exportNow();
      await h.exporter.shutdown();
      expect(h.errors).toEqual([]);
      const sent = receiver.requests.slice(start);
      expect(sent).toHaveLength(2);
      expect(sent[1]!.scopes[0]!.metrics[0]).toMatchObject({ name: 'retried', points: [{ value: 2 }] });
    } finally {
      receiver.reply = () => ({ status: 200 });
    }
  });

  it('gives up on a slow collector after the timeout and reports it', async () => {
    receiver.reply = () => ({ status: 200, delayMs: 2000 });
    try {
      const h = await createHarness({ collectorUrl: receiver.url, timeout: 250 });
      h.provider.counter('slow').inc();
      // The reply would arrive (a success) after 2 s: an error proves the export was abandoned.
      const failure = await h.exportNow().catch((e: unknown) => e);
      await h.exporter.shutdown();
      expect(failure).toBeInstanceOf(OtlpExportError);
      expect((failure as Error).message).toMatch(/timed out|timeout/i);
    } finally {
      receiver.reply = () => ({ status: 200 });
    }
  });

  it('reaches the error handler through the provider and never throws into the application', async () => {
    const errors: Array<{ error: Error; source: string }> = [];
    const provider = await createProvider({
      provider: 'opentelemetry',
      opentelemetry: { collectorUrl: `http://127.0.0.1:${await closedPort()}`, timeout: 200 },
      onError: (error, source) => errors.push({ error, source }),
    });
    provider.counter('unreachable').inc();
    await provider.stop();
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(errors[0]!.error).toBeInstanceOf(OtlpExportError);
    expect(errors[0]!.source).toContain('opentelemetry');
  });
});

describe('lifecycle', () => {
  it('stop() sends the final snapshot before releasing the exporter', async () => {
    const start = receiver.requests.length;
    const provider = await createProvider({
      provider: 'opentelemetry',
      flushInterval: '1h',
      opentelemetry: { collectorUrl: receiver.url },
    });
    await provider.start();
    provider.counter('final').add(42);
    await provider.stop();
    const sent = receiver.requests.slice(start);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.scopes[0]!.metrics).toEqual([
      expect.objectContaining({ name: 'final', points: [expect.objectContaining({ value: 42 })] }),
    ]);
  });

  it('does nothing before the first export: no request, no timer keeping the process alive', async () => {
    const start = receiver.requests.length;
    const h = await createHarness({ collectorUrl: receiver.url });
    await h.exporter.shutdown();
    expect(receiver.requests.length).toBe(start);
    expect(h.exporter.exportIntervalMs).toBe(10_000);
  });
});

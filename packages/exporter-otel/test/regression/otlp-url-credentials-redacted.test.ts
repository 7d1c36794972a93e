/*
 * Issue 14, item 8, OTLP side: credentials (`user:pass@`) and query-string tokens of
 * `opentelemetry.collectorUrl` never reach an error message, whether the export fails or the
 * URL is rejected at start-up.
 */
import { createProvider } from '@meterkit/core';
import { freePort, OtlpReceiver } from '@meterkit/test-support';
import { describe, expect, it } from 'vitest';

const USER = 'otlp-user';
const PASSWORD = 'otlp-pa55';
const TOKEN = 'otlp-t0ken';
const SECRETS = new RegExp(`${USER}|${PASSWORD}|${TOKEN}`);

/** Message, stack and own fields of an error and of its causes. */
function everything(error: unknown): string {
  const parts: string[] = [];
  for (let current = error as Error | undefined; current; current = current.cause as Error | undefined) {
    parts.push(String(current.message), String(current.stack));
  }
  return parts.join('\n');
}

describe('OTLP collector URL credentials', () => {
  it('never appear in the error of a failing export passed to onError', async () => {
    const port = await freePort();
    const errors: Error[] = [];
    const provider = await createProvider({
      provider: 'opentelemetry',
      opentelemetry: {
        collectorUrl: `http://${USER}:${PASSWORD}@127.0.0.1:${port}/v1/metrics?api_key=${TOKEN}`,
        timeout: 300,
      },
      onError: (error) => errors.push(error),
    });
    provider.counter('jobs').inc();
    await provider.stop();
    const exportErrors = errors.filter((error) => error.name === 'OtlpExportError');
    expect(exportErrors.length).toBeGreaterThan(0);
    for (const error of exportErrors) {
      expect(error.message).toContain(`http://redacted@127.0.0.1:${port}/v1/metrics?api_key=redacted`);
      expect(error.message).not.toMatch(SECRETS);
      expect((error as Error & { url: string }).url).not.toMatch(SECRETS);
    }
  });

  it('never appear in the ConfigError of a collector URL it cannot use', async () => {
    const error = await createProvider({
      provider: 'opentelemetry',
      opentelemetry: { collectorUrl: `grpc://${USER}:${PASSWORD}@collector:4317/?token=${TOKEN}` },
    }).catch((e: unknown) => e);
    expect((error as Error).message).toContain('opentelemetry.collectorUrl');
    expect(everything(error)).not.toMatch(SECRETS);
  });

  it('still reach the collector as given (the URL is only redacted where it is shown)', async () => {
    const receiver = await OtlpReceiver.start();
    try {
      const provider = await createProvider({
        provider: 'opentelemetry',
        opentelemetry: { collectorUrl: `${receiver.url}?api_key=${TOKEN}`, protocol: 'http/json' },
      });
      provider.counter('jobs').inc();
      await provider.stop();
      expect(receiver.requests.length).toBeGreaterThan(0);
    } finally {
      await receiver.close();
    }
  });
});

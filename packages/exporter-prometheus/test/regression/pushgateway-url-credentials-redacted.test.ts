/*
 * Issue 14, item 8: Pushgateway URL credentials (`user:pass@`) and query tokens appeared in every
 * push error message. Neither may reach the error handler, nor a ConfigError.
 */
import { createProvider } from '@meterkit/core';
import { freePort } from '@meterkit/test-support';
import { describe, expect, it } from 'vitest';
import { PushgatewayClient } from '../../src/pushgateway-client.js';

const USER = 'alice-user';
const PASSWORD = 's3cr3t-pw';
const TOKEN = 't0ken-in-query';

/** Every text an error carries: message, stack, name, and the same of its causes. */
function everything(error: unknown): string {
  const parts: string[] = [];
  for (let current = error as Error | undefined; current; current = current.cause as Error | undefined) {
    parts.push(String(current.message), String(current.stack), JSON.stringify(current));
  }
  return parts.join('\n');
}

describe('Pushgateway URL credentials', () => {
  it('never appear in the error a failing push passes to onError', async () => {
    const port = await freePort(); // nothing listens: every attempt is refused
    const errors: Error[] = [];
    const provider = await createProvider({
      provider: 'prometheus',
      prometheus: {
        pushGateway: `http://${USER}:${PASSWORD}@127.0.0.1:${port}/prefix?token=${TOKEN}`,
        pushRetries: 1,
      },
      onError: (error) => errors.push(error),
    });
    provider.counter('jobs').inc();
    await provider.stop(); // the final push fails
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) {
      const text = everything(error);
      expect(text).toContain(`127.0.0.1:${port}/prefix/metrics/job/meterkit`);
      expect(text).not.toContain(USER);
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(TOKEN);
    }
  });

  it('never appear in a rejection or timeout error of the client itself', async () => {
    const port = await freePort();
    const client = new PushgatewayClient({
      url: `http://${USER}:${PASSWORD}@127.0.0.1:${port}`,
      job: 'j',
      retries: 0,
    });
    const error = await client.push('x 1\n').catch((e: unknown) => e);
    expect((error as Error).message).toContain('http://redacted@127.0.0.1');
    expect(everything(error)).not.toMatch(new RegExp(`${USER}|${PASSWORD}`));
  });

  it('never appear in the ConfigError of a bad pushGateway URL', async () => {
    const error = await createProvider({
      provider: 'prometheus',
      prometheus: { pushGateway: `ftp://${USER}:${PASSWORD}@gw:9091/?token=${TOKEN}` },
    }).catch((e: unknown) => e);
    expect((error as Error).message).toContain('prometheus.pushGateway');
    expect(everything(error)).not.toMatch(new RegExp(`${USER}|${PASSWORD}|${TOKEN}`));
  });
});

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProvider, type Provider } from '@meterkit/core';
import { promtoolCheckMetrics } from '@meterkit/test-support';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/*
 * Issue 14: "the scrape still parses with promtool check metrics". fast-check drives every public
 * recording method with arbitrary values (numbers at the edges, strings, bigint, objects), arbitrary
 * tags and help texts, through a provider with the Prometheus backend; every call records as
 * documented or throws a typed error, and then the real scrape (text 0.0.4, over HTTP from
 * `provider.handler()`) is read by promtool, a parser meterkit did not write. Before the fix,
 * `gauge.set('abc')` alone made the whole scrape unparseable (Prometheus marks the target down).
 */

async function scrape(provider: Provider): Promise<string> {
  const server = createServer(provider.handler());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { accept: 'text/plain' } });
    expect(response.status).toBe(200);
    return await response.text();
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

const value: fc.Arbitrary<unknown> = fc.oneof(
  fc.double(),
  fc.constantFrom(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -0,
    Number.MAX_VALUE,
    1e-320,
  ),
  fc.bigInt(),
  fc.string(),
  fc.anything(),
);
/** Tag values and help texts: any UTF-16 (quotes, backslashes, newlines, lone surrogates included). */
const text = fc.string({ unit: 'binary', maxLength: 20 });
const tags = fc.dictionary(
  fc.constantFrom('route', 'status', 'le', 'quantile', 'meterkit_overflow', 'bad-key'),
  text,
  {
    maxKeys: 2,
  },
);
const KINDS = ['counter', 'gauge', 'histogram', 'summary', 'timer'] as const;
const METHODS = {
  counter: ['add', 'inc'],
  gauge: ['set', 'add', 'sub', 'inc', 'dec'],
  histogram: ['observe'],
  summary: ['observe'],
  timer: ['record', 'time'],
} as const;

/** A metric or child seen through its methods by name, as the arbitrary calls use it. */
type Recorder = Record<string, (value: unknown) => void> & { withTags(tags: object): Recorder };

const call = fc.record({
  kind: fc.constantFrom(...KINDS),
  method: fc.nat(4),
  name: fc.constantFrom('jobs', 'queue', 'latency', 'size', 'meterkit_x', 'bad name'),
  help: text,
  tags,
  value,
});

describe('arbitrary input through the Prometheus backend', () => {
  it('every call records or throws a typed error, and promtool parses the scrape cleanly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(call, { minLength: 1, maxLength: 25 }), async (calls) => {
        const provider = await createProvider({ provider: 'prometheus', onError: () => {} });
        try {
          for (const { kind, method: m, name, help, tags: t, value: v } of calls) {
            const methods = METHODS[kind];
            const method = methods[m % methods.length]!;
            try {
              // One name per kind, so no name is asked for as two types.
              const create = provider[kind].bind(provider) as unknown as (
                name: string,
                options: object,
              ) => Recorder;
              const metric = create(
                `${name}_${kind.slice(0, 2)}`,
                // promtool lints an empty HELP; the arbitrary part is what must survive escaping.
                { description: `Help ${help}` },
              );
              const child = metric.withTags(t);
              child[method]!(v);
            } catch (error) {
              expect(String((error as { code?: unknown }).code)).toMatch(/^METERKIT_/);
            }
          }
          // A valid call after all of that still records.
          provider.counter('after_total', { description: 'Recorded after the arbitrary calls' }).inc();
          const body = await scrape(provider);
          expect(body).toContain('after_total 1\n');
          const result = await promtoolCheckMetrics(body);
          // The one lint finding allowed: `le` / `quantile` as a tag of a counter or gauge, which
          // Prometheus accepts (meterkit refuses them only where it writes them itself).
          const findings = result.stderr.split('\n').filter((line) => line !== '');
          const allowed = /non-(histogram|summary) metrics should not have "(le|quantile)" label$/;
          expect(
            findings.filter((line) => !allowed.test(line)),
            body,
          ).toEqual([]);
          expect(result.exitCode === 0 || (result.exitCode === 3 && findings.length > 0), body).toBe(true);
        } finally {
          await provider.stop();
        }
      }),
      {
        numRuns: 40,
        // The review's own cases run every time, whatever the random draw.
        examples: [
          [
            [
              { kind: 'gauge', method: 0, name: 'queue', help: '', tags: {}, value: 'abc' },
              { kind: 'counter', method: 0, name: 'jobs', help: '', tags: {}, value: '5' },
              { kind: 'histogram', method: 0, name: 'size', help: '', tags: {}, value: undefined },
              { kind: 'summary', method: 0, name: 'latency', help: '', tags: {}, value: 2 },
              {
                kind: 'summary',
                method: 0,
                name: 'latency',
                help: '',
                tags: {},
                value: Number.POSITIVE_INFINITY,
              },
              { kind: 'summary', method: 0, name: 'latency', help: '', tags: {}, value: -2 },
              {
                kind: 'summary',
                method: 0,
                name: 'latency',
                help: '',
                tags: {},
                value: Number.NEGATIVE_INFINITY,
              },
            ],
          ],
        ],
      },
    );
  }, 300_000);
});

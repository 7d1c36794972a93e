import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../config/config-from-env.js';
import {
  ConfigError,
  InvalidMetricNameError,
  InvalidMetricOptionsError,
  InvalidTagError,
} from '../errors.js';
import { createProvider } from '../provider/create-provider.js';

/*
 * Issue 14, finding 9: `info(42)` threw a JS-internal TypeError; `withTags(new Map(...))` recorded on
 * the untagged series without a word; `clock: 'x'`, `exporters: [{}]` and header values with CR/LF
 * passed createProvider and failed at the first metric or export; `METERKIT_TAGS=__proto__=x` was
 * dropped silently. Each is now a typed error (with a stable `code`) naming the bad input, at
 * createProvider or at metric creation.
 */

async function startUpError(config: Record<string, unknown>): Promise<unknown> {
  return createProvider({ provider: 'memory', ...config }).then(
    (provider) => provider.stop(),
    (error: unknown) => error,
  );
}

describe('bad input is a typed error where it is given', () => {
  it('info(42) is an InvalidMetricNameError, not a JS-internal TypeError', async () => {
    const provider = await createProvider({ provider: 'memory' });
    const info = () => provider.info(42 as unknown as string);
    expect(info).toThrow(InvalidMetricNameError);
    expect(info).toThrow(/42/);
  });

  it('withTags(new Map(...)) is an InvalidTagError, and nothing is recorded', async () => {
    const provider = await createProvider({ provider: 'memory' });
    const counter = provider.counter('requests_total');
    const map = new Map([['method', 'GET']]);
    expect(() => counter.withTags(map as unknown as Record<string, string>)).toThrow(InvalidTagError);
    expect(() => counter.withTags(map as unknown as Record<string, string>)).toThrow(/Object\.fromEntries/);
    expect(() => provider.withTags(map as unknown as Record<string, string>)).toThrow(InvalidTagError);
    expect(() => provider.counter('other_total', { tags: map as unknown as Record<string, string> })).toThrow(
      InvalidTagError,
    );
    expect(() => counter.withTags(new Date() as unknown as Record<string, string>)).toThrow(InvalidTagError);
    expect(() => counter.withTags(new Set(['a']) as unknown as Record<string, string>)).toThrow(
      InvalidTagError,
    );
    expect(counter.value()).toBe(0);
    // A plain empty record is still "no tags".
    counter.withTags({}).inc();
    expect(counter.value()).toBe(1);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['clock: "x"', { clock: 'x' }, 'clock'],
    ['clock without monotonic()', { clock: { now: () => 0 } }, 'clock'],
    ['exporters: [{}]', { exporters: [{}] }, 'exporters[0].name'],
    [
      'an exporter without shutdown()',
      { exporters: [{ name: 'x', export: async () => {} }] },
      'exporters[0].shutdown',
    ],
    ['a factory returning junk', { exporters: [() => 42] }, 'exporters[0]()'],
    [
      'a header value with CR/LF',
      { opentelemetry: { headers: { 'x-api-key': 'a\r\nInjected: 1' } } },
      'opentelemetry.headers.x-api-key',
    ],
    [
      'a header name with a space',
      { opentelemetry: { headers: { 'x key': 'v' } } },
      'opentelemetry.headers.x key',
    ],
    [
      'a Pushgateway header with LF',
      { prometheus: { pushHeaders: { 'x-token': 'a\nb' } } },
      'prometheus.pushHeaders.x-token',
    ],
    ['a filter that is not one', { filters: [{ rename: 'x' }] }, 'filters'],
    ['an empty filter', { filters: [{}] }, 'filters'],
    ['a Map as global tags', { tags: new Map([['a', 'b']]) }, 'tags'],
  ])('%s is a ConfigError at createProvider naming %3$s', async (_, config, field) => {
    const error = await startUpError(config);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('METERKIT_INVALID_CONFIG');
    expect((error as ConfigError).field).toBe(field);
  });

  it('a header value is never echoed: it is often a credential', async () => {
    const error = (await startUpError({
      opentelemetry: { headers: { authorization: 'Bearer s3cret\r\n' } },
    })) as Error;
    expect(error.message).not.toContain('s3cret');
  });

  it('METERKIT_TAGS=__proto__=x is a ConfigError naming the variable, not silently dropped', () => {
    const read = () => configFromEnv({ METERKIT_TAGS: '__proto__=x,team=a' });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(/METERKIT_TAGS/);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('metric options of the wrong type are InvalidMetricOptionsErrors at creation', async () => {
    const provider = await createProvider({ provider: 'memory' });
    const bad: Array<[() => unknown, string]> = [
      [() => provider.counter('a_total', 'help text' as never), 'options'],
      [() => provider.counter('b_total', { description: 42 as never }), 'description'],
      [() => provider.gauge('c', { unit: {} as never }), 'unit'],
      [() => provider.summary('d', { quantiles: [0.5, 0.5] }), 'quantiles'],
      [() => provider.histogram('e', { sampleRate: 5e-324 }), 'sampleRate'],
      [() => provider.registry().registerCallback('f', () => 1, { monotonic: 'yes' as never }), 'monotonic'],
      [() => provider.registry().registerCallback('g', 42 as never), 'callback'],
    ];
    for (const [create, option] of bad) {
      let thrown: unknown;
      try {
        create();
      } catch (error) {
        thrown = error;
      }
      expect(thrown, option).toBeInstanceOf(InvalidMetricOptionsError);
      expect((thrown as InvalidMetricOptionsError).option, option).toBe(option);
    }
  });

  it('a filter renaming to an invalid name, or giving bad buckets, fails at creation', async () => {
    const provider = await createProvider({
      provider: 'memory',
      filters: [
        { rename: (name) => (name === 'x_total' ? 'bad\nname' : undefined) },
        { buckets: () => [2, 1] },
      ],
    });
    expect(() => provider.counter('x_total')).toThrow(InvalidMetricNameError);
    expect(() => provider.histogram('h')).toThrow(InvalidMetricOptionsError);
  });
});

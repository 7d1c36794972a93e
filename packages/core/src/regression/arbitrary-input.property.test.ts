import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { createProvider } from '../provider/create-provider.js';
import type { Provider } from '../types.js';

/*
 * Issue 14, "bad input is a property test too": fast-check drives every public recording method,
 * every metric option and every Config field with arbitrary values. Asserted for each: no crash, a
 * typed error (a stable `code`) or the documented recording, and a later valid call still works and
 * the snapshot the exporters read holds numbers only. (packages/e2e/test/regression/ feeds the
 * resulting scrape to promtool.)
 */

/** Numbers at the edges, and everything else JavaScript has. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.double(),
  fc.constantFrom(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -0,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    1e308,
    -1e308,
    2 ** 53,
  ),
  fc.integer(),
  fc.bigInt(),
  fc.string(),
  fc.anything(),
  fc.constantFrom(undefined, null, () => 1, Symbol('s'), new Map([['a', 'b']]), new Number(3)),
);

/** Errors meterkit throws on purpose carry a stable code starting with METERKIT_. */
function expectTyped(error: unknown): void {
  expect(error).toBeInstanceOf(Error);
  expect(String((error as { code?: unknown }).code)).toMatch(/^METERKIT_/);
}

const isNumber = (v: unknown): v is number => typeof v === 'number';

/** What each method must do with `v`: 'record', 'drop' (documented no-op) or 'throw'. */
const CONTRACT: Record<string, (v: unknown) => 'record' | 'drop' | 'throw'> = {
  'counter.add': (v) => (isNumber(v) && v >= 0 && v < Number.POSITIVE_INFINITY ? 'record' : 'throw'),
  'gauge.set': (v) => (isNumber(v) ? 'record' : 'throw'),
  'gauge.add': (v) => (isNumber(v) ? 'record' : 'throw'),
  'gauge.sub': (v) => (isNumber(v) ? 'record' : 'throw'),
  'histogram.observe': (v) => (isNumber(v) && !Number.isNaN(v) ? 'record' : 'throw'),
  'summary.observe': (v) => (isNumber(v) && !Number.isNaN(v) ? 'record' : 'throw'),
  'timer.record': (v) =>
    isNumber(v) && v >= 0 ? 'record' : isNumber(v) && v > Number.NEGATIVE_INFINITY ? 'drop' : 'throw',
  'timer.time': (v) => (typeof v === 'function' ? 'record' : 'throw'),
};

/** Applies one call and returns a fingerprint of the state it may change. */
function methods(provider: Provider) {
  const counter = provider.counter('c_total').withTags({ k: 'v' });
  const gauge = provider.gauge('g');
  const histogram = provider.histogram('h', { buckets: [0, 1] });
  const summary = provider.summary('s');
  const timer = provider.timer('t', { buckets: [1] });
  const sig = {
    counter: () => counter.value(),
    gauge: () => gauge.value(),
    histogram: () => histogram.snapshot().count,
    summary: () => summary.snapshot().count,
    timer: () => timer.snapshot().count,
  };
  return {
    'counter.add': {
      call: (v: unknown) => counter.add(v as number),
      state: sig.counter,
      valid: () => counter.add(1),
    },
    'gauge.set': {
      call: (v: unknown) => gauge.set(v as number),
      state: sig.gauge,
      valid: () => gauge.set(1),
    },
    'gauge.add': {
      call: (v: unknown) => gauge.add(v as number),
      state: sig.gauge,
      valid: () => gauge.set(2),
    },
    'gauge.sub': {
      call: (v: unknown) => gauge.sub(v as number),
      state: sig.gauge,
      valid: () => gauge.set(3),
    },
    'histogram.observe': {
      call: (v: unknown) => histogram.observe(v as number),
      state: sig.histogram,
      valid: () => histogram.observe(0.5),
    },
    'summary.observe': {
      call: (v: unknown) => summary.observe(v as number),
      state: sig.summary,
      valid: () => summary.observe(0.5),
    },
    'timer.record': {
      call: (v: unknown) => timer.record(v as number),
      state: sig.timer,
      valid: () => timer.record(0.5),
    },
    'timer.time': {
      call: (v: unknown) => timer.time(v as () => unknown),
      state: sig.timer,
      valid: () => timer.time(() => 1),
    },
  } as const;
}

type MethodName = keyof ReturnType<typeof methods>;
const METHOD_NAMES = Object.keys(CONTRACT) as MethodName[];

describe('arbitrary values at every recording method', () => {
  it('record as documented or throw a typed error; later calls and the snapshot still work', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(...METHOD_NAMES), anyValue), { maxLength: 30 }),
        async (calls) => {
          const provider = await createProvider({ provider: 'memory' });
          const table = methods(provider);
          for (const [name, value] of calls) {
            const { call, state, valid } = table[name];
            const expected = CONTRACT[name]!(value);
            const before = state();
            let thrown: unknown;
            try {
              call(value);
            } catch (error) {
              thrown = error;
            }
            if (expected === 'throw') {
              expectTyped(thrown);
              expect(thrown instanceof TypeError || thrown instanceof RangeError).toBe(true);
              expect(Object.is(state(), before), `${name} recorded nothing`).toBe(true);
            } else {
              expect(thrown, `${name}(${String(value)}) must not throw`).toBeUndefined();
              if (expected === 'drop') expect(state()).toBe(before);
              else if (name === 'gauge.set') expect(Object.is(state(), value)).toBe(true);
              else if (name === 'counter.add') expect(state()).toBe((before as number) + (value as number));
              else if (name !== 'gauge.add' && name !== 'gauge.sub')
                expect(state()).toBe((before as number) + 1);
            }
            // The next valid call always works.
            valid();
          }
          const snapshot = await provider.registry().snapshot();
          for (const metric of snapshot.metrics) {
            for (const point of metric.points) {
              const numbers = 'value' in point ? [point.value] : [point.count, point.sum];
              expect(numbers.every((n) => typeof n === 'number')).toBe(true);
            }
          }
          await provider.stop();
        },
      ),
      {
        numRuns: 150,
        // The review's own cases run every time, whatever the random draw.
        examples: [
          [
            [
              ['gauge.set', 'abc'],
              ['counter.add', '5'],
              ['histogram.observe', undefined],
              ['summary.observe', 2],
              ['summary.observe', Number.POSITIVE_INFINITY],
              ['summary.observe', -2],
              ['summary.observe', Number.NEGATIVE_INFINITY],
              ['summary.observe', 3],
            ],
          ],
        ],
      },
    );
  });
});

/** Option values: plausible ones and arbitrary ones. */
const optionValue = fc.oneof(
  anyValue,
  fc.array(fc.double(), { maxLength: 6 }),
  fc.array(fc.double({ min: 0, max: 1 }), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string({ maxLength: 8 }), anyValue), { maxKeys: 3 }),
  fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
);

const OPTION_KEYS = [
  'description',
  'unit',
  'tags',
  'labelNames',
  'cardinalityLimit',
  'buckets',
  'sampleRate',
  'quantiles',
  'maxAgeSeconds',
  'ageBuckets',
  'monotonic',
] as const;

const KINDS = ['counter', 'gauge', 'histogram', 'summary', 'timer', 'info', 'callback'] as const;

describe('arbitrary metric options and names', () => {
  it('create the metric or throw a typed error; a created metric records and collects', async () => {
    const provider = await createProvider({ provider: 'memory' });
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...KINDS),
        fc.oneof(
          fc.constant(undefined),
          anyValue,
          fc.dictionary(fc.constantFrom(...OPTION_KEYS), optionValue),
        ),
        fc.oneof(fc.constant('ok'), fc.string({ maxLength: 12 }), anyValue),
        async (kind, options, nameChoice) => {
          const name = nameChoice === 'ok' ? `m${n++}` : nameChoice;
          const o = options as never;
          try {
            const r = provider.registry();
            if (kind === 'counter') provider.counter(name as string, o).inc();
            else if (kind === 'gauge') provider.gauge(name as string, o).set(1);
            else if (kind === 'histogram') provider.histogram(name as string, o).observe(1);
            else if (kind === 'summary') provider.summary(name as string, o).observe(1);
            else if (kind === 'timer') provider.timer(name as string, o).record(1);
            else if (kind === 'info') provider.info(name as string, o).set({ v: '1' });
            else r.registerCallback(name as string, () => 1, o);
          } catch (error) {
            expectTyped(error);
          }
          const snapshot = await provider.registry().snapshot();
          expect(Array.isArray(snapshot.metrics)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
    await provider.stop();
  });

  it('registry methods with arbitrary arguments: a result or a typed error', async () => {
    const provider = await createProvider({ provider: 'memory' });
    const registry = provider.registry();
    await fc.assert(
      fc.property(fc.oneof(fc.constant('reg_ok'), anyValue), anyValue, anyValue, (name, type, metric) => {
        for (const use of [
          () => registry.getOrCreate(name as string, type as never),
          () => registry.get(name as string, type as never),
          () => registry.register(name as string, metric as never),
          () => registry.unregister(name as string),
          () => registry.withTags(metric as never),
        ]) {
          try {
            use();
          } catch (error) {
            expectTyped(error);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('withTags with arbitrary arguments: a series or a typed error, never a silent untagged record', async () => {
    const provider = await createProvider({ provider: 'memory' });
    const counter = provider.counter('tagged_total');
    await fc.assert(
      fc.property(
        fc.array(fc.oneof(anyValue, fc.dictionary(fc.string({ maxLength: 6 }), anyValue, { maxKeys: 3 })), {
          maxLength: 3,
        }),
        (args) => {
          const untaggedBefore = counter.value();
          try {
            (counter.withTags as (...a: unknown[]) => { inc(): void })(...args).inc();
          } catch (error) {
            expectTyped(error);
            expect(counter.value()).toBe(untaggedBefore);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

const CONFIG_FIELDS = [
  'enabled',
  'namespace',
  'subsystem',
  'tags',
  'enableRuntimeMetrics',
  'enableSystemMetrics',
  'endpoint',
  'flushInterval',
  'exportTimeout',
  'callbackTimeout',
  'cardinalityLimit',
  'filters',
  'exporters',
  'onError',
  'clock',
  'prometheus',
  'opentelemetry',
  'statsd',
  'logger',
  'provider',
] as const;

const configValue = fc.oneof(
  anyValue,
  fc.constantFrom(
    '15s',
    '600h',
    '1e400',
    '0ms',
    '2147483648',
    2 ** 31,
    2 ** 31 - 1,
    'meterkit',
    'app',
    '/metrics',
  ),
  fc.constantFrom([{}], [{ name: 'x' }], [() => 42], { now: () => 0 }, { headers: { a: 'b\r\nc' } }),
  fc.dictionary(fc.string({ maxLength: 8 }), anyValue, { maxKeys: 3 }),
);

describe('arbitrary Config fields', () => {
  it('createProvider resolves or rejects with a ConfigError naming the field; a started provider works', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...CONFIG_FIELDS), configValue, async (field, value) => {
        let provider: Provider | undefined;
        try {
          provider = await createProvider({ provider: 'memory', [field]: value } as never);
        } catch (error) {
          expectTyped(error);
          if (error instanceof ConfigError)
            expect(error.field.startsWith(field) || error.field.startsWith('exporters')).toBe(true);
          return;
        }
        try {
          provider.counter('after_config_total').inc();
          await provider.registry().snapshot();
        } finally {
          await provider.stop();
        }
      }),
      { numRuns: 300 },
    );
  });
});

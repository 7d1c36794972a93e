import { describe, expect, it } from 'vitest';
import type { Provider } from '../index.js';
import { createProvider } from '../index.js';
import { ManualClock } from '../testing/index.js';
import { instrumentFunction } from './instrument-function.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function read(provider: Provider, name: string, tags: Record<string, string> = {}) {
  return {
    success: provider.counter(`${name}_total`).withTags(tags, { outcome: 'success' }).value(),
    error: provider.counter(`${name}_total`).withTags(tags, { outcome: 'error' }).value(),
    duration: provider.timer(`${name}_duration_seconds`).withTags(tags).snapshot(),
  };
}

describe('instrumentFunction', () => {
  it('counts sync successes and errors, records durations, keeps this, arguments, result, name and length', async () => {
    const provider = await createProvider({ provider: 'memory' });
    const scaler = {
      factor: 3,
      scale(x: number, _unused?: string): number {
        if (x < 0) throw new RangeError(`negative: ${x}`);
        let spin = 0;
        for (let i = 0; i < 10_000; i++) spin += i;
        return x * this.factor + (spin > 0 ? 0 : 1);
      },
    };
    scaler.scale = instrumentFunction(scaler.scale, provider, { name: 'scale' });
    expect(scaler.scale(2)).toBe(6);
    expect(scaler.scale(5)).toBe(15);
    expect(() => scaler.scale(-1)).toThrow(new RangeError('negative: -1'));
    expect(scaler.scale.name).toBe('scale');
    expect(scaler.scale.length).toBe(2);
    const { success, error, duration } = read(provider, 'scale');
    expect([success, error, duration.count]).toEqual([2, 1, 3]);
    expect(duration.sum).toBeGreaterThan(0);
  });

  it('returns the very same promise and records when it settles, either way', async () => {
    const provider = await createProvider({ provider: 'memory' });
    const fetchUser = instrumentFunction(
      async (id: string) => {
        await sleep(15);
        if (id === 'missing') throw new Error(`no user ${id}`);
        return { id };
      },
      provider,
      { name: 'user_lookup', tags: { store: 'db' } },
    );
    const pending = fetchUser('7');
    expect(pending).toBeInstanceOf(Promise);
    expect(read(provider, 'user_lookup', { store: 'db' }).duration.count).toBe(0);
    expect(await pending).toEqual({ id: '7' });
    await expect(fetchUser('missing')).rejects.toThrow('no user missing');
    const { success, error, duration } = read(provider, 'user_lookup', { store: 'db' });
    expect([success, error, duration.count]).toEqual([1, 1, 2]);
    expect(duration.sum).toBeGreaterThanOrEqual(0.025);
  });

  it('measures a thenable that is not a promise as a plain value, without calling then', async () => {
    const provider = await createProvider({ provider: 'memory' });
    let thenCalls = 0;
    // biome-ignore lint/suspicious/noThenProperty: a thenable that is not a promise is the point of this test
    const query = { then: () => thenCalls++ };
    const build = instrumentFunction(() => query, provider, 'query_build');
    expect(build()).toBe(query);
    expect(thenCalls).toBe(0);
    expect(read(provider, 'query_build').success).toBe(1);
  });

  it("times calls with the provider's clock, so a ManualClock gives exact durations", async () => {
    const clock = new ManualClock();
    const provider = await createProvider({ provider: 'memory', clock });
    const step = instrumentFunction(() => clock.advance(250), provider, 'step');
    step();
    step();
    expect(read(provider, 'step').duration.sum).toBe(0.5);
  });

  it('with a provider getter, runs unmeasured until the provider exists', async () => {
    let provider: Provider | undefined;
    const double = instrumentFunction(
      (x: number) => x * 2,
      () => provider,
      'double',
    );
    expect(double(1)).toBe(2);
    provider = await createProvider({ provider: 'memory' });
    expect(double(2)).toBe(4);
    expect(read(provider, 'double').success).toBe(1);
  });

  it('rejects bad input when wrapping, naming it', async () => {
    const provider = await createProvider({ provider: 'memory' });
    expect(() => instrumentFunction(42 as never, provider, 'x')).toThrow(
      /Invalid fn for instrumentFunction: 42/,
    );
    expect(() => instrumentFunction(() => 1, provider, {} as never)).toThrow(
      /Invalid options for instrumentFunction/,
    );
    expect(() => instrumentFunction(() => 1, provider, 'bad\nname')).toThrow(
      /Invalid metric name "bad\\nname_total"/,
    );
  });
});

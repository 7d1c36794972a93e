import { createProvider } from '@meterkit/core';
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('createProvider({ provider: "logger" })', () => {
  it('logs at every flushInterval and once more on stop()', async () => {
    vi.useFakeTimers({ now: Date.UTC(2025, 0, 1) });
    const lines: string[] = [];
    const provider = await createProvider({
      provider: 'logger',
      namespace: 'shop',
      flushInterval: '5s',
      logger: { format: 'json', sink: (line) => lines.push(line) },
    });
    const orders = provider.counter('orders_total').withTags({ region: 'eu' });
    await provider.start();
    orders.inc();
    await vi.advanceTimersByTimeAsync(4999);
    expect(lines).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    orders.add(2);
    await vi.advanceTimersByTimeAsync(5000);
    orders.inc();
    await provider.stop();
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      {
        time: '2025-01-01T00:00:05.000Z',
        metric: 'shop_orders_total',
        type: 'counter',
        tags: { region: 'eu' },
        value: 1,
      },
      {
        time: '2025-01-01T00:00:10.000Z',
        metric: 'shop_orders_total',
        type: 'counter',
        tags: { region: 'eu' },
        value: 3,
      },
      {
        time: '2025-01-01T00:00:10.000Z',
        metric: 'shop_orders_total',
        type: 'counter',
        tags: { region: 'eu' },
        value: 4,
      },
    ]);
  });

  it('honours logger.interval over flushInterval', async () => {
    vi.useFakeTimers({ now: Date.UTC(2025, 0, 1) });
    const lines: string[] = [];
    const provider = await createProvider({
      provider: 'logger',
      flushInterval: '1m',
      logger: { format: 'logfmt', interval: '2s', sink: (line) => lines.push(line) },
    });
    provider.gauge('queue').set(4);
    await provider.start();
    await vi.advanceTimersByTimeAsync(4000);
    expect(lines).toEqual([
      'time=2025-01-01T00:00:02.000Z metric=queue type=gauge value=4',
      'time=2025-01-01T00:00:04.000Z metric=queue type=gauge value=4',
    ]);
    await provider.stop();
  });

  it('prints a readable table to stdout when asked for format table and no sink (the demo set-up)', async () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation(((text: string) => {
      written.push(text);
      return true;
    }) as never);
    const provider = await createProvider({ provider: 'logger', logger: { format: 'table' } });
    provider.counter('requests_total').withTags({ route: '/' }).add(3);
    provider.timer('request_duration').record(0.3);
    await provider.stop();
    expect(written).toHaveLength(1);
    const [title, header, ...rows] = written[0]!.trimEnd().split('\n');
    expect(title).toMatch(/^--- meterkit \S+Z: 2 series, 2 changed \(cumulative\) ---$/);
    expect(header).toBe('NAME              TYPE     TAGS     VALUE                            CHANGE');
    expect(rows).toEqual([
      'request_duration  timer             count=1 sum=0.3 p50=0.3 p99=0.3  new',
      'requests_total    counter  route=/  3                                new',
    ]);
  });

  it('rejects a bad logger section at start-up with a ConfigError', async () => {
    await expect(createProvider({ provider: 'logger', logger: { temporality: 'weekly' } })).rejects.toThrow(
      /logger\.temporality="weekly"/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { MAX_DURATION_MS, parseDuration } from '../duration.js';
import { ConfigError, InvalidMetricOptionsError } from '../errors.js';
import type { Exporter } from '../export/exporter.js';
import { createProvider } from '../provider/create-provider.js';

/*
 * Issue 14, finding 7: `flushInterval: '600h'` was accepted and Node clamped the timer to 1 ms (about
 * 830 exports a second); an `exportTimeout` over 2^31 - 1 ms reported every export as timed out after
 * 1 ms. Every duration is now checked against Node's timer range at createProvider.
 */

const quietExporter: Exporter = { name: 'quiet', export: async () => {}, shutdown: async () => {} };

describe('durations beyond the range of Node.js timers', () => {
  it.each([
    ['flushInterval', '600h'],
    ['flushInterval', 2 ** 31],
    ['exportTimeout', 2 ** 31],
    ['exportTimeout', '597h'],
    ['callbackTimeout', '1000h'],
    ['flushInterval', '2147483648'],
  ])('%s=%j is a ConfigError naming the field and the value', async (field, value) => {
    const error = await createProvider({ provider: 'memory', [field]: value }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe(field);
    expect((error as ConfigError).message).toContain(String(value));
    expect((error as ConfigError).message).toContain('longest timer Node.js can set');
  });

  it('accepts the longest duration a timer can take', async () => {
    expect(parseDuration(MAX_DURATION_MS, 'x')).toBe(2 ** 31 - 1);
    expect(parseDuration('596h', 'x')).toBe(596 * 3_600_000);
    const provider = await createProvider({ provider: 'memory', flushInterval: MAX_DURATION_MS });
    await provider.stop();
  });

  it("an exporter's own exportIntervalMs beyond the range is a ConfigError at createProvider", async () => {
    const error = await createProvider({
      provider: 'memory',
      exporters: [{ ...quietExporter, exportIntervalMs: 2 ** 40 }],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe('exporters[0].exportIntervalMs');
  });

  it('a summary window is bounded: maxAgeSeconds at most a year, ageBuckets at most 100', async () => {
    const provider = await createProvider({ provider: 'memory' });
    expect(() => provider.summary('s1', { maxAgeSeconds: Number.MAX_VALUE })).toThrow(
      InvalidMetricOptionsError,
    );
    expect(() => provider.summary('s2', { maxAgeSeconds: 400 * 24 * 3600 })).toThrow(/maxAgeSeconds/);
    // One slot per age bucket per series: a billion would be gigabytes per series.
    expect(() => provider.summary('s3', { ageBuckets: 1e9 })).toThrow(/ageBuckets/);
    provider.summary('s4', { maxAgeSeconds: 365 * 24 * 3600, ageBuckets: 100 }).observe(1);
  });
});

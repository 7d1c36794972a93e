import { createProvider, validateConfig } from '@meterkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveStatsdConfig } from '../../src/statsd-config.js';
import { StatsdExporter } from '../../src/statsd-exporter.js';
import type { PacketSink } from '../../src/statsd-transport.js';

/**
 * Issue 14, item 10: Telegraf keeps StatsD counters as int64 and truncates each `|c` value, so
 * `1.5|c` counted 1 and process CPU seconds (increments well below 1 per flush) mostly counted 0.
 * The `telegraf` flavor now sends whole increments and carries the fraction to the next flush.
 *
 * No Telegraf binary is installable here, so its counter rule is modelled from its source
 * (plugins/inputs/statsd/statsd.go, `case "c"`): `strconv.ParseInt(value, 10, 64)`, and when that
 * fails `int64(strconv.ParseFloat(value, 64))`, i.e. truncation toward zero; then summed in an int64.
 */
function telegrafCounterValue(text: string): number {
  if (/^[+-]?\d+$/.test(text)) return Number.parseInt(text, 10);
  const parsed = Number(text);
  if (Number.isNaN(parsed)) throw new Error(`Telegraf would reject the counter value ${text}`);
  return Math.trunc(parsed);
}

class TelegrafCounterModel implements PacketSink {
  readonly totals = new Map<string, number>();
  readonly lines: string[] = [];
  async send(packets: readonly string[]): Promise<void> {
    for (const line of packets.flatMap((packet) => packet.split('\n'))) {
      this.lines.push(line);
      const match = /^(.+):([^|]+)\|c$/.exec(line);
      if (match === null) continue;
      this.totals.set(match[1]!, (this.totals.get(match[1]!) ?? 0) + telegrafCounterValue(match[2]!));
    }
  }
  async close(): Promise<void> {}
}

async function setup() {
  const provider = await createProvider({ provider: 'memory' });
  const resolved = validateConfig({ provider: 'statsd', statsd: { flavor: 'telegraf' } });
  const telegraf = new TelegrafCounterModel();
  const exporter = new StatsdExporter({
    config: resolveStatsdConfig(resolved),
    onError: (error) => {
      throw error;
    },
    sink: telegraf,
  });
  const flush = async () => exporter.export(await provider.registry().snapshot());
  return { provider, telegraf, flush };
}

describe('the telegraf flavor and fractional counter increments', () => {
  it('sends only whole increments, so Telegraf holds the floor of the true total after every flush', async () => {
    const { provider, telegraf, flush } = await setup();
    const cpu = provider.counter('cpu_seconds_total').withTags({ mode: 'user' });
    // Running totals 0.3, 0.6, 0.9, 2.4, 2.45, 4.7, 5.4: Telegraf must hold their floors. (Sending
    // the raw increments, it held 0, 0, 0, 1, 1, 3, 3.)
    const steps = [0.3, 0.3, 0.3, 1.5, 0.05, 2.25, 0.7];
    const floors = [0, 0, 0, 2, 2, 4, 5];
    for (const [i, step] of steps.entries()) {
      cpu.add(step);
      await flush();
      expect(telegraf.totals.get('cpu_seconds_total,mode=user')).toBe(floors[i]);
    }
    // Only integer texts went out, which Telegraf parses with ParseInt, losing nothing.
    expect(telegraf.lines.filter((line) => line.endsWith('|c')).every((line) => /:\d+\|c$/.test(line))).toBe(
      true,
    );
    await provider.stop();
  });

  it('never drifts more than one unit below the true total, whatever the increments', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.double({ min: 0, max: 50, noNaN: true }), { maxLength: 5 }), {
          minLength: 1,
          maxLength: 20,
        }),
        async (flushes) => {
          const { provider, telegraf, flush } = await setup();
          const counter = provider.counter('work_total');
          for (const increments of flushes) {
            for (const increment of increments) counter.add(increment);
            await flush();
            const kept = telegraf.totals.get('work_total') ?? 0;
            expect(kept).toBeLessThanOrEqual(counter.value());
            expect(counter.value() - kept).toBeLessThan(1);
          }
          await provider.stop();
        },
      ),
      { numRuns: 60 },
    );
  });
});

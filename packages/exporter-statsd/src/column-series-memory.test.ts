import { createProvider, type Snapshot } from '@meterkit/core';
import { valueColumns } from '@meterkit/core/exporter-kit';
import { describe, expect, it } from 'vitest';
import { PacketBuffer } from './packet-buffer.js';
import type { StatsdFlavor } from './statsd-config.js';
import { StatsdLineFormatter } from './statsd-line-formatter.js';
import { StatsdLineTranslator } from './statsd-line-translator.js';

function translator(flavor: StatsdFlavor) {
  const translate = new StatsdLineTranslator(new StatsdLineFormatter({ flavor, prefixSeparator: '.' }), {
    sampleRate: 1,
    maxSamplesPerSeries: 1000,
    histogramType: 'ms',
    flavor,
  });
  return {
    translate,
    lines(snapshot: Snapshot): string[] {
      const buffer = new PacketBuffer(1432);
      translate.translate(snapshot, buffer);
      return buffer.drain().flatMap((packet) => packet.split('\n'));
    },
  };
}

/** The same snapshot as plain points: no value columns, so the translator takes the points path. */
function withoutColumns(snapshot: Snapshot): Snapshot {
  return { ...snapshot, metrics: snapshot.metrics.map((metric) => ({ ...metric }) as typeof metric) };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('counters and gauges read from value columns', () => {
  for (const flavor of ['datadog', 'etsy', 'telegraf'] as const) {
    it(`send what the points path sends, flush after flush, as series come and go (${flavor})`, async () => {
      const meters = await createProvider({ provider: 'memory', tags: { region: 'eu' } });
      const requests = meters.counter('app_requests');
      const temperature = meters.gauge('app_temperature');
      const req = (method: string, route: string) => requests.withTags({ method, route });
      const room = (name: string) => temperature.withTags({ room: name });
      const columns = translator(flavor);
      const points = translator(flavor);
      const flush = async () => {
        const snapshot = await meters.registry().snapshot();
        expect(valueColumns(snapshot.metrics.find((m) => m.name === 'app_requests')!)).toBeDefined();
        const sent = columns.lines(snapshot);
        expect(sent).toEqual(points.lines(withoutColumns(snapshot)));
        return sent;
      };

      req('GET', '/a').inc();
      req('GET', '/b').add(2.5);
      req('POST', '/a').add(3);
      room('cellar').set(-4);
      room('hall').set(21);
      const first = await flush();
      expect(first.length).toBe(3 + 1 + 2); // three counters, two gauges: the negative one is two lines
      expect(columns.translate.rememberedSeries).toBe(5);

      req('GET', '/a').add(4);
      req('GET', '/b').add(0.75);
      const second = await flush();
      expect(second.some((line) => /^app_requests[^:]*:4\|c/.test(line))).toBe(true);

      // A series removed, one added in the middle of the walk, one re-created (a new start time).
      requests.remove({ method: 'POST', route: '/a' });
      requests.remove({ method: 'GET', route: '/b' });
      await pause(5);
      req('GET', '/b').add(7);
      req('GET', '/c').add(5);
      room('attic').set(19);
      await flush();
      expect(columns.translate.rememberedSeries).toBe(6);

      // A gauge that is not a number sends nothing (and is forgotten), as on the points path.
      room('hall').set(Number.NaN);
      await flush();

      // Nothing changed: counters send nothing, gauges their value again.
      const quiet = await flush();
      expect(quiet.every((line) => line.includes('temperature'))).toBe(true);

      req('POST', '/a').add(1);
      await flush();
      await meters.stop();
    });
  }
});

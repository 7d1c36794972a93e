import { createProvider, validateConfig } from '@meterkit/core';
import { ManualClock } from '@meterkit/core/testing';
import { EtsyDaemon, waitFor } from '@meterkit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExporter } from '../src/index.js';

/*
 * Issue 16 against the Etsy reference daemon: nothing is sent for a dropped series (gauges
 * included), and a counter re-created with a new start time sends its increments from zero, even
 * when its new total is higher than what was sent for the old series.
 */
describe('Etsy statsd daemon: series lifecycle', () => {
  let daemon: EtsyDaemon;

  beforeAll(async () => {
    daemon = await EtsyDaemon.start({ keyNameSanitize: false });
  });

  afterAll(async () => {
    await daemon?.stop();
    daemon?.dispose();
  });

  it('stops sending a removed gauge and counter, and restarts a re-created counter from zero', async () => {
    const clock = new ManualClock();
    const errors: Error[] = [];
    const provider = await createProvider({ provider: 'memory', namespace: 'life', clock });
    const config = validateConfig({
      provider: 'statsd',
      namespace: 'life',
      clock,
      statsd: { address: `127.0.0.1:${daemon.port}`, flavor: 'etsy' },
    });
    const exporter = await createExporter({
      config,
      clock,
      collect: () => provider.registry().snapshot(),
      onError: (error) => errors.push(error),
    });
    const flush = async () => exporter.export(await provider.registry().snapshot());
    const jobs = provider.counter('jobs');
    const held = jobs.withTags({ queue: 'a' });
    const depth = provider.gauge('depth');
    held.add(5);
    depth.withTags({ queue: 'a' }).set(3);
    depth.withTags({ queue: 'b' }).set(4);
    await flush();
    await waitFor('the first flush', () =>
      daemon.lastGauges().get('life.depth.queue.b') === 4 &&
      daemon.counterTotals().get('life.jobs.queue.a') === 5
        ? true
        : undefined,
    );

    jobs.remove({ queue: 'a' });
    depth.remove({ queue: 'a' });
    clock.advance(1_000);
    held.add(8); // re-created: 8 new increments, though 8 - 5 = 3 is what a cumulative diff would send
    depth.withTags({ queue: 'b' }).set(6);
    await flush();
    await exporter.shutdown();
    await waitFor('the second flush', () =>
      daemon.lastGauges().get('life.depth.queue.b') === 6 ? true : undefined,
    );
    await waitFor('13 increments in all', () =>
      daemon.counterTotals().get('life.jobs.queue.a') === 13 ? true : undefined,
    );
    // The removed gauge was sent once (before removal) and never again.
    const gaugeLines = daemon
      .records()
      .packets.flatMap((p) => p.text.split('\n'))
      .filter((line) => line.startsWith('life.depth.queue.a:'));
    expect(gaugeLines).toEqual(['life.depth.queue.a:3|g']);
    expect(errors).toEqual([]);
  });
});

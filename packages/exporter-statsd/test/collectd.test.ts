import { createProvider } from '@meterkit/core';
import { waitFor } from '@meterkit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectdDaemon, type CsvRow } from './support/collectd-daemon.js';

const finite = (rows: CsvRow[]) => rows.filter((row) => Number.isFinite(row.value));

/** collectd's statsd plugin as a strict, plain-StatsD peer for the `etsy` flavor. */
describe('collectd statsd plugin', () => {
  let collectd: CollectdDaemon;

  beforeAll(async () => {
    collectd = await CollectdDaemon.start();
  });

  afterAll(async () => {
    await collectd?.stop();
    collectd?.dispose();
  });

  it('parses every line of the etsy flavor and holds the same counters, gauges and timers', async () => {
    const errors: Error[] = [];
    const meters = await createProvider({
      provider: 'statsd',
      namespace: 'app',
      tags: { region: 'eu' },
      statsd: { address: `127.0.0.1:${collectd.port}`, flavor: 'etsy' },
      onError: (error) => errors.push(error),
    });
    const jobs = meters.counter('jobs');
    jobs.withTags({ queue: 'mail' }).add(3);
    jobs.withTags({ queue: 'sms' }).add(4);
    meters.gauge('temperature').set(-2.5);
    const render = meters.timer('render');
    for (const seconds of [0.01, 0.02, 0.03, 0.5]) render.record(seconds);
    await meters.stop();

    await waitFor(
      'the timer in collectd',
      () => (finite(collectd.rows('latency-app.render.region.eu-sum')).length > 0 ? true : undefined),
      8000,
    );
    const lastValue = (name: string) => waitFor(name, () => finite(collectd.rows(name)).at(-1)?.value, 8000);
    expect(await lastValue('derive-app.jobs.queue.mail.region.eu')).toBe(3);
    expect(await lastValue('derive-app.jobs.queue.sms.region.eu')).toBe(4);
    expect(await lastValue('gauge-app.temperature.region.eu')).toBe(-2.5);

    const total = (name: string) => finite(collectd.rows(name)).reduce((sum, row) => sum + row.value, 0);
    expect(total('gauge-app.render.region.eu-count')).toBe(4);
    // collectd keeps timers in whole milliseconds (MS_TO_CDTIME_T casts to an integer first), so
    // each of the 4 samples may lose up to 1 ms; min and max are whole milliseconds here.
    const sum = total('latency-app.render.region.eu-sum');
    expect(sum).toBeLessThanOrEqual(0.56 + 1e-9);
    expect(sum).toBeGreaterThan(0.56 - 0.004);
    expect(
      Math.max(...finite(collectd.rows('latency-app.render.region.eu-upper')).map((r) => r.value)),
    ).toBeCloseTo(0.5, 6);
    expect(
      Math.min(...finite(collectd.rows('latency-app.render.region.eu-lower')).map((r) => r.value)),
    ).toBeCloseTo(0.01, 6);
    expect(collectd.rejectedLines).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('rejects DogStatsD tags, which is why the etsy flavor folds tags into the name', async () => {
    const meters = await createProvider({
      provider: 'statsd',
      statsd: { address: `127.0.0.1:${collectd.port}`, flavor: 'datadog' },
    });
    meters.counter('tagged').withTags({ k: 'v' }).inc();
    await meters.stop();
    const rejected = await waitFor('collectd to reject the line', () =>
      collectd.rejectedLines.length > 0 ? collectd.rejectedLines : undefined,
    );
    expect(rejected).toContain('tagged:1|c|#k:v');
  });
});

import { createProvider } from '@meterkit/core';
import { ManualClock } from '@meterkit/core/testing';
import { describe, expect, it } from 'vitest';
import { FlushReportBuilder } from './flush-report.js';
import { JsonLinesFormatter } from './json-lines-formatter.js';
import { TableFormatter } from './table-formatter.js';

/** Issue 16: a dropped series is reported once as removed; a re-created one starts afresh. */
describe('series lifecycle in the logger', () => {
  async function setup(temporality: 'cumulative' | 'delta') {
    const clock = new ManualClock();
    const provider = await createProvider({ provider: 'memory', clock });
    const builder = new FlushReportBuilder({ temporality, onlyChanged: false, quantiles: [0.5] });
    const report = async () => builder.build(await provider.registry().snapshot());
    return { clock, provider, report };
  }

  it('JSON: one line with "removed": true at the first flush without the series, none after', async () => {
    const { provider, report } = await setup('cumulative');
    const jobs = provider.counter('jobs_total');
    jobs.withTags({ queue: 'a' }).add(2);
    jobs.withTags({ queue: 'b' }).add(3);
    const json = new JsonLinesFormatter();
    json.format(await report());
    jobs.remove({ queue: 'a' });
    const lines = json.format(await report()).map((entry) => JSON.parse(entry.line));
    expect(lines.map((l) => [l.tags.queue, l.value, l.removed])).toEqual([
      ['b', 3, undefined],
      ['a', undefined, true],
    ]);
    const later = json.format(await report()).map((entry) => JSON.parse(entry.line));
    expect(later.map((l) => l.tags.queue)).toEqual(['b']);
  });

  it('table: a removed row once; a re-created counter in delta temporality counts from zero', async () => {
    const { provider, report, clock } = await setup('delta');
    const held = provider.counter('jobs_total').withTags({ queue: 'a' });
    held.add(5);
    const table = new TableFormatter();
    table.format(await report());
    provider.counter('jobs_total').clear();
    const removedRows = table.format(await report()).map((entry) => entry.line);
    expect(removedRows.some((row) => /jobs_total\s+counter\s+queue=a\s+removed/.test(row))).toBe(true);
    clock.advance(1_000);
    held.add(7); // higher than the old total: only the new start time tells a new series
    const rows = table.format(await report()).map((entry) => entry.line);
    const row = rows.find((line) => line.startsWith('jobs_total'))!;
    expect(row).toMatch(/queue=a\s+7\s+new/);
  });
});

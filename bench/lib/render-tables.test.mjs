import { describe, expect, it } from 'vitest';
import { alignedTable, checkGoal, parseResults, renderTables, spliceTables } from './render-tables.mjs';

/** Table rows with the padding squeezed out (alignment is tested on its own below). */
const squeeze = (markdown) => markdown.replace(/ {2,}/g, ' ');

const context = {
  kind: 'context',
  file: 'statsd-flush.bench.mjs',
  cpu: 'Test CPU 3000',
  cores: 2,
  node: 'v20.0.0',
  date: '2026-12-04T12:00:00.000Z',
  loadavg: [0.5, 0.4, 0.3],
  quick: false,
};
const figure = (fields) => ({ kind: 'figure', file: 'statsd-flush.bench.mjs', table: 'flush', ...fields });

/** The results file of one benchmark: two libraries, one goal met and one missed. */
const results = [
  context,
  {
    kind: 'table',
    table: 'flush',
    title: 'Flush',
    columns: ['meterkit', 'hot-shots'],
    reference: 'meterkit',
  },
  figure({
    row: 'flush',
    metric: 'meterkit',
    unit: 'ms',
    median: 10,
    min: 8,
    max: 14,
    rounds: 9,
    goal: { faster: 2, than: 'hot-shots' },
  }),
  figure({ row: 'flush', metric: 'hot-shots', unit: 'ms', median: 30, min: 25, max: 41, rounds: 9 }),
  figure({
    row: 'record',
    metric: 'meterkit',
    unit: 'ms',
    median: 5,
    min: 5,
    max: 6,
    rounds: 9,
    goal: { faster: 2, than: 'hot-shots' },
  }),
  figure({ row: 'record', metric: 'hot-shots', unit: 'ms', median: 7.5, min: 7, max: 9, rounds: 9 }),
];

describe('renderTables', () => {
  it('writes the machine, Node version, date, load, and the median with min–max and the ratio', () => {
    const markdown = squeeze(renderTables(results).get('flush'));
    expect(markdown).toContain('Test CPU 3000 (2 cores)');
    expect(markdown).toContain('Node v20.0.0');
    expect(markdown).toContain('2026-12-04');
    expect(markdown).toContain('load average 0.5 / 0.4 / 0.3');
    expect(markdown).toContain('median of 9 interleaved rounds');
    expect(markdown).toContain(
      '| flush | 10.0 ms (8.00–14.0) | 30.0 ms (25.0–41.0), 3.0× | ≥ 2× hot-shots | yes (3.0×) |',
    );
  });

  it('computes met / not met from the medians, not from the best round', () => {
    // record: 7.5 / 5 = 1.5× at the median, although the best rounds give 7 / 5 = 1.4× and 9 / 5 = 1.8×.
    const markdown = squeeze(renderTables(results).get('flush'));
    expect(markdown).toContain(
      '| record | 5.00 ms (5.00–6.00) | 7.50 ms (7.00–9.00), 1.5× | ≥ 2× hot-shots | **no** (1.5×) |',
    );
  });

  it('labels a busy machine and a quick run', () => {
    const busy = [{ ...context, loadavg: [14.2, 9, 8], quick: true }, ...results.slice(1)];
    const markdown = renderTables(busy).get('flush');
    expect(markdown).toContain('The machine was busy (load 14.2 on 2 cores)');
    expect(markdown).toContain('**Quick run**');
  });

  it('orders columns as described and leaves ratios out between different units', () => {
    const entries = [
      context,
      { kind: 'table', table: 'sizes', columns: ['time', 'bytes'] },
      figure({ table: 'sizes', row: 'push', metric: 'bytes', unit: 'KiB', median: 512 }),
      figure({ table: 'sizes', row: 'push', metric: 'time', unit: 'ms', median: 20, min: 18, max: 25 }),
    ];
    expect(squeeze(renderTables(entries).get('sizes'))).toContain('| push | 20.0 ms (18.0–25.0) | 512 KiB |');
  });

  it('with ratios: false, compares no columns and states how the cells were measured', () => {
    const entries = [
      context,
      { kind: 'table', table: 'soak', ratios: false, measured: 'one 60 s run', rowHeader: 'run' },
      figure({ table: 'soak', row: 'heap', metric: 'after warm-up', unit: 'MB', median: 11.5 }),
      figure({ table: 'soak', row: 'heap', metric: 'at end', unit: 'MB', median: 23 }),
    ];
    const markdown = squeeze(renderTables(entries).get('soak'));
    expect(markdown).toContain('| run | after warm-up | at end |');
    expect(markdown).toContain('| heap | 11.5 MB | 23.0 MB |');
    expect(markdown).toContain('; one 60 s run._');
    expect(markdown).not.toContain('N×');
    expect(markdown).not.toContain('interleaved');
  });
});

describe('alignedTable', () => {
  it('pads every cell to its column width in code points, as biome formats markdown', () => {
    expect(
      alignedTable(
        ['case', 'x'],
        [
          ['a', '1.5×'],
          ['longer', ''],
        ],
      ),
    ).toEqual(['| case   | x    |', '| ------ | ---- |', '| a      | 1.5× |', '| longer |      |']);
  });
});

describe('checkGoal', () => {
  const row = (figures) => new Map(figures.map((f) => [f.metric, f]));
  it('checks absolute bounds and "within N× of" against the medians', () => {
    const heap = { metric: 'meterkit', unit: 'B', median: 137 };
    expect(checkGoal({ atMost: 100 }, heap, row([heap]))).toEqual({ met: false, got: '137 B' });
    const mk = { metric: 'meterkit', unit: 'ms', median: 60 };
    const limit = { metric: 'limit', unit: 'ms', median: 50 };
    expect(checkGoal({ within: 1.5, of: 'limit' }, mk, row([mk, limit]))).toEqual({
      met: true,
      got: '1.2× limit',
    });
  });

  it('treats a higher-is-better unit (per second) the other way round', () => {
    const mk = { metric: 'meterkit', unit: '/s', median: 9e6 };
    const hs = { metric: 'hot-shots', unit: '/s', median: 3e5 };
    expect(checkGoal({ faster: 10, than: 'hot-shots' }, mk, row([mk, hs])).met).toBe(true);
  });

  it('reports a missing comparison instead of claiming the goal', () => {
    const mk = { metric: 'meterkit', unit: 'ms', median: 1 };
    expect(checkGoal({ faster: 2, than: 'hot-shots' }, mk, row([mk])).met).toBeUndefined();
  });
});

describe('spliceTables', () => {
  const readme = [
    '# Title',
    '<!-- bench:begin flush -->',
    'old figures',
    '<!-- bench:end flush -->',
    'between',
    '<!-- bench:begin other -->',
    'untouched',
    '<!-- bench:end other -->',
    '',
  ].join('\n');

  it('replaces only the tables it has results for and keeps the markers', () => {
    const { text, replaced, markers } = spliceTables(readme, new Map([['flush', '| new |']]));
    expect(replaced).toEqual(['flush']);
    expect(markers).toEqual(['flush', 'other']);
    expect(text).not.toContain('old figures');
    expect(text).toContain(
      '<!-- bench:begin flush -->\n<!-- generated by bench/write-tables.mjs: do not edit by hand -->\n\n| new |\n\n<!-- bench:end flush -->',
    );
    expect(text).toContain('<!-- bench:begin other -->\nuntouched\n<!-- bench:end other -->');
  });

  it('is idempotent: writing the same results twice gives the same file', () => {
    const rendered = renderTables(results);
    const once = spliceTables(readme, rendered).text;
    expect(spliceTables(once, rendered).text).toBe(once);
  });
});

describe('parseResults', () => {
  it('reads JSON lines and skips blank ones', () => {
    expect(parseResults('{"a":1}\n\n{"b":2}\n')).toEqual([{ a: 1 }, { b: 2 }]);
  });
});

/**
 * Pure functions from benchmark results (the JSON lines `lib/report.mjs` writes) to the markdown
 * tables published in the READMEs, and the splice of those tables between their markers. No I/O
 * here: `bench/write-tables.mjs` reads and writes the files; `render-tables.test.mjs` checks this.
 */

const LOWER_IS_BETTER = 'lower';

/** Parses a results file's text (one JSON object per line; blank lines ignored). */
export function parseResults(text) {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

/** "0.82", "13.6", "1,101": a precision that suits the magnitude. */
export function formatNumber(value) {
  if (!Number.isFinite(value)) return 'n/a';
  const size = Math.abs(value);
  if (size === 0) return '0';
  if (size < 1) return value.toPrecision(2);
  if (size < 10) return value.toFixed(2);
  if (size < 100) return value.toFixed(1);
  return Math.round(value).toLocaleString('en-US');
}

function withUnit(text, unit) {
  if (!unit) return text;
  return unit.startsWith('/') || unit === '%' ? `${text}${unit}` : `${text} ${unit}`;
}

function betterOf(figure) {
  if (figure.better) return figure.better;
  return figure.unit?.endsWith('/s') ? 'higher' : LOWER_IS_BETTER;
}

/** How many times better `figure` is than `other` (above 1: `figure` is faster / smaller / more). */
export function timesBetter(figure, other) {
  if (!(figure?.median > 0) || !(other?.median > 0)) return undefined;
  return betterOf(figure) === LOWER_IS_BETTER ? other.median / figure.median : figure.median / other.median;
}

function formatRatio(ratio) {
  if (ratio === undefined) return '';
  return `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(ratio < 1 ? 2 : 1)}×`;
}

/** One cell: median, the min–max of the rounds, and (off the reference column) the ratio. */
function formatCell(figure, reference) {
  if (!figure) return '';
  if (figure.text !== undefined && !Number.isFinite(figure.median)) return figure.text;
  let cell = withUnit(formatNumber(figure.median), figure.unit);
  if (Number.isFinite(figure.min) && Number.isFinite(figure.max) && figure.min !== figure.max) {
    cell += ` (${formatNumber(figure.min)}–${formatNumber(figure.max)})`;
  }
  if (figure.text !== undefined) cell += ` ${figure.text}`;
  const comparable = reference && reference !== figure && reference.unit === figure.unit;
  if (reference === null) return cell;
  const ratio = figure.ratio ?? (comparable ? timesBetter(reference, figure) : undefined);
  if (ratio !== undefined) cell += `, ${formatRatio(ratio)}`;
  return cell;
}

/** The text of a goal, e.g. "≥ 5× prom-client", "≤ 100 B", "≤ 1.5× limit". */
export function goalText(goal, unit) {
  if (goal.text) return goal.text;
  if (goal.faster !== undefined) return `≥ ${goal.faster}× ${goal.than}`;
  if (goal.within !== undefined) return `≤ ${goal.within}× ${goal.of}`;
  if (goal.atMost !== undefined) return `≤ ${withUnit(formatNumber(goal.atMost), unit)}`;
  if (goal.atLeast !== undefined) return `≥ ${withUnit(formatNumber(goal.atLeast), unit)}`;
  return JSON.stringify(goal);
}

/**
 * Checks one goal of `figure` against the medians of its row.
 * @returns {{ met: boolean | undefined, got: string }} `met` undefined when a figure is missing.
 */
export function checkGoal(goal, figure, rowFigures) {
  if (goal.faster !== undefined || goal.within !== undefined) {
    const other = rowFigures.get(goal.than ?? goal.of);
    const ratio = timesBetter(figure, other);
    if (ratio === undefined) return { met: undefined, got: `no ${goal.than ?? goal.of} figure` };
    if (goal.faster !== undefined) return { met: ratio >= goal.faster, got: formatRatio(ratio) };
    // within N× of the other: this one may be worse, by at most N×.
    return { met: 1 / ratio <= goal.within, got: `${formatRatio(1 / ratio)} ${goal.of}` };
  }
  const value = figure.median;
  const got = withUnit(formatNumber(value), figure.unit);
  if (!Number.isFinite(value)) return { met: undefined, got: 'no figure' };
  if (goal.atMost !== undefined) return { met: value <= goal.atMost, got };
  if (goal.atLeast !== undefined) return { met: value >= goal.atLeast, got };
  return { met: undefined, got };
}

function metCell(results) {
  if (results.length === 0) return '';
  if (results.some((r) => r.met === undefined)) return `? (${results.map((r) => r.got).join(', ')})`;
  const all = results.every((r) => r.met);
  return `${all ? 'yes' : '**no**'} (${results.map((r) => r.got).join(', ')})`;
}

/** Groups the entries by table: description, context of the run, rows in recording order. */
export function collectTables(entries) {
  const contexts = new Map();
  const tables = new Map();
  const tableOf = (id) => {
    let table = tables.get(id);
    if (!table) {
      table = { id, description: {}, rows: new Map(), metrics: [], file: undefined };
      tables.set(id, table);
    }
    return table;
  };
  for (const entry of entries) {
    if (entry.kind === 'context') contexts.set(entry.file, entry);
    else if (entry.kind === 'table') Object.assign(tableOf(entry.table).description, entry);
    else if (entry.kind === 'figure') {
      const table = tableOf(entry.table);
      table.file ??= entry.file;
      if (!table.metrics.includes(entry.metric)) table.metrics.push(entry.metric);
      if (!table.rows.has(entry.row)) table.rows.set(entry.row, new Map());
      table.rows.get(entry.row).set(entry.metric, entry);
    }
  }
  for (const table of tables.values()) table.context = contexts.get(table.file ?? table.description.file);
  return [...tables.values()].filter((table) => table.rows.size > 0);
}

/** The line above a table: where, when, on what, how loaded, and how to regenerate it. */
export function captionOf(table, referenceName) {
  const c = table.context;
  const file = table.file ?? table.description.file ?? 'a benchmark';
  const rounds = [...table.rows.values()].flatMap((row) => [...row.values()]).map((f) => f.rounds);
  const spreads = [...table.rows.values()].some((row) =>
    [...row.values()].some((f) => Number.isFinite(f.min)),
  );
  const roundsText = table.description.measured
    ? table.description.measured
    : rounds.some(Number.isFinite)
      ? `median of ${Math.max(...rounds.filter(Number.isFinite))} interleaved rounds, (min–max) of the rounds`
      : spreads
        ? 'median of the rounds, (min–max) of the rounds'
        : 'one measurement per cell';
  const parts = [`Generated by \`pnpm bench\` (\`bench/${file}\`)`];
  if (c) {
    parts.push(
      `${c.date.slice(0, 10)}, ${c.cpu} (${c.cores} cores), Node ${c.node}, load average ${c.loadavg.join(' / ')} (1 / 5 / 15 min) at start`,
    );
  }
  const ratioText =
    table.description.ratios === false
      ? ''
      : ` N× = how many times better ${referenceName}'s median is than that cell's.`;
  let caption = `_${parts.join(' on ')}; ${roundsText}.${ratioText}_`;
  if (c && c.loadavg[0] > c.cores) {
    const ratiosNote = table.description.ratios === false ? '' : ', ratios less affected';
    caption += `\n_The machine was busy (load ${c.loadavg[0]} on ${c.cores} cores): absolute figures are pessimistic${ratiosNote}._`;
  }
  if (c?.quick) {
    caption +=
      '\n_**Quick run** (`BENCH_QUICK`: fewer rounds and series): proves the writer, not the figures._';
  }
  return caption;
}

/** Renders one table (as collected by `collectTables`) to markdown. */
export function renderTable(table) {
  const { description } = table;
  const columns = description.columns ?? table.metrics;
  const referenceName = description.reference ?? columns[0];
  const withGoals = [...table.rows.values()].some((row) => [...row.values()].some((f) => f.goal));
  const header = [
    description.rowHeader ?? 'case',
    ...columns,
    ...(withGoals ? ['goal', 'met (median)'] : []),
  ];
  const lines = [];
  if (description.title) lines.push(`**${description.title}**`, '');
  lines.push(captionOf(table, referenceName), '');
  const body = [];
  for (const [rowName, figures] of table.rows) {
    // `ratios: false`: the columns are different measures of one thing, never compared.
    const reference = description.ratios === false ? null : figures.get(referenceName);
    const cells = [rowName, ...columns.map((metric) => formatCell(figures.get(metric), reference))];
    if (withGoals) {
      const goals = [];
      const checks = [];
      for (const figure of figures.values()) {
        for (const goal of [figure.goal ?? []].flat()) {
          goals.push(goalText(goal, figure.unit));
          checks.push(checkGoal(goal, figure, figures));
        }
      }
      cells.push(goals.join(', '), metCell(checks));
    }
    body.push(cells.map((cell) => String(cell).replaceAll('|', '\\|')));
  }
  lines.push(...alignedTable(header, body));
  if (description.note) lines.push('', description.note);
  return lines.join('\n');
}

/** Width as the markdown formatter (biome) counts it: code points. */
const widthOf = (text) => [...text].length;

/** A markdown table with padded cells, as `biome format` writes it (so `pnpm lint` accepts it). */
export function alignedTable(header, rows) {
  const widths = header.map((cell, i) =>
    Math.max(3, widthOf(cell), ...rows.map((row) => widthOf(row[i] ?? ''))),
  );
  const pad = (cells) =>
    `| ${widths.map((width, i) => (cells[i] ?? '') + ' '.repeat(width - widthOf(cells[i] ?? ''))).join(' | ')} |`;
  return [pad(header), `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`, ...rows.map(pad)];
}

/** Every table in the results, rendered: id -> markdown. */
export function renderTables(entries) {
  return new Map(collectTables(entries).map((table) => [table.id, renderTable(table)]));
}

const MARKER = /<!-- bench:begin ([\w.-]+) -->\n[\s\S]*?<!-- bench:end \1 -->/g;

/**
 * Replaces the content between `<!-- bench:begin id -->` and `<!-- bench:end id -->` with the
 * rendered table `id`; tables without results are left as they are (a subset run updates only
 * its own tables).
 * @returns {{ text: string, replaced: string[], markers: string[] }}
 */
export function spliceTables(text, rendered) {
  const replaced = [];
  const markers = [];
  const out = text.replace(MARKER, (block, id) => {
    markers.push(id);
    const table = rendered.get(id);
    if (table === undefined) return block;
    replaced.push(id);
    return `<!-- bench:begin ${id} -->\n<!-- generated by bench/write-tables.mjs: do not edit by hand -->\n\n${table}\n\n<!-- bench:end ${id} -->`;
  });
  return { text: out, replaced, markers };
}

/**
 * Writes the README performance tables from a results file (JSON lines from `lib/report.mjs`).
 *
 *   node bench/write-tables.mjs <results.jsonl>            # splice into every README with markers
 *   node bench/write-tables.mjs <results.jsonl> --print    # print the tables, touch nothing
 *   node bench/write-tables.mjs <results.jsonl> --check    # render and place, write nothing
 *
 * `bench/run.mjs` calls `writeTables()` after its benchmarks. A table is written wherever a README
 * holds `<!-- bench:begin <table> -->` … `<!-- bench:end <table> -->` (the root README and every
 * `packages/<name>/README.md`); tables without new results keep their old content.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseResults, renderTables, spliceTables } from './lib/render-tables.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The READMEs that may hold generated tables. */
export function readmeFiles() {
  const packages = join(root, 'packages');
  return [
    join(root, 'README.md'),
    join(root, 'bench', 'README.md'),
    ...readdirSync(packages, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(packages, entry.name, 'README.md')),
  ].filter((file) => {
    try {
      readFileSync(file);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Renders the results and splices them into the READMEs.
 * @returns {{ written: Record<string, string[]>, unplaced: string[] }} tables per README, and tables with no marker anywhere
 */
export function writeTables(resultsText, { print = false, dryRun = false } = {}) {
  const rendered = renderTables(parseResults(resultsText));
  const written = {};
  const placed = new Set();
  if (print) {
    for (const [id, markdown] of rendered) console.log(`\n<!-- ${id} -->\n${markdown}`);
    return { written, unplaced: [], rendered: [...rendered.keys()] };
  }
  for (const file of readmeFiles()) {
    const before = readFileSync(file, 'utf8');
    const { text, replaced } = spliceTables(before, rendered);
    for (const id of replaced) placed.add(id);
    if (replaced.length > 0) {
      written[relative(root, file)] = replaced;
      if (text !== before && !dryRun) writeFileSync(file, text);
    }
  }
  const unplaced = [...rendered.keys()].filter((id) => !placed.has(id));
  return { written, unplaced, rendered: [...rendered.keys()] };
}

/** Prints what writeTables() did, for run.mjs and the command line. */
export function reportWritten({ written, unplaced }, { dryRun = false } = {}) {
  const verb = dryRun ? 'would be written' : 'written';
  for (const [file, ids] of Object.entries(written))
    console.log(`tables ${verb} to ${file}: ${ids.join(', ')}`);
  if (unplaced.length > 0) {
    console.log(
      `tables with results but no <!-- bench:begin … --> marker in any README: ${unplaced.join(', ')}`,
    );
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [resultsPath, flag] = process.argv.slice(2);
  if (!resultsPath) {
    console.error('usage: node bench/write-tables.mjs <results.jsonl> [--print | --check]');
    process.exit(2);
  }
  const dryRun = flag === '--check';
  const outcome = writeTables(readFileSync(resultsPath, 'utf8'), { print: flag === '--print', dryRun });
  reportWritten(outcome, { dryRun });
  if (dryRun && (outcome.unplaced.length > 0 || outcome.rendered.length === 0)) process.exitCode = 1;
}

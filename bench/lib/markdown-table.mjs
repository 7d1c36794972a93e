/** Renders rows (arrays of cells) as a GitHub markdown table. */
export function markdownTable(header, rows) {
  const line = (cells) => `| ${cells.map((c) => String(c)).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** "12.3 ns" with a precision that suits the magnitude. */
export function formatNs(ns) {
  if (ns === undefined || Number.isNaN(ns)) return 'n/a';
  if (ns < 10) return `${ns.toFixed(2)} ns`;
  if (ns < 100) return `${ns.toFixed(1)} ns`;
  return `${Math.round(ns).toLocaleString('en-US')} ns`;
}

export function formatBytes(bytes) {
  if (bytes === undefined || Number.isNaN(bytes)) return 'n/a';
  return `${Math.round(bytes).toLocaleString('en-US')} B`;
}

/** "4.2×" speed-up (or size reduction) of `ours` against `theirs`. */
export function formatRatio(theirs, ours) {
  if (!(theirs > 0) || !(ours > 0)) return 'n/a';
  const r = theirs / ours;
  return `${r >= 10 ? r.toFixed(0) : r.toFixed(1)}×`;
}

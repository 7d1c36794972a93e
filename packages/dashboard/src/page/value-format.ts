const PREFIXES: ReadonlyArray<readonly [number, string]> = [
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/** A number in at most three significant digits with an SI prefix: 1234 -> "1.23k"; NaN -> "–". */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return '–';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  const magnitude = Math.abs(value);
  for (const [size, prefix] of PREFIXES) if (magnitude >= size) return `${trim(value / size)}${prefix}`;
  if (magnitude !== 0 && magnitude < 0.001) return value.toExponential(2);
  return trim(value);
}

function trim(value: number): string {
  return String(Number(value.toPrecision(3)));
}

/** What the y axis of a line measures: `requests/s`, `seconds`, … */
export function axisLabel(line: string, unit: string): string {
  if (line === 'rate') return 'per second';
  return unit === '' ? 'value' : unit;
}

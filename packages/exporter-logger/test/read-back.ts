import type { ReadSeries } from '@meterkit/core/testing';

/**
 * Parses one logfmt line the way go-logfmt (the reference implementation) does: `key=value` pairs
 * separated by spaces; a quoted value is a JSON/Go string literal. Written independently of the
 * formatter: it rejects duplicate keys, keys without `=` and unterminated quotes.
 */
export function parseLogfmt(line: string): Record<string, string> {
  const fields: Record<string, string> = {};
  let i = 0;
  while (i < line.length) {
    if (line[i] === ' ') {
      i++;
      continue;
    }
    const equals = line.indexOf('=', i);
    const space = line.indexOf(' ', i);
    if (equals < 0 || (space >= 0 && space < equals)) throw new Error(`key without "=" at ${i}: ${line}`);
    const key = line.slice(i, equals);
    if (key === '' || /["\s]/.test(key)) throw new Error(`bad key ${JSON.stringify(key)} in ${line}`);
    i = equals + 1;
    let value: string;
    if (line[i] === '"') {
      let end = i + 1;
      while (end < line.length && line[end] !== '"') end += line[end] === '\\' ? 2 : 1;
      if (end >= line.length) throw new Error(`unterminated quote in ${line}`);
      value = JSON.parse(line.slice(i, end + 1)) as string;
      i = end + 1;
      if (i < line.length && line[i] !== ' ') throw new Error(`garbage after quoted value in ${line}`);
    } else {
      const stop = line.indexOf(' ', i);
      value = line.slice(i, stop < 0 ? line.length : stop);
      if (value.includes('"')) throw new Error(`unquoted value with a quote in ${line}`);
      i = stop < 0 ? line.length : stop;
    }
    if (Object.hasOwn(fields, key)) throw new Error(`duplicate key ${key} in ${line}`);
    fields[key] = value;
  }
  return fields;
}

/** Reads a logged number back: the formats write NaN and infinities as `NaN`, `+Inf`, `-Inf`. */
export function loggedNumber(value: unknown): number {
  if (value === '+Inf') return Number.POSITIVE_INFINITY;
  if (value === '-Inf') return Number.NEGATIVE_INFINITY;
  if (value === 'NaN') return Number.NaN;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  throw new Error(`not a logged number: ${JSON.stringify(value)}`);
}

/** `p99.9` → 0.999 */
function quantileOf(field: string): number {
  return Number((Number(field.slice(1)) / 100).toPrecision(10));
}

/** Converts one parsed record (JSON object, pino/winston output, or logfmt fields) to a ReadSeries. */
function toReadSeries(
  metric: string,
  tagRecord: Record<string, string>,
  fields: Record<string, unknown>,
): ReadSeries {
  const series: ReadSeries = { name: metric, tags: tagRecord };
  if (fields.value !== undefined) series.value = loggedNumber(fields.value);
  if (fields.count !== undefined) series.count = loggedNumber(fields.count);
  if (fields.sum !== undefined) series.sum = loggedNumber(fields.sum);
  const quantiles = Object.keys(fields)
    .filter((field) => /^p\d/.test(field))
    .map((field) => ({ quantile: quantileOf(field), value: loggedNumber(fields[field]) }));
  if (quantiles.length > 0) series.quantiles = quantiles;
  if (Array.isArray(fields.buckets)) {
    series.buckets = (fields.buckets as Array<[unknown, number]>).map(([bound, count]) => ({
      upperBound: loggedNumber(bound),
      count,
    }));
  }
  return series;
}

/**
 * Reads JSON records (our JSON lines, or pino's / winston's JSON output) back as series. When a
 * series appears in several flushes the last one wins.
 */
export function readJsonRecords(lines: readonly string[]): ReadSeries[] {
  const bySeries = new Map<string, ReadSeries>();
  for (const line of lines) {
    const record = JSON.parse(line) as Record<string, unknown>;
    const tags = record.tags as Record<string, string>;
    bySeries.set(
      `${record.metric}${JSON.stringify(tags)}`,
      toReadSeries(String(record.metric), tags, record),
    );
  }
  return [...bySeries.values()];
}

/** Reads logfmt lines back as series (tags are the `tags.*` fields); the last flush wins. */
export function readLogfmtLines(lines: readonly string[]): ReadSeries[] {
  const bySeries = new Map<string, ReadSeries>();
  for (const line of lines) {
    const fields = parseLogfmt(line);
    const tags: Record<string, string> = {};
    for (const [key, value] of Object.entries(fields))
      if (key.startsWith('tags.')) tags[key.slice(5)] = value;
    const metric = fields.metric ?? '';
    bySeries.set(`${metric}${JSON.stringify(tags)}`, toReadSeries(metric, tags, fields));
  }
  return [...bySeries.values()];
}

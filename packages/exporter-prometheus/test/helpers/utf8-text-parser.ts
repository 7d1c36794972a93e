/*
 * A reader of Prometheus 3's text format with UTF-8 names (`escaping=allow-utf-8`), written from the
 * format's description (https://prometheus.io/docs/instrumenting/exposition_formats/, "UTF-8
 * support" / the UTF-8 names proposal), not from meterkit's writer: a metric or label name that is
 * not classic is a double-quoted string with `\\`, `\"` and `\n` escapes; a quoted metric name is
 * the first item inside the braces (`{"a.b","k.x"="v"} 1`). No Prometheus 3, and no parser that
 * reads this, can be installed on this project's machines (Debian's python3-prometheus-client 0.16
 * rejects quoted names), so this strict reader stands in: anything else is an error.
 */

/** One sample line as read. */
export interface Utf8Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: string;
}

/** What an exposition holds: HELP and TYPE lines by metric name, and the samples in order. */
export interface Utf8Exposition {
  readonly help: Map<string, string>;
  readonly types: Map<string, string>;
  readonly samples: Utf8Sample[];
}

const CLASSIC_METRIC = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const CLASSIC_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*/;

class LineReader {
  private at = 0;
  constructor(private readonly line: string) {}

  peek(): string | undefined {
    return this.line[this.at];
  }

  expect(text: string): void {
    if (!this.line.startsWith(text, this.at)) this.fail(`expected ${JSON.stringify(text)}`);
    this.at += text.length;
  }

  /** A double-quoted string with the three escapes; any other backslash is an error. */
  quoted(): string {
    this.expect('"');
    let text = '';
    for (;;) {
      const char = this.line[this.at++];
      if (char === undefined) this.fail('unterminated quoted string');
      if (char === '"') return text;
      if (char !== '\\') {
        text += char;
        continue;
      }
      const escaped = this.line[this.at++];
      if (escaped === '\\') text += '\\';
      else if (escaped === '"') text += '"';
      else if (escaped === 'n') text += '\n';
      else this.fail(`invalid escape \\${escaped}`);
    }
  }

  bare(pattern: RegExp): string {
    const match = pattern.exec(this.line.slice(this.at));
    if (match === null) this.fail('expected a name');
    this.at += match[0].length;
    return match[0];
  }

  rest(): string {
    const text = this.line.slice(this.at);
    this.at = this.line.length;
    return text;
  }

  fail(message: string): never {
    throw new Error(`${message} at column ${this.at} of ${JSON.stringify(this.line)}`);
  }
}

function metricName(reader: LineReader): string {
  return reader.peek() === '"' ? reader.quoted() : reader.bare(CLASSIC_METRIC);
}

function sample(line: string): Utf8Sample {
  const reader = new LineReader(line);
  let name = reader.peek() === '{' ? undefined : reader.bare(CLASSIC_METRIC);
  const labels: Record<string, string> = {};
  if (reader.peek() === '{') {
    reader.expect('{');
    let first = true;
    while (reader.peek() !== '}') {
      if (!first) reader.expect(',');
      const key = reader.peek() === '"' ? reader.quoted() : reader.bare(CLASSIC_LABEL);
      if (reader.peek() === '=') {
        reader.expect('=');
        if (Object.hasOwn(labels, key)) reader.fail(`label ${key} repeated`);
        labels[key] = reader.quoted();
      } else if (first && name === undefined) {
        name = key; // `{"metric.name", …}`: a quoted name without `=` is the metric name
      } else {
        reader.fail('a label without a value');
      }
      first = false;
    }
    reader.expect('}');
  }
  if (name === undefined) throw new Error(`a sample without a metric name: ${JSON.stringify(line)}`);
  reader.expect(' ');
  const [value, timestamp, extra] = reader.rest().split(' ');
  if (
    value === undefined ||
    value === '' ||
    extra !== undefined ||
    (timestamp !== undefined && !/^-?\d+$/.test(timestamp))
  )
    throw new Error(`bad value in ${JSON.stringify(line)}`);
  if (!/^([+-]?Inf|NaN|[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)$/.test(value))
    throw new Error(`bad value ${value}`);
  return { name, labels, value };
}

/** Reads a whole exposition; throws on the first line the format does not allow. */
export function parseUtf8Text(text: string): Utf8Exposition {
  const exposition: Utf8Exposition = { help: new Map(), types: new Map(), samples: [] };
  if (text !== '' && !text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('# HELP ') || line.startsWith('# TYPE ')) {
      const reader = new LineReader(line);
      reader.expect('# ');
      const kind = reader.rest().slice(0, 4);
      const header = new LineReader(line.slice(7));
      const name = metricName(header);
      header.expect(' ');
      const rest = header.rest();
      (kind === 'HELP' ? exposition.help : exposition.types).set(name, rest);
      continue;
    }
    if (line.startsWith('#')) continue; // a comment
    exposition.samples.push(sample(line));
  }
  return exposition;
}

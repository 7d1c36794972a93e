import { spawn } from 'node:child_process';

/** One sample as the strict parser read it. */
export interface ParsedSample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

/** One metric family as the strict parser read it. */
export interface ParsedFamily {
  readonly name: string;
  readonly type: string;
  readonly samples: ParsedSample[];
}

/**
 * Debian's python3-prometheus-client, whose `openmetrics.parser` enforces OpenMetrics 1.0 (no `_sum`
 * with negative buckets, no negative or NaN counter-like samples, no negative quantiles, `# EOF`…):
 * it reads the exposition as strict UTF-8 and prints what it parsed, numbers as Python's repr.
 */
const PARSE_SCRIPT = `
import json, sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
text = sys.stdin.buffer.read().decode('utf-8')
try:
    families = [
        {'name': f.name, 'type': f.type,
         'samples': [{'name': s.name, 'labels': s.labels, 'value': repr(float(s.value))} for s in f.samples]}
        for f in text_string_to_metric_families(text)
    ]
except Exception as error:
    sys.stderr.write(type(error).__name__ + ': ' + str(error))
    sys.exit(1)
sys.stdout.write(json.dumps(families))
`;

/** Debian's interpreter, which has the python3-prometheus-client package (a pyenv one may not). */
export const SYSTEM_PYTHON = '/usr/bin/python3';

function pythonNumber(text: string): number {
  if (text === 'nan') return Number.NaN;
  if (text === 'inf') return Number.POSITIVE_INFINITY;
  if (text === '-inf') return Number.NEGATIVE_INFINITY;
  return Number(text);
}

/**
 * Parses an OpenMetrics exposition with the strict parser; rejects with the parser's message when
 * it refuses the text (as a strict scraper would refuse the whole scrape).
 */
export function parseOpenMetricsStrictly(exposition: string): Promise<ParsedFamily[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(SYSTEM_PYTHON, ['-c', PARSE_SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (part) => (stdout += part));
    child.stderr.on('data', (part) => (stderr += part));
    child.once('error', (error) =>
      reject(
        new Error(`Could not run ${SYSTEM_PYTHON} (install python3-prometheus-client): ${error.message}`),
      ),
    );
    child.once('close', (code) => {
      if (code !== 0) return reject(new Error(`The strict OpenMetrics parser rejected the text: ${stderr}`));
      const raw = JSON.parse(stdout) as Array<{
        name: string;
        type: string;
        samples: Array<{ name: string; labels: Record<string, string>; value: string }>;
      }>;
      resolve(
        raw.map((family) => ({
          ...family,
          samples: family.samples.map((sample) => ({ ...sample, value: pythonNumber(sample.value) })),
        })),
      );
    });
    child.stdin.end(Buffer.from(exposition, 'utf8'));
  });
}

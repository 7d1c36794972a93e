import { spawnSync } from 'node:child_process';
import { createProvider } from '@meterkit/core';
import { describe, expect, it } from 'vitest';
import { serializeOpenMetrics } from '../src/openmetrics-serializer.js';
import { serializePrometheusText } from '../src/prometheus-serializer.js';
import { SYSTEM_PYTHON } from './helpers/openmetrics-parser.js';

/** Debian's strict OpenMetrics parser, printing every sample's exemplar as it read it. */
const EXEMPLAR_SCRIPT = `
import json, sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
out = []
for f in text_string_to_metric_families(sys.stdin.read()):
    for s in f.samples:
        if s.exemplar is not None:
            out.append({'sample': s.name, 'labels': s.labels, 'exemplar': s.exemplar.labels,
                        'value': s.exemplar.value, 'timestamp': float(s.exemplar.timestamp)})
print(json.dumps(out))
`;

function strictExemplars(text: string) {
  const run = spawnSync(SYSTEM_PYTHON, ['-c', EXEMPLAR_SCRIPT], { input: text, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`strict parser rejected the text: ${run.stderr}`);
  return JSON.parse(run.stdout) as Array<{
    sample: string;
    labels: Record<string, string>;
    exemplar: Record<string, string>;
    value: number;
    timestamp: number;
  }>;
}

async function recorded() {
  const provider = await createProvider({ provider: 'prometheus', exemplars: true });
  const registry = provider;
  registry
    .counter('jobs_total')
    .add(3, { trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: '00f067aa0ba902b7' });
  const histogram = registry.histogram('latency_seconds', { buckets: [0.1, 1] });
  histogram.observe(0.5, { trace_id: 'abc"quote' });
  histogram.observe(0.05);
  const snapshot = await provider.registry().snapshot();
  await provider.stop();
  return snapshot;
}

describe('OpenMetrics exemplars', () => {
  it('are read back by the strict Python parser on _total and _bucket lines', async () => {
    const found = strictExemplars(serializeOpenMetrics(await recorded()));
    expect(found).toHaveLength(2);
    const counter = found.find((f) => f.sample === 'jobs_total')!;
    expect(counter.exemplar).toEqual({
      trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
      span_id: '00f067aa0ba902b7',
    });
    expect(counter.value).toBe(3);
    expect(Math.abs(counter.timestamp * 1000 - Date.now())).toBeLessThan(60_000);
    const bucket = found.find((f) => f.sample === 'latency_seconds_bucket')!;
    expect(bucket.labels.le).toBe('1.0');
    expect(bucket.exemplar).toEqual({ trace_id: 'abc"quote' });
    expect(bucket.value).toBe(0.5);
  });

  it('are left out of the text format 0.0.4', async () => {
    expect(serializePrometheusText(await recorded())).not.toContain('trace_id');
  });
});

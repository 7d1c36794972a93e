/**
 * The cost of exemplars per observation: meterkit's histogram with exemplars off and on (explicit
 * exemplar tags) beside prom-client 15's exemplar path (`enableExemplars: true`,
 * `observe({ labels, value, exemplarLabels })`), in one process, interleaved rounds.
 *
 *   pnpm --filter @meterkit/core build && node bench/exemplars.bench.mjs
 */
import { createProvider } from '@meterkit/core';
import promClient from 'prom-client';
import { compare, nsFigure } from './lib/measure-ns.mjs';
import { describeTable, record } from './lib/report.mjs';

const BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const VALUES = Array.from({ length: 1024 }, (_, i) => ((i * 7919) % 1000) / 200);
const EXEMPLAR = { trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: '00f067aa0ba902b7' };

const off = await createProvider({ provider: 'memory' });
const on = await createProvider({ provider: 'memory', exemplars: true });
const plain = off.histogram('latency_seconds', { buckets: BOUNDS });
const withExemplars = on.histogram('latency_seconds', { buckets: BOUNDS });
const exponentialPlain = off.histogram('exponential_seconds', { exponential: true });
const exponentialExemplars = on.histogram('exponential_seconds', { exponential: true });

const registry = new promClient.Registry(promClient.Registry.OPENMETRICS_CONTENT_TYPE);
const promPlain = new promClient.Histogram({
  name: 'plain',
  help: 'h',
  buckets: BOUNDS,
  registers: [registry],
});
const promExemplars = new promClient.Histogram({
  name: 'ex',
  help: 'h',
  buckets: BOUNDS,
  enableExemplars: true,
  registers: [registry],
});

const loop = (observe) => (n) => {
  for (let i = 0; i < n; i++) observe(VALUES[i & 1023]);
  return n;
};

const result = compare({
  'meterkit observe (exemplars off)': loop((v) => plain.observe(v)),
  'meterkit observe (exemplars on, explicit tags)': loop((v) => withExemplars.observe(v, EXEMPLAR)),
  'meterkit observe (exemplars on, no span)': loop((v) => withExemplars.observe(v)),
  'meterkit exponential observe (exemplars off)': loop((v) => exponentialPlain.observe(v)),
  'meterkit exponential observe (exemplars on, tags)': loop((v) => exponentialExemplars.observe(v, EXEMPLAR)),
  'prom-client observe': loop((v) => promPlain.observe(v)),
  'prom-client observe with exemplarLabels': loop((v) =>
    promExemplars.observe({ labels: {}, value: v, exemplarLabels: EXEMPLAR }),
  ),
});

const base = result['meterkit observe (exemplars off)'].ns;
const prom = result['prom-client observe with exemplarLabels'].ns;
console.log('ns per observation (median of rounds)');
for (const [name, r] of Object.entries(result)) {
  console.log(
    `${name.padEnd(48)} ${r.ns.toFixed(1).padStart(8)} ns   x${(r.ns / base).toFixed(2)} of meterkit off   x${(r.ns / prom).toFixed(2)} of prom-client exemplars`,
  );
}
await off.stop();
await on.stop();

// Published table (packages/core/README.md), written by run.mjs.
describeTable({
  table: 'core-exemplars',
  title: 'Histogram observe with exemplars (ns per observation, no tags)',
  columns: ['meterkit', 'prom-client'],
  reference: 'meterkit',
  note: 'Exemplar tags: `{ trace_id, span_id }` (meterkit `observe(v, tags)`, prom-client 15 `observe({ labels, value, exemplarLabels })` with `enableExemplars`).',
});
for (const [row, cells] of Object.entries({
  'exemplars off': { meterkit: 'meterkit observe (exemplars off)', 'prom-client': 'prom-client observe' },
  'exemplars on, explicit exemplar tags': {
    meterkit: 'meterkit observe (exemplars on, explicit tags)',
    'prom-client': 'prom-client observe with exemplarLabels',
  },
  'exemplars on, no active span': { meterkit: 'meterkit observe (exemplars on, no span)' },
})) {
  for (const [metric, name] of Object.entries(cells)) {
    record({ table: 'core-exemplars', row, metric, ...nsFigure(result[name]) });
  }
}

import { createProvider } from '@meterkit/core';

const otel = await import('/work/main/packages/exporter-otel/dist/index.js');
const p = await createProvider({ provider: 'memory', cardinalityLimit: 100000 });
const h = p.histogram('latency', { buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
const c = p.counter('reqs');
for (let i = 0; i < 10000; i++) {
  const t = { method: 'GET', route: `/item/${i}`, status: '200' };
  h.withTags(t).observe(i % 10);
  c.withTags(t).add(i);
}
const tr = new otel.SnapshotTranslator({ temporality: 'cumulative', summaries: 'otlp' });
for (let r = 0; r < 12; r++) {
  gc();
  const t0 = performance.now();
  const snap = await p.registry().snapshot();
  const t1 = performance.now();
  const out = tr.translate(snap);
  const t2 = performance.now();
  console.log(`snapshot ${(t1 - t0).toFixed(1)} translate ${(t2 - t1).toFixed(1)} ms`, out.length);
}

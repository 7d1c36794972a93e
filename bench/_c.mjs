import { createProvider } from '@meterkit/core';
import { prometheusTextBytes } from '@meterkit/exporter-prometheus';
const N = 100_000;
const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];
const STATUSES = ['200', '201', '404', '500'];
const p = await createProvider({ provider: 'memory', cardinalityLimit: 1e7 });
const c = p.counter('bench_requests_total', { description: 'Requests', cardinalityLimit: 1e7 });
for (let i = 0; i < N; i++) c.withTags({ method: METHODS[i % 4], route: `/item/${i}`, status: STATUSES[(i >> 2) % 4] }).add(i + 1);
const fam = c.family;
for (let r = 0; r < 10; r++) {
  let t = performance.now();
  let n = 0; fam.forEachSeries([], () => n++);
  const tw = performance.now() - t;
  t = performance.now();
  const s = await p.registry().snapshot();
  const ts = performance.now() - t;
  t = performance.now();
  let chunks = 0; let max = 0;
  for (const b of prometheusTextBytes(s)) { const t1 = performance.now(); chunks++; }
  const tt = performance.now() - t;
  console.log(`forEachSeries ${tw.toFixed(1)} snapshot ${ts.toFixed(1)} serialize ${tt.toFixed(1)} chunks ${chunks}`);
}

/**
 * The limit a scrape can approach in JavaScript: a bare node:http server that keeps only the raw
 * tag values and counts, renders every line from them into one Buffer on each request, and sends it
 * with one `res.end()`. No registry, no snapshot, no escaping (the values need none), no yielding to
 * the event loop: nothing but the bytes. scrape-http.bench.mjs measures meterkit against it.
 */
import {
  BUCKET_BOUNDS,
  METHODS,
  methodIndex,
  observation,
  route,
  STATUSES,
  statusIndex,
} from './scrape-data.mjs';

/** Text 0.0.4 and OpenMetrics spellings of the bucket bounds (OpenMetrics: canonical floats, `1.0`). */
const TEXT_LE = [...BUCKET_BOUNDS.map(String), '+Inf'];
const OPENMETRICS_LE = [...BUCKET_BOUNDS.map((b) => (Number.isInteger(b) ? `${b}.0` : String(b))), '+Inf'];

export async function startLimitServer(counters, histograms, listen) {
  const routes = Array.from({ length: Math.max(counters, histograms) }, (_, i) => route(i));
  const values = Float64Array.from({ length: counters }, (_, i) => i + 1);
  const buckets = BUCKET_BOUNDS.length + 1;
  const counts = new Float64Array(histograms * buckets);
  const sums = new Float64Array(histograms);
  for (let i = 0; i < histograms; i++) {
    for (let k = 0; k < 3; k++) {
      const value = observation(i, k);
      let b = 0;
      while (b < BUCKET_BOUNDS.length && value > BUCKET_BOUNDS[b]) b++;
      counts[i * buckets + b]++;
      sums[i] += value;
    }
  }
  const labels = (i) =>
    `{method="${METHODS[methodIndex(i)]}",route="${routes[i]}",status="${STATUSES[statusIndex(i)]}"`;

  const renderCounters = (openMetrics) => {
    const buffer = Buffer.allocUnsafe(counters * 96 + 256);
    let at = buffer.latin1Write(
      openMetrics
        ? '# TYPE bench_requests counter\n# HELP bench_requests Requests\n'
        : '# HELP bench_requests_total Requests\n# TYPE bench_requests_total counter\n',
      0,
    );
    for (let i = 0; i < counters; i++) {
      at += buffer.latin1Write(`bench_requests_total${labels(i)}} ${values[i]}\n`, at);
    }
    if (openMetrics) at += buffer.latin1Write('# EOF\n', at);
    return buffer.subarray(0, at);
  };

  const renderHistograms = (openMetrics) => {
    const le = openMetrics ? OPENMETRICS_LE : TEXT_LE;
    const buffer = Buffer.allocUnsafe(histograms * buckets * 112 + 256);
    let at = buffer.latin1Write(
      openMetrics
        ? '# TYPE bench_latency_seconds histogram\n# HELP bench_latency_seconds Latency\n'
        : '# HELP bench_latency_seconds Latency\n# TYPE bench_latency_seconds histogram\n',
      0,
    );
    for (let i = 0; i < histograms; i++) {
      const open = `bench_latency_seconds_bucket${labels(i)},le="`;
      let cumulative = 0;
      for (let b = 0; b < buckets; b++) {
        cumulative += counts[i * buckets + b];
        at += buffer.latin1Write(`${open}${le[b]}"} ${cumulative}\n`, at);
      }
      const closed = `${labels(i)}} `;
      at += buffer.latin1Write(
        `bench_latency_seconds_sum${closed}${sums[i]}\nbench_latency_seconds_count${closed}${cumulative}\n`,
        at,
      );
    }
    if (openMetrics) at += buffer.latin1Write('# EOF\n', at);
    return buffer.subarray(0, at);
  };

  const serve = (render) =>
    listen((req, res) => {
      const openMetrics = (req.headers.accept ?? '').includes('openmetrics');
      const body = render(openMetrics);
      res.writeHead(200, {
        'Content-Type': openMetrics
          ? 'application/openmetrics-text; version=1.0.0; charset=utf-8'
          : 'text/plain; version=0.0.4; charset=utf-8',
        'Content-Length': String(body.length),
      });
      res.end(body);
    });
  return { counters: await serve(renderCounters), histograms: await serve(renderHistograms) };
}

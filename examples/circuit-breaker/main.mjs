// Seed 001: circuit breakers calling a flaky API in the background, exported to Prometheus through
// callback metrics, with alert rules (alerts.yml) and a Grafana dashboard (grafana-dashboard.json).
//
//   node examples/circuit-breaker/main.mjs            # http://127.0.0.1:8080/metrics
//   curl -X POST 'http://127.0.0.1:8080/chaos?failure_rate=0.9'   # break the API, watch it open
//   curl -X POST 'http://127.0.0.1:8080/chaos?failure_rate=auto'  # back to the built-in scenario
//
// PORT (0 = any free port) and EXAMPLE_DURATION (e.g. 10s: stop by itself) are optional.
import { createServer } from 'node:http';
import { configFromEnv, createProvider, parseDuration } from '@meterkit/core';
import { registerBreakerMetrics } from './breaker-collector.mjs';
import { CircuitBreaker } from './circuit-breaker.mjs';

const port = Number(process.env.PORT ?? 8080);
const config = configFromEnv(process.env, { provider: 'prometheus' });
const metrics = await createProvider(config);

const breakers = [
  new CircuitBreaker({ name: 'api-client', failureThreshold: 5, openMs: 5000 }),
  new CircuitBreaker({ name: 'payments', failureThreshold: 5, openMs: 5000 }),
];
for (const breaker of breakers) {
  registerBreakerMetrics(metrics.registry(), breaker, { service: 'checkout' });
  breaker.onStateChange((from, to) => log(`${breaker.name}: ${from} -> ${to}`));
}
// Seed 001's "production recommendation": request durations as a histogram, by breaker and outcome.
const callDuration = metrics.timer('circuit_breaker_request_duration', {
  description: 'Duration of calls made through the breaker',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5],
});

// The flaky API: a built-in scenario (healthy 40 s, outage 15 s, repeat) unless /chaos overrides it.
let failureOverride;
const startedAt = Date.now();
function apiFailureRate() {
  if (failureOverride !== undefined) return failureOverride;
  return (Date.now() - startedAt) % 55_000 < 40_000 ? 0.02 : 0.6;
}
function callApi(failureRate) {
  return new Promise((resolve, reject) =>
    setTimeout(
      () => (Math.random() < failureRate ? reject(new Error('503 from upstream')) : resolve('ok')),
      2 + Math.random() * 30,
    ),
  );
}

const [apiClient, payments] = breakers;
async function callThrough(breaker, failureRate) {
  const stopwatch = callDuration.withTags({ name: breaker.name }).newStopwatch();
  try {
    await breaker.execute(() => callApi(failureRate));
  } catch {
    // Counted by the breaker; a real client would fall back or report the error here.
  } finally {
    stopwatch.stop();
  }
}
const traffic = setInterval(() => {
  callThrough(apiClient, apiFailureRate());
  callThrough(payments, 0.01);
}, 50);

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/metrics') return metrics.handler()(req, res);
  if (url.pathname === '/chaos' && req.method === 'POST') {
    const value = url.searchParams.get('failure_rate') ?? 'auto';
    const rate = Number(value);
    if (value !== 'auto' && !(rate >= 0 && rate <= 1)) {
      res.writeHead(400).end(`failure_rate must be a number in [0, 1] or "auto", got "${value}"\n`);
      return;
    }
    failureOverride = value === 'auto' ? undefined : rate;
    log(`api failure rate: ${value}`);
    res.end(`api failure rate: ${value}\n`);
    return;
  }
  res.writeHead(404).end('try GET /metrics or POST /chaos?failure_rate=0.9\n');
});

function log(line) {
  process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

server.listen(port, '127.0.0.1', () => {
  const base = `http://127.0.0.1:${server.address().port}`;
  process.stdout.write(
    `circuit breaker example on ${base}\n` +
      `  metrics: ${base}/metrics   (curl -s ${base}/metrics | grep circuit_breaker)\n` +
      `  break the API: curl -X POST '${base}/chaos?failure_rate=0.9'\n`,
  );
  const summary = setInterval(() => {
    for (const breaker of breakers) {
      const m = breaker.metrics();
      log(
        `${breaker.name}: ${breaker.state}, requests=${m.requests} failures=${m.failures} ` +
          `rejected=${m.rejections} failure_rate=${m.failureRate.toFixed(2)}`,
      );
    }
  }, 5000);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    clearInterval(traffic);
    clearInterval(summary);
    server.close();
    server.closeAllConnections(); // a scraper's keep-alive connection would hold the process
    await metrics.stop();
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  if (process.env.EXAMPLE_DURATION) {
    setTimeout(shutdown, parseDuration(process.env.EXAMPLE_DURATION, 'EXAMPLE_DURATION'));
  }
});

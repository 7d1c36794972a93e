// Seed 004: a batch job that cannot be scraped (it ends), so it pushes its metrics to a Prometheus
// Pushgateway every 15 seconds and once more when it finishes; Prometheus scrapes the gateway
// (prometheus.yml). Start a gateway first:
//
//   prometheus-pushgateway --web.listen-address=127.0.0.1:9091
//   node examples/pushgateway-batch/job.mjs
//   curl -s http://127.0.0.1:9091/metrics | grep '^app_'
//
// PUSHGATEWAY_URL (default http://127.0.0.1:9091), PUSH_INTERVAL (default 15s) and JOB_DURATION
// (default 60s) are optional. The last line printed is a JSON summary of what was pushed last.
import { createProvider, parseDuration } from '@meterkit/core';

const pushGateway = process.env.PUSHGATEWAY_URL ?? 'http://127.0.0.1:9091';
const pushInterval = process.env.PUSH_INTERVAL ?? '15s';
const jobDurationMs = parseDuration(process.env.JOB_DURATION ?? '60s', 'JOB_DURATION');

const metrics = await createProvider({
  provider: 'prometheus',
  namespace: 'app',
  prometheus: {
    pushGateway,
    pushInterval,
    pushJobName: 'example_metrics_pusher',
    groupings: { instance: 'example-app' },
  },
  // A failed push must not kill the job: report it and carry on (the next push sends everything).
  onError: (error, source) => process.stderr.write(`metrics ${source}: ${error.message}\n`),
});

// The seed's metric types: counter, gauges, histogram, and a counter with labels.
const requests = metrics.counter('requests_total', { description: 'Total number of requests processed' });
const connections = metrics.gauge('active_connections', { description: 'Active connections' });
const temperature = metrics.gauge('temperature_celsius', {
  description: 'Temperature of the machine room',
  unit: 'celsius',
});
const duration = metrics.timer('request_duration', {
  description: 'Request duration',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
});
const jobs = metrics.counter('jobs_processed_total', {
  description: 'Jobs processed by type and status',
  labelNames: ['job_type', 'status'],
});
// The Pushgateway keeps the last push forever: alert on this, not on the job's absence.
const lastSuccess = metrics.gauge('last_success_timestamp_seconds', {
  description: 'When the job last completed a batch, in Unix seconds',
});

const jobTypes = ['email', 'report', 'backup'];
function workOneBatch() {
  const batchSize = 5 + Math.floor(Math.random() * 10);
  for (let i = 0; i < batchSize; i++) {
    requests.inc();
    duration.record(0.002 + Math.random() * 0.3);
    const jobType = jobTypes[Math.floor(Math.random() * jobTypes.length)];
    jobs.withTags({ job_type: jobType, status: Math.random() < 0.9 ? 'success' : 'failed' }).inc();
  }
  connections.set(Math.floor(Math.random() * 50));
  temperature.set(Math.round((18 + Math.random() * 8) * 10) / 10);
  lastSuccess.set(Math.floor(Date.now() / 1000));
}

await metrics.start(); // pushes every pushInterval from now on
process.stdout.write(
  `batch job: pushing to ${pushGateway} every ${pushInterval} as job="example_metrics_pusher", ` +
    `instance="example-app", for ${jobDurationMs / 1000}s\n`,
);

const work = setInterval(workOneBatch, 200);
workOneBatch();
await new Promise((resolve) => setTimeout(resolve, jobDurationMs));
clearInterval(work);

await metrics.stop(); // the final push: the gateway holds the job's last values
const summary = {
  requests: requests.value(),
  active_connections: connections.value(),
  temperature_celsius: temperature.value(),
  request_duration_count: duration.snapshot().count,
  jobs: Object.fromEntries(
    jobTypes.flatMap((type) =>
      ['success', 'failed'].map((status) => [
        `${type}/${status}`,
        jobs.withTags({ job_type: type, status }).value(),
      ]),
    ),
  ),
};
process.stdout.write(`${JSON.stringify(summary)}\n`);

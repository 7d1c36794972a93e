import { writeFileSync } from 'node:fs';
import {
  type BackendProcess,
  EtsyDaemon,
  eventually,
  freePort,
  OtlpReceiver,
  querySamples,
  scrapeConfig,
  startPrometheus,
  targetOfJob,
} from '@meterkit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppExit, AppProcess } from './support/app-process.js';
import { differences, EXACT, STATSD, TABLE_HEADER, type Tolerance, tableRow } from './support/compare.js';
import {
  exponentialFromLogLines,
  exponentialFromOtlp,
  exponentialFromPrometheus,
} from './support/exponential-readers.js';
import {
  recordedFromExposition,
  recordedFromLogLines,
  recordedFromOtlp,
} from './support/recorded-readers.js';
import { ETSY_BINS, etsyPercentiles, recordedFromEtsy } from './support/statsd-reader.js';
import {
  driveInBatches,
  expectedFrom,
  exponentialScale,
  type Recorded,
  workPlan,
} from './support/traffic.js';

/*
 * Swap: the fixture app runs unchanged six times, METERKIT_PROVIDER = prometheus, opentelemetry,
 * statsd, logger, remote-write (pushed into the Prometheus with native histograms), and the first four at once. Every run gets the same environment (all backends'
 * addresses) except METERKIT_PROVIDER and its `run` tag, and the same 60 deterministic requests in
 * three batches (so push backends flush mid-run as well as on stop). Each real backend is read
 * back: Prometheus through PromQL, the OTLP receiver's decoded requests, the Etsy StatsD daemon's
 * flushes, the logger's JSON lines on stdout. The five runs are concurrent: they share the
 * backends, kept apart by the `run` tag (and Prometheus' job).
 *
 * The app also has an exponential (native) histogram, `work_latency` (E2E_EXPONENTIAL=1): a second
 * Prometheus, started with `--enable-feature=native-histograms`, scrapes the same targets as protobuf
 * and answers `histogram_count`, `histogram_sum` and `histogram_quantile` on the native series; OTLP
 * gets `ExponentialHistogram` points, StatsD the samples, the logger count, sum and quantiles.
 *
 * Set E2E_SWAP_TABLE=/path/table.md to write the table of what each backend received.
 */

type Backend = 'prometheus' | 'opentelemetry' | 'statsd' | 'logger' | 'remote-write';
/** Both Prometheus servers accept the remote-write run's pushes, as the e2e one always did. */
const REMOTE_WRITE_RECEIVER = '--web.enable-remote-write-receiver';
const ALL: Backend[] = ['prometheus', 'opentelemetry', 'statsd', 'logger'];
const RUNS: ReadonlyArray<{ run: string; backends: Backend[]; otlpProtocol: string }> = [
  { run: 'prometheus', backends: ['prometheus'], otlpProtocol: 'http/protobuf' },
  { run: 'opentelemetry', backends: ['opentelemetry'], otlpProtocol: 'http/protobuf' },
  { run: 'statsd', backends: ['statsd'], otlpProtocol: 'http/protobuf' },
  { run: 'logger', backends: ['logger'], otlpProtocol: 'http/protobuf' },
  // Pushed into the same Prometheus with remote write instead of scraped.
  { run: 'remote-write', backends: ['remote-write'], otlpProtocol: 'http/protobuf' },
  // Fan-out, and OTLP's JSON encoding this time.
  { run: 'all', backends: ALL, otlpProtocol: 'http/json' },
];
const PLAN = workPlan(60);
const EXPECTED = expectedFrom(PLAN, { exponential: true });
/**
 * One bucket's relative width at the scale the exponential timer settles at (computed from the
 * recorded values; Prometheus caps it at schema 8): how far a quantile read from buckets may be.
 */
const BUCKET_WIDTH = 2 ** (2 ** -Math.min(8, exponentialScale(PLAN.map((item) => item.ms / 1000)))) - 1;
const FROM_BUCKETS: Tolerance = { ...EXACT, exponentialQuantile: BUCKET_WIDTH };
const TOLERANCE: Record<Backend, Tolerance> = {
  prometheus: FROM_BUCKETS,
  opentelemetry: FROM_BUCKETS,
  statsd: STATSD,
  logger: FROM_BUCKETS,
  'remote-write': FROM_BUCKETS,
};

interface RunResult {
  exit?: AppExit;
  events: Array<Record<string, unknown>>;
  received: Partial<Record<Backend, Recorded>>;
  failure?: Error;
}

let prometheus: BackendProcess | undefined;
/** The same targets, scraped with native histograms enabled (protobuf). */
let nativePrometheus: BackendProcess | undefined;
let daemon: EtsyDaemon | undefined;
let receiver: OtlpReceiver | undefined;
const apps: AppProcess[] = [];
const results = new Map<string, RunResult>();
const ports = new Map<string, number>();

/** The expected values a backend is held to: StatsD percentiles follow the daemon's definition. */
function expectedFor(backend: Backend): Recorded {
  if (backend !== 'statsd') return EXPECTED;
  return {
    ...EXPECTED,
    orderValue: { ...EXPECTED.orderValue, quantiles: etsyPercentiles(PLAN.map((item) => item.value)) },
    latency: { ...EXPECTED.latency!, quantiles: etsyPercentiles(PLAN.map((item) => item.ms / 1000)) },
  };
}

async function readPrometheus(run: string): Promise<Recorded> {
  const base = prometheus!.baseUrl;
  // Wait for a scrape taken after the last request: it holds all 60 (one scrape is atomic).
  await eventually(
    `Prometheus to scrape all ${PLAN.length} requests of run ${run}`,
    async () => {
      const samples = await querySamples(base, `sum(e2e_work_requests_total{job="${run}"})`);
      return samples[0]?.value === PLAN.length ? true : undefined;
    },
    30_000,
    250,
  );
  const target = await targetOfJob(base, run);
  expect(target, `Prometheus target ${run}`).toMatchObject({ health: 'up', lastError: '' });
  const recorded = recordedFromExposition(await querySamples(base, `{job="${run}", __name__=~"e2e_.+"}`));
  const native = nativePrometheus!.baseUrl;
  await eventually(
    `the native-histogram Prometheus to scrape all ${PLAN.length} requests of run ${run}`,
    async () => ((await exponentialFromPrometheus(native, run)).count === PLAN.length ? true : undefined),
    30_000,
    250,
  );
  expect(await targetOfJob(native, run), `native Prometheus target ${run}`).toMatchObject({
    health: 'up',
    lastError: '',
  });
  return { ...recorded, latency: await exponentialFromPrometheus(native, run) };
}

/**
 * What remote write left for `run` in the Prometheus with native histograms (read after stop(): the
 * final push is in). The run labels its series `job=<run>` (`METERKIT_REMOTE_WRITE_LABELS`) and sends
 * the exponential timer as a native histogram, read like a scraped one.
 */
async function readRemoteWrite(run: string): Promise<Recorded> {
  const native = nativePrometheus!.baseUrl;
  const classic = `{job="${run}", __name__=~"e2e_.+", __name__!~"e2e_work_latency.*"}`;
  const recorded = recordedFromExposition(await querySamples(native, classic));
  return { ...recorded, latency: await exponentialFromPrometheus(native, run) };
}

async function runScenario(run: string, backends: Backend[], otlpProtocol: string): Promise<RunResult> {
  const result: RunResult = { events: [], received: {} };
  const env: Record<string, string> = {
    METERKIT_PROVIDER: backends.join(','),
    METERKIT_NAMESPACE: 'e2e',
    METERKIT_TAGS: `run=${run}`,
    METERKIT_FLUSH_INTERVAL: '250ms',
    METERKIT_STATSD_ADDRESS: `127.0.0.1:${daemon!.port}`,
    METERKIT_OTEL_COLLECTOR_URL: receiver!.url,
    METERKIT_OTEL_PROTOCOL: otlpProtocol,
    METERKIT_REMOTE_WRITE_URL: `${nativePrometheus!.baseUrl}/api/v1/write`,
    METERKIT_REMOTE_WRITE_LABELS: `job=${run}`,
    METERKIT_REMOTE_WRITE_NATIVE_HISTOGRAMS: 'true',
    METERKIT_LOGGER_FORMAT: 'json',
    E2E_EXPONENTIAL: '1',
    PORT: String(ports.get(run) ?? 0),
  };
  try {
    const app = await AppProcess.start(env);
    apps.push(app);
    await driveInBatches(app, PLAN, 3, 400);
    // Prometheus is read while the app still serves: a stopped target's series go stale.
    if (backends.includes('prometheus')) result.received.prometheus = await readPrometheus(run);
    result.exit = await app.stop();
    result.events = app.events.filter((e) => e.event !== 'ready' && e.event !== 'stopped');
    if (backends.includes('statsd')) {
      // The daemon aggregates per its own 200 ms flush: wait until what it flushed adds up.
      const read = () => recordedFromEtsy(daemon!.flushes(), run);
      await eventually(`the StatsD daemon to hold run ${run}`, () =>
        differences(read(), expectedFor('statsd'), STATSD).length === 0 ? true : undefined,
      ).catch(() => undefined); // a shortfall shows in the comparison below
      result.received.statsd = read();
    }
    if (backends.includes('opentelemetry')) {
      const points = receiver!.pointsOfRun(run);
      result.received.opentelemetry = {
        ...recordedFromOtlp(points),
        latency: exponentialFromOtlp(points.get('e2e_work_latency')),
      };
    }
    if (backends.includes('logger')) {
      result.received.logger = {
        ...recordedFromLogLines(app.stdout),
        latency: exponentialFromLogLines(app.stdout),
      };
    }
    if (backends.includes('remote-write')) result.received['remote-write'] = await readRemoteWrite(run);
  } catch (error) {
    result.failure = error as Error;
  }
  return result;
}

beforeAll(async () => {
  for (const { run, backends } of RUNS) if (backends.includes('prometheus')) ports.set(run, await freePort());
  const targets = Object.fromEntries([...ports].map(([run, port]) => [run, `127.0.0.1:${port}`]));
  [prometheus, nativePrometheus, daemon, receiver] = await Promise.all([
    startPrometheus(scrapeConfig(targets), 'meterkit-e2e-prometheus-', { flags: [REMOTE_WRITE_RECEIVER] }),
    startPrometheus(scrapeConfig(targets), 'meterkit-e2e-prometheus-', {
      flags: ['--enable-feature=native-histograms', REMOTE_WRITE_RECEIVER],
    }),
    EtsyDaemon.start({ histogram: ETSY_BINS, percentThreshold: [50, 90] }),
    OtlpReceiver.start(),
  ]);
  const outcomes = await Promise.all(RUNS.map((r) => runScenario(r.run, r.backends, r.otlpProtocol)));
  for (const [i, r] of RUNS.entries()) results.set(r.run, outcomes[i]!);
});

afterAll(async () => {
  await Promise.all(apps.map((app) => app.kill()));
  await Promise.all([prometheus?.stop(), nativePrometheus?.stop(), daemon?.stop(), receiver?.close()]);
  daemon?.dispose();
  const table = [TABLE_HEADER, tableRow('recorded by the app', EXPECTED, '')];
  for (const { run, backends } of RUNS) {
    for (const backend of backends) {
      const received = results.get(run)?.received[backend];
      if (received === undefined) continue;
      const diff = differences(received, expectedFor(backend), TOLERANCE[backend]);
      table.push(
        tableRow(`${run} → ${backend}`, received, diff.length === 0 ? 'yes' : `**no** (${diff.length})`),
      );
    }
  }
  if (process.env.E2E_SWAP_TABLE) writeFileSync(process.env.E2E_SWAP_TABLE, `${table.join('\n')}\n`);
});

describe.each(RUNS)('METERKIT_PROVIDER=$backends: the unchanged app', ({ run, backends }) => {
  it('serves, records and stops gracefully: exit 0 by itself, no error reported, nothing unhandled', () => {
    const result = results.get(run)!;
    if (result.failure) throw result.failure;
    expect(result.exit).toEqual({ code: 0, signal: null, killed: false });
    expect(result.events).toEqual([]);
  });

  it.each(backends)('%s received the same counts, sums and bucket counts the app recorded', (backend) => {
    const result = results.get(run)!;
    if (result.failure) throw result.failure;
    const received = result.received[backend];
    expect(received, `${backend} was read`).toBeDefined();
    expect(differences(received!, expectedFor(backend), TOLERANCE[backend])).toEqual([]);
  });
});

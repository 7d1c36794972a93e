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
import { type AppNaming, CLASSIC, SEMCONV } from './support/app-names.js';
import { type AppExit, AppProcess } from './support/app-process.js';
import { differences, EXACT, STATSD, TABLE_HEADER, type Tolerance, tableRow } from './support/compare.js';
import {
  exponentialFromLogLines,
  exponentialFromOtlp,
  exponentialFromPrometheus,
} from './support/exponential-readers.js';
import { gatewaySamples, startPushgateway } from './support/pushgateway.js';
import {
  recordedFromExposition,
  recordedFromLogLines,
  recordedFromOtlp,
} from './support/recorded-readers.js';
import {
  otlpUnits,
  type RuntimeNamesSeen,
  runtimeKeysInEtsy,
  runtimeLinesOfLogger,
  runtimeMetricsInOtlp,
} from './support/runtime-names.js';
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
 * Then the same app with semantic-convention names (E2E_NAMING=semconv, `support/app-names.ts`):
 * `http.server.request.duration` with the HTTP attributes, dotted names with UCUM units, and the
 * runtime metrics under OpenTelemetry's names (`runtimeMetrics.naming: 'opentelemetry'`), through
 * every backend at once, remote write, and a real Pushgateway (the Prometheus exporter pushing).
 * Each backend is read under its own spelling: Prometheus and the Pushgateway the translated names
 * (`http_server_request_duration_seconds{http_response_status_code}`), OTLP and the logger the
 * dotted originals, the Etsy daemon dotted keys.
 *
 * Set E2E_SWAP_TABLE=/path/table.md to write the table of what each backend received.
 */

type Backend = 'prometheus' | 'opentelemetry' | 'statsd' | 'logger' | 'remote-write' | 'pushgateway';
/** Both Prometheus servers accept the remote-write run's pushes, as the e2e one always did. */
const REMOTE_WRITE_RECEIVER = '--web.enable-remote-write-receiver';
const ALL: Backend[] = ['prometheus', 'opentelemetry', 'statsd', 'logger'];
interface Run {
  readonly run: string;
  readonly backends: Backend[];
  readonly otlpProtocol: string;
  readonly naming: AppNaming;
  /** Whether the app has the exponential timer (not through the Pushgateway: text has no native histograms). */
  readonly exponential: boolean;
}
const CLASSIC_RUN = { otlpProtocol: 'http/protobuf', naming: CLASSIC, exponential: true } as const;
const SEMCONV_RUN = { otlpProtocol: 'http/protobuf', naming: SEMCONV, exponential: true } as const;
const RUNS: readonly Run[] = [
  { ...CLASSIC_RUN, run: 'prometheus', backends: ['prometheus'] },
  { ...CLASSIC_RUN, run: 'opentelemetry', backends: ['opentelemetry'] },
  { ...CLASSIC_RUN, run: 'statsd', backends: ['statsd'] },
  { ...CLASSIC_RUN, run: 'logger', backends: ['logger'] },
  // Pushed into the same Prometheus with remote write instead of scraped.
  { ...CLASSIC_RUN, run: 'remote-write', backends: ['remote-write'] },
  // Fan-out, and OTLP's JSON encoding this time.
  { ...CLASSIC_RUN, run: 'all', backends: ALL, otlpProtocol: 'http/json' },
  // Semantic-convention names: every backend at once, remote write, the Pushgateway.
  { ...SEMCONV_RUN, run: 'semconv', backends: ALL },
  { ...SEMCONV_RUN, run: 'semconv-rw', backends: ['remote-write'] },
  { ...SEMCONV_RUN, run: 'semconv-push', backends: ['pushgateway'], exponential: false },
];
const PLAN = workPlan(60);
const EXPECTED = expectedFrom(PLAN, { exponential: true });
const EXPECTED_WITHOUT_EXPONENTIAL = expectedFrom(PLAN);
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
  pushgateway: EXACT,
};

interface RunResult {
  exit?: AppExit;
  events: Array<Record<string, unknown>>;
  received: Partial<Record<Backend, Recorded>>;
  /** OTLP units of the app's own metrics, by name (what the receiver decoded). */
  otlpUnits?: Record<string, string>;
  runtime: RuntimeNamesSeen;
  failure?: Error;
}

let prometheus: BackendProcess | undefined;
/** The same targets, scraped with native histograms enabled (protobuf). */
let nativePrometheus: BackendProcess | undefined;
let daemon: EtsyDaemon | undefined;
let receiver: OtlpReceiver | undefined;
let pushgateway: (BackendProcess & { port: number }) | undefined;
const apps: AppProcess[] = [];
const results = new Map<string, RunResult>();
const ports = new Map<string, number>();

/** The expected values a backend is held to: StatsD percentiles follow the daemon's definition. */
function expectedFor(backend: Backend, exponential = true): Recorded {
  if (!exponential) return EXPECTED_WITHOUT_EXPONENTIAL;
  if (backend !== 'statsd') return EXPECTED;
  return {
    ...EXPECTED,
    orderValue: { ...EXPECTED.orderValue, quantiles: etsyPercentiles(PLAN.map((item) => item.value)) },
    latency: { ...EXPECTED.latency!, quantiles: etsyPercentiles(PLAN.map((item) => item.ms / 1000)) },
  };
}

async function readPrometheus(run: string, naming: AppNaming): Promise<Recorded> {
  const base = prometheus!.baseUrl;
  const names = naming.prometheus;
  // Wait for a scrape taken after the last request: it holds all 60 (one scrape is atomic).
  await eventually(
    `Prometheus to scrape all ${PLAN.length} requests of run ${run}`,
    async () => {
      const samples = await querySamples(base, `sum(${names.requests}{job="${run}"})`);
      return samples[0]?.value === PLAN.length ? true : undefined;
    },
    30_000,
    250,
  );
  const target = await targetOfJob(base, run);
  expect(target, `Prometheus target ${run}`).toMatchObject({ health: 'up', lastError: '' });
  const recorded = recordedFromExposition(
    await querySamples(base, `{job="${run}", ${naming.promqlOwnMetrics}}`),
    names,
  );
  const native = nativePrometheus!.baseUrl;
  const latency = () => exponentialFromPrometheus(native, run, names.latency);
  await eventually(
    `the native-histogram Prometheus to scrape all ${PLAN.length} requests of run ${run}`,
    async () => ((await latency()).count === PLAN.length ? true : undefined),
    30_000,
    250,
  );
  expect(await targetOfJob(native, run), `native Prometheus target ${run}`).toMatchObject({
    health: 'up',
    lastError: '',
  });
  return { ...recorded, latency: await latency() };
}

/**
 * What remote write left for `run` in the Prometheus with native histograms (read after stop(): the
 * final push is in). The run labels its series `job=<run>` (`METERKIT_REMOTE_WRITE_LABELS`) and sends
 * the exponential timer as a native histogram, read like a scraped one.
 */
async function readRemoteWrite(run: string, naming: AppNaming): Promise<Recorded> {
  const native = nativePrometheus!.baseUrl;
  const names = naming.prometheus;
  const own = `{job="${run}", ${naming.promqlOwnMetrics}, __name__!~"${names.latency}.*"}`;
  const recorded = recordedFromExposition(await querySamples(native, own), names);
  return { ...recorded, latency: await exponentialFromPrometheus(native, run, names.latency) };
}

/** The Pushgateway's group of `run` (job = run) once the final push of stop() is in. */
async function readPushgateway(run: string, naming: AppNaming): Promise<Recorded> {
  const samples = await gatewaySamples(pushgateway!.baseUrl, run);
  if (samples === undefined) throw new Error(`the Pushgateway has no group for job ${run}`);
  return recordedFromExposition(samples, naming.prometheus);
}

/** The semconv run's runtime metrics in Prometheus (read while the app still serves). */
async function runtimeNamesInPrometheus(run: string): Promise<string[]> {
  const samples = await querySamples(prometheus!.baseUrl, `{job="${run}", __name__=~"(v8js|nodejs)_.+"}`);
  return [...new Set(samples.map((sample) => sample.name))].sort();
}

async function runScenario({ run, backends, otlpProtocol, naming, exponential }: Run): Promise<RunResult> {
  const result: RunResult = { events: [], received: {}, runtime: {} };
  const semconv = naming === SEMCONV;
  const env: Record<string, string> = {
    METERKIT_PROVIDER: backends.map((b) => (b === 'pushgateway' ? 'prometheus' : b)).join(','),
    METERKIT_TAGS: `run=${run}`,
    METERKIT_FLUSH_INTERVAL: '250ms',
    METERKIT_STATSD_ADDRESS: `127.0.0.1:${daemon!.port}`,
    METERKIT_OTEL_COLLECTOR_URL: receiver!.url,
    METERKIT_OTEL_PROTOCOL: otlpProtocol,
    METERKIT_REMOTE_WRITE_URL: `${nativePrometheus!.baseUrl}/api/v1/write`,
    METERKIT_REMOTE_WRITE_LABELS: `job=${run}`,
    METERKIT_REMOTE_WRITE_NATIVE_HISTOGRAMS: 'true',
    METERKIT_LOGGER_FORMAT: 'json',
    PORT: String(ports.get(run) ?? 0),
  };
  if (exponential) env.E2E_EXPONENTIAL = '1';
  if (backends.includes('pushgateway')) {
    env.METERKIT_PROMETHEUS_PUSHGATEWAY = pushgateway!.baseUrl;
    env.METERKIT_PROMETHEUS_PUSH_INTERVAL = '250ms';
    env.METERKIT_PROMETHEUS_PUSH_JOB_NAME = run;
  }
  if (semconv) {
    // No namespace: OTLP must see `http.server.request.duration` itself.
    env.E2E_NAMING = 'semconv';
    env.E2E_CONFIG_JSON = JSON.stringify({
      enableRuntimeMetrics: true,
      runtimeMetrics: { naming: 'opentelemetry' },
    });
  } else {
    env.METERKIT_NAMESPACE = 'e2e';
  }
  try {
    const app = await AppProcess.start(env);
    apps.push(app);
    await driveInBatches(app, PLAN, 3, 400);
    // Prometheus is read while the app still serves: a stopped target's series go stale.
    if (backends.includes('prometheus')) {
      result.received.prometheus = await readPrometheus(run, naming);
      if (semconv) result.runtime.prometheus = await runtimeNamesInPrometheus(run);
    }
    result.exit = await app.stop();
    result.events = app.events.filter((e) => e.event !== 'ready' && e.event !== 'stopped');
    if (backends.includes('statsd')) {
      // The daemon aggregates per its own 200 ms flush: wait until what it flushed adds up.
      const read = () => recordedFromEtsy(daemon!.flushes(), run, naming);
      await eventually(`the StatsD daemon to hold run ${run}`, () =>
        differences(read(), expectedFor('statsd'), STATSD).length === 0 ? true : undefined,
      ).catch(() => undefined); // a shortfall shows in the comparison below
      result.received.statsd = read();
      if (semconv) result.runtime.statsd = runtimeKeysInEtsy(daemon!.flushes(), run);
    }
    if (backends.includes('opentelemetry')) {
      const points = receiver!.pointsOfRun(run);
      result.received.opentelemetry = {
        ...recordedFromOtlp(points, naming.otlp),
        latency: exponentialFromOtlp(points.get(naming.otlp.latency)),
      };
      if (semconv) {
        result.otlpUnits = otlpUnits(receiver!, Object.values(naming.otlp));
        result.runtime.opentelemetry = runtimeMetricsInOtlp(receiver!, points);
      }
    }
    if (backends.includes('logger')) {
      result.received.logger = {
        ...recordedFromLogLines(app.stdout, naming.logger),
        latency: exponentialFromLogLines(app.stdout, naming.logger.latency),
      };
      if (semconv) result.runtime.logger = runtimeLinesOfLogger(app.stdout);
    }
    if (backends.includes('remote-write')) {
      result.received['remote-write'] = await readRemoteWrite(run, naming);
    }
    if (backends.includes('pushgateway')) result.received.pushgateway = await readPushgateway(run, naming);
  } catch (error) {
    result.failure = error as Error;
  }
  return result;
}

beforeAll(async () => {
  for (const { run, backends } of RUNS) if (backends.includes('prometheus')) ports.set(run, await freePort());
  const targets = Object.fromEntries([...ports].map(([run, port]) => [run, `127.0.0.1:${port}`]));
  [prometheus, nativePrometheus, daemon, receiver, pushgateway] = await Promise.all([
    startPrometheus(scrapeConfig(targets), 'meterkit-e2e-prometheus-', { flags: [REMOTE_WRITE_RECEIVER] }),
    startPrometheus(scrapeConfig(targets), 'meterkit-e2e-prometheus-', {
      flags: ['--enable-feature=native-histograms', REMOTE_WRITE_RECEIVER],
    }),
    EtsyDaemon.start({ histogram: ETSY_BINS, percentThreshold: [50, 90] }),
    OtlpReceiver.start(),
    startPushgateway(),
  ]);
  const outcomes = await Promise.all(RUNS.map((r) => runScenario(r)));
  for (const [i, r] of RUNS.entries()) results.set(r.run, outcomes[i]!);
});

afterAll(async () => {
  await Promise.all(apps.map((app) => app.kill()));
  await Promise.all([
    prometheus?.stop(),
    nativePrometheus?.stop(),
    daemon?.stop(),
    receiver?.close(),
    pushgateway?.stop(),
  ]);
  daemon?.dispose();
  const table = [TABLE_HEADER, tableRow('recorded by the app', EXPECTED, '')];
  for (const { run, backends, exponential } of RUNS) {
    for (const backend of backends) {
      const received = results.get(run)?.received[backend];
      if (received === undefined) continue;
      const diff = differences(received, expectedFor(backend, exponential), TOLERANCE[backend]);
      table.push(
        tableRow(`${run} → ${backend}`, received, diff.length === 0 ? 'yes' : `**no** (${diff.length})`),
      );
    }
  }
  if (process.env.E2E_SWAP_TABLE) writeFileSync(process.env.E2E_SWAP_TABLE, `${table.join('\n')}\n`);
});

describe.each(RUNS)(
  'METERKIT_PROVIDER=$backends (run $run): the unchanged app',
  ({ run, backends, exponential }) => {
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
      expect(differences(received!, expectedFor(backend, exponential), TOLERANCE[backend])).toEqual([]);
    });
  },
);

describe('semantic-convention names: each backend its own spelling', () => {
  it('OTLP carries the dotted originals with their UCUM units', () => {
    const result = results.get('semconv')!;
    if (result.failure) throw result.failure;
    expect(result.otlpUnits).toEqual({
      'work.requests': '{request}',
      'http.server.request.duration': 's',
      'work.payload.size': 'By',
      'work.queue.depth': '{item}',
      'work.order.value': '',
      'work.latency': 's',
    });
  });

  it('runtime metrics under OpenTelemetry names: translated in Prometheus, original in OTLP and the logger, dotted keys in StatsD', () => {
    const { runtime, failure } = results.get('semconv')!;
    if (failure) throw failure;
    expect(runtime.prometheus).toEqual(
      expect.arrayContaining([
        'nodejs_eventloop_delay_p99_seconds',
        'nodejs_eventloop_time_seconds_total',
        'nodejs_eventloop_utilization_ratio',
        'v8js_memory_heap_used_bytes',
        'v8js_memory_heap_limit_bytes',
      ]),
    );
    expect(runtime.opentelemetry).toEqual(
      expect.arrayContaining([
        { name: 'nodejs.eventloop.delay.p99', unit: 's', attributes: ['run'] },
        { name: 'nodejs.eventloop.time', unit: 's', attributes: ['nodejs.eventloop.state', 'run'] },
        { name: 'nodejs.eventloop.utilization', unit: '1', attributes: ['run'] },
        { name: 'v8js.memory.heap.used', unit: 'By', attributes: ['run', 'v8js.heap.space.name'] },
      ]),
    );
    expect(runtime.logger).toEqual(
      expect.arrayContaining([
        { metric: 'nodejs.eventloop.delay.p99', tags: ['run'] },
        { metric: 'v8js.memory.heap.used', tags: ['run', 'v8js.heap.space.name'] },
      ]),
    );
    expect(runtime.statsd).toEqual(
      expect.arrayContaining([
        'nodejs.eventloop.delay.p99.run.semconv',
        'v8js.memory.heap.used.run.semconv.v8js_heap_space_name.new_space',
        'nodejs.eventloop.time.nodejs_eventloop_state.active.run.semconv',
      ]),
    );
  });
});

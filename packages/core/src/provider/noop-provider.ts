import type { Snapshot } from '../snapshot.js';
import type {
  Counter,
  Gauge,
  Histogram,
  HistogramSnapshot,
  Info,
  Metric,
  Provider,
  Registry,
  RequestHandler,
  Stopwatch,
  Summary,
  SummarySnapshot,
  Timer,
} from '../types.js';
import { noPullBackendHandler } from './no-pull-backend-handler.js';

/** Serves as both an empty histogram and an empty summary snapshot. */
const EMPTY_SNAPSHOT: HistogramSnapshot & SummarySnapshot = Object.freeze({
  count: 0,
  sum: 0,
  buckets: Object.freeze([{ upperBound: Number.POSITIVE_INFINITY, count: 0 }]),
  quantiles: new Map<number, number>(),
  quantile: () => Number.NaN,
});

const noopStopwatch: Stopwatch = { stop: () => 0, reset: () => {} };

/** One object serves as every noop metric: each method does nothing and `withTags` returns itself. */
const noopMetric: Counter & Gauge & Histogram & Summary & Timer = {
  inc() {},
  dec() {},
  add() {},
  sub() {},
  set() {},
  observe() {},
  record() {},
  remove: () => false,
  clear() {},
  time: <T>(fn: () => T): T => fn(),
  newStopwatch: () => noopStopwatch,
  value: () => 0,
  withTags: () => noopMetric,
  snapshot: () => EMPTY_SNAPSHOT,
};

const noopInfo: Info = { set() {}, labels: () => ({}) };

const emptySnapshot: Snapshot = Object.freeze({ timestamp: 0, metrics: Object.freeze([]) });

const noopRegistry: Registry = {
  get: () => undefined,
  getOrCreate: () => noopMetric as Metric,
  register() {},
  unregister: () => false,
  visit() {},
  withTags: () => noopRegistry,
  snapshot: async () => ({ ...emptySnapshot, timestamp: Date.now() }),
  registerCallback() {},
  registerCollector: () => () => {},
};

/**
 * The provider for `enabled: false` or `provider: 'noop'`: the full API, recording nothing, at the
 * cost of an empty function call. Names are not validated, so disabling metrics can never break start-up.
 */
export class NoopProvider implements Provider {
  counter(): Counter {
    return noopMetric;
  }
  gauge(): Gauge {
    return noopMetric;
  }
  histogram(): Histogram {
    return noopMetric;
  }
  summary(): Summary {
    return noopMetric;
  }
  timer(): Timer {
    return noopMetric;
  }
  info(): Info {
    return noopInfo;
  }
  registry(): Registry {
    return noopRegistry;
  }
  handler(): RequestHandler {
    return noPullBackendHandler(['noop']);
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  withTags(): Provider {
    return this;
  }
}

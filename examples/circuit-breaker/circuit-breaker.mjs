// A small circuit breaker with no metrics dependency at all: it only counts. The metrics live in
// breaker-collector.mjs, which reads `breaker.metrics()` when a scrape or flush asks for it
// (seed 001's custom collector: "no Prometheus dependency in the main library").

/** The state numbers the gauge exports (seed 001: 0=closed, 1=open, 2=half-open). */
export const STATE = Object.freeze({ closed: 0, open: 1, 'half-open': 2 });

/** Thrown by `execute` while the breaker is open: the call was not attempted. */
export class CircuitOpenError extends Error {
  constructor(name) {
    super(`circuit breaker "${name}" is open`);
    this.name = 'CircuitOpenError';
  }
}

export class CircuitBreaker {
  /**
   * @param {object} options
   * @param {string} options.name identifies the breaker in metrics (`name` label)
   * @param {number} [options.failureThreshold] consecutive failures that open the circuit
   * @param {number} [options.openMs] how long it stays open before letting one probe through
   * @param {number} [options.halfOpenSuccesses] probe successes needed to close again
   * @param {number} [options.window] outcomes the failure and success rates are computed over
   */
  constructor({ name, failureThreshold = 5, openMs = 5000, halfOpenSuccesses = 2, window = 20 }) {
    this.name = name;
    this.failureThreshold = failureThreshold;
    this.openMs = openMs;
    this.halfOpenSuccesses = halfOpenSuccesses;
    this.window = window;
    this.state = 'closed';
    this.openedAt = 0;
    this.consecutiveSuccesses = 0;
    this.consecutiveFailures = 0;
    this.recent = []; // true = success, false = failure; the last `window` attempted calls
    this.totals = { requests: 0, successes: 0, failures: 0, rejections: 0, stateChanges: 0 };
    this.listeners = [];
  }

  /** Calls `fn` unless the circuit is open; records the outcome. */
  async execute(fn) {
    this.totals.requests++;
    if (this.state === 'open') {
      if (Date.now() - this.openedAt < this.openMs) {
        this.totals.rejections++;
        throw new CircuitOpenError(this.name);
      }
      this.transition('half-open');
    }
    try {
      const result = await fn();
      this.record(true);
      return result;
    } catch (error) {
      this.record(false);
      throw error;
    }
  }

  /** `listener(from, to)` on every state change. */
  onStateChange(listener) {
    this.listeners.push(listener);
  }

  /** A plain-data picture of the breaker, computed now (what seed 001's `Metrics()` returns). */
  metrics() {
    const attempted = this.recent.length;
    const successes = this.recent.filter(Boolean).length;
    return {
      state: STATE[this.state],
      consecutiveSuccesses: this.consecutiveSuccesses,
      consecutiveFailures: this.consecutiveFailures,
      // An idle breaker has no failures: report 0 and 1 rather than NaN, so alerts stay quiet.
      failureRate: attempted === 0 ? 0 : (attempted - successes) / attempted,
      successRate: attempted === 0 ? 1 : successes / attempted,
      ...this.totals,
    };
  }

  record(success) {
    this.recent.push(success);
    if (this.recent.length > this.window) this.recent.shift();
    if (success) {
      this.totals.successes++;
      this.consecutiveSuccesses++;
      this.consecutiveFailures = 0;
      if (this.state === 'half-open' && this.consecutiveSuccesses >= this.halfOpenSuccesses) {
        this.transition('closed');
      }
      return;
    }
    this.totals.failures++;
    this.consecutiveFailures++;
    this.consecutiveSuccesses = 0;
    if (this.state === 'half-open' || this.consecutiveFailures >= this.failureThreshold) {
      this.transition('open');
    }
  }

  transition(to) {
    if (this.state === to) return;
    const from = this.state;
    this.state = to;
    this.totals.stateChanges++;
    if (to === 'open') this.openedAt = Date.now();
    for (const listener of this.listeners) listener(from, to);
  }
}

// Seed 001's custom collector, the meterkit way: callback metrics read `breaker.metrics()` at each
// scrape or flush. Nothing is updated on the request path, and the breaker knows nothing of meterkit.

/** [metric name, field of breaker.metrics(), HELP text, monotonic (exported as a counter)] */
const FIELDS = [
  ['circuit_breaker_state', 'state', 'Current state (0=closed, 1=open, 2=half-open)', false],
  ['circuit_breaker_consecutive_successes', 'consecutiveSuccesses', 'Current consecutive successes', false],
  ['circuit_breaker_consecutive_failures', 'consecutiveFailures', 'Current consecutive failures', false],
  ['circuit_breaker_failure_rate', 'failureRate', 'Failure rate of the last calls (0.0-1.0)', false],
  ['circuit_breaker_success_rate', 'successRate', 'Success rate of the last calls (0.0-1.0)', false],
  ['circuit_breaker_requests_total', 'requests', 'Total requests attempted', true],
  ['circuit_breaker_successes_total', 'successes', 'Total successful requests', true],
  ['circuit_breaker_failures_total', 'failures', 'Total failed requests', true],
  ['circuit_breaker_rejections_total', 'rejections', 'Requests refused while the circuit was open', true],
  ['circuit_breaker_state_changes_total', 'stateChanges', 'State transitions', true],
];

/**
 * Exports one breaker through `registry` (a meterkit Registry). Call it once per breaker: the same
 * metric names with another `name` label make one family per metric (seed 001's "multiple circuit
 * breakers"). `labels` adds more labels, e.g. `{ service: 'api-gateway' }`.
 */
export function registerBreakerMetrics(registry, breaker, labels = {}) {
  const tags = { ...labels, name: breaker.name };
  for (const [metric, field, description, monotonic] of FIELDS) {
    registry.registerCallback(metric, () => breaker.metrics()[field], { description, tags, monotonic });
  }
}

/** The metric names this collector exports (the dashboard and alert tests check against them). */
export const BREAKER_METRICS = FIELDS.map(([metric]) => metric);

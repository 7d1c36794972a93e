import { InvalidMetricNameError } from './errors.js';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** Validates a metric name (or a namespace / subsystem part) by Prometheus' rules. */
export function validateMetricName(name: unknown, what = 'metric name'): asserts name is string {
  if (typeof name !== 'string') throw new InvalidMetricNameError(name, `the ${what} must be a string`);
  if (name.length === 0) throw new InvalidMetricNameError(name, `the ${what} must not be empty`);
  if (!METRIC_NAME.test(name)) {
    throw new InvalidMetricNameError(name, `the ${what} must match [a-zA-Z_:][a-zA-Z0-9_:]*`);
  }
}

/** `namespace_subsystem_name`, skipping empty parts, as Prometheus' client_golang `BuildFQName`. */
export function fullMetricName(namespace: string | undefined, subsystem: string | undefined, name: string) {
  let full = name;
  if (subsystem) full = `${subsystem}_${full}`;
  if (namespace) full = `${namespace}_${full}`;
  return full;
}

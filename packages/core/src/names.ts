import { InvalidMetricNameError } from './errors.js';

/** Longest dotted or UTF-8 metric name accepted, in UTF-16 code units (classic names: no limit, as before). */
export const METRIC_NAME_MAX_LENGTH = 255;

/** Prometheus' classic metric name: every name valid before UTF-8 names keeps its exact output. */
const CLASSIC_METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
/**
 * What makes a string unusable as a name in any backend: a C0/C1 control character or DEL
 * (invisible, and line breaks in line protocols), or a surrogate without its pair (not encodable
 * as UTF-8). A loop, not a regular expression: one pass, and no control characters in the source.
 */
function characterProblem(text: string): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return 'must not contain control characters';
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return 'must be valid UTF-8 (it contains a lone surrogate)';
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      return 'must be valid UTF-8 (it contains a lone surrogate)';
    }
  }
  return undefined;
}

/**
 * The rule shared by metric names and tag keys since UTF-8 names: a non-empty string of valid
 * UTF-8 (no lone surrogate), without control characters, at most `maxLength` UTF-16 units.
 * Returns the reason it is invalid, or undefined.
 */
export function utf8NameProblem(name: string, maxLength: number): string | undefined {
  if (name.length === 0) return 'must not be empty';
  if (name.length > maxLength) return `must be at most ${maxLength} characters long, not ${name.length}`;
  return characterProblem(name);
}

/**
 * Validates a metric name: any UTF-8 (`http.server.request.duration`, `请求`), non-empty, without
 * control characters, at most {@link METRIC_NAME_MAX_LENGTH} UTF-16 units (a classic name,
 * `[a-zA-Z_:][a-zA-Z0-9_:]*`, has no length limit, as before UTF-8 names). Each backend translates
 * a name its protocol cannot carry (Prometheus: {@link prometheusCompatibleName}).
 */
export function validateMetricName(name: unknown, what = 'metric name'): asserts name is string {
  if (typeof name !== 'string') throw new InvalidMetricNameError(name, `the ${what} must be a string`);
  // Classic names keep their earlier rule exactly (no length limit), so every existing name still works.
  if (CLASSIC_METRIC_NAME.test(name)) return;
  const problem = utf8NameProblem(name, METRIC_NAME_MAX_LENGTH);
  if (problem !== undefined) throw new InvalidMetricNameError(name, `the ${what} ${problem}`);
}

/**
 * Validates a namespace or subsystem: these are Prometheus' notion (client_golang `BuildFQName`),
 * so they keep Prometheus' classic rule `[a-zA-Z_:][a-zA-Z0-9_:]*`.
 */
export function validateNamePrefix(part: unknown, what: 'namespace' | 'subsystem'): asserts part is string {
  if (typeof part !== 'string') throw new InvalidMetricNameError(part, `the ${what} must be a string`);
  if (part.length === 0) throw new InvalidMetricNameError(part, `the ${what} must not be empty`);
  if (!CLASSIC_METRIC_NAME.test(part)) {
    throw new InvalidMetricNameError(part, `the ${what} must match [a-zA-Z_:][a-zA-Z0-9_:]*`);
  }
}

/** True for a name Prometheus takes as it is (`[a-zA-Z_:][a-zA-Z0-9_:]*`): no translation applies. */
export function isClassicMetricName(name: string): boolean {
  return CLASSIC_METRIC_NAME.test(name);
}

/**
 * `namespace_subsystem_name`, skipping empty parts, as Prometheus' client_golang `BuildFQName`.
 * A dotted name joins the same way (`myapp_http.server.request.duration`): namespace and
 * subsystem are a Prometheus idea, so their `_` join is kept for every name.
 */
export function fullMetricName(namespace: string | undefined, subsystem: string | undefined, name: string) {
  let full = name;
  if (subsystem) full = `${subsystem}_${full}`;
  if (namespace) full = `${namespace}_${full}`;
  return full;
}

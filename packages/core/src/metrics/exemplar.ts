import type { Exemplar } from '../snapshot.js';

/** OpenMetrics' limit: all names and values of one exemplar's tags together, in UTF-8 characters. */
export const EXEMPLAR_TAGS_LIMIT = 128;

// `@opentelemetry/api` 1.x registers its context manager on this global; reading it directly needs
// no import, so core keeps no run-time dependency, and it works the same from ESM and CJS builds.
const OTEL_API_GLOBAL = Symbol.for('opentelemetry.js.api.1');
// The key under which the api stores the active span in a context (`trace.setSpan`).
const OTEL_SPAN_KEY = Symbol.for('OpenTelemetry Context Key SPAN');

interface OtelGlobal {
  context?: { active(): { getValue(key: symbol): unknown } };
}
interface OtelSpan {
  spanContext(): { traceId: string; spanId: string; traceFlags: number };
}

/**
 * `trace_id` and `span_id` of the active, sampled OpenTelemetry span, or undefined when
 * `@opentelemetry/api` is not in use, no span is active or it is not sampled (`traceFlags & 1`).
 */
export function activeSpanTags(): Record<string, string> | undefined {
  const api = (globalThis as Record<symbol, OtelGlobal | undefined>)[OTEL_API_GLOBAL];
  const manager = api?.context;
  if (manager === undefined) return undefined;
  const span = manager.active().getValue(OTEL_SPAN_KEY) as OtelSpan | undefined;
  if (span === undefined || typeof span.spanContext !== 'function') return undefined;
  const { traceId, spanId, traceFlags } = span.spanContext();
  if ((traceFlags & 1) === 0) return undefined;
  return { trace_id: traceId, span_id: spanId };
}

/** Unicode code points of every key and value together (OpenMetrics counts characters, not bytes). */
function tagsLength(tags: Record<string, string>): number {
  let length = 0;
  for (const key in tags) length += [...key].length + [...String(tags[key])].length;
  return length;
}

/**
 * The exemplar of one observation: the explicit tags, else the active span's, or undefined when
 * there are none. Tags over the OpenMetrics limit are dropped and reported through `warn` (which
 * the registry makes warn once per metric): never a throw on the hot path.
 */
export function makeExemplar(
  value: number,
  explicit: Record<string, string> | undefined,
  now: number,
  warn: (length: number) => void,
): Exemplar | undefined {
  let tags: Record<string, string> | undefined;
  try {
    tags =
      explicit !== undefined && explicit !== null && typeof explicit === 'object'
        ? explicit
        : activeSpanTags();
  } catch {
    return undefined;
  }
  if (tags === undefined) return undefined;
  // Copied (the caller may reuse its object) while summing UTF-16 lengths, an upper bound of the
  // character count: only a set over the limit pays for counting code points exactly.
  const copy: Record<string, string> = {};
  let units = 0;
  for (const key in tags) {
    const value = String(tags[key]);
    copy[key] = value;
    units += key.length + value.length;
  }
  if (units > EXEMPLAR_TAGS_LIMIT) {
    const length = tagsLength(copy);
    if (length > EXEMPLAR_TAGS_LIMIT) {
      warn(length);
      return undefined;
    }
  }
  return { tags: copy, value, timestamp: now };
}

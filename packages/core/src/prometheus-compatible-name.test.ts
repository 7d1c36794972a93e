import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { METRIC_NAME_MAX_LENGTH, validateMetricName } from './names.js';
import {
  prometheusCompatibleName,
  prometheusLabelName,
  prometheusSampleName,
  prometheusUnit,
} from './prometheus-compatible-name.js';
import { TAG_KEY_MAX_LENGTH, validateTagKey } from './tags.js';

const PROMETHEUS_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const PROMETHEUS_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function isControl(char: string): boolean {
  const code = char.charCodeAt(0);
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

/** Any name meterkit accepts: printable UTF-8 of 1..max UTF-16 units (no control characters). */
function validName(max: number): fc.Arbitrary<string> {
  return fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
    .map((s) => [...s].map((c) => (isControl(c) ? '.' : c)).join(''))
    .filter((s) => s.length > 0 && s.length <= max);
}

describe('OpenTelemetry Prometheus compatibility names', () => {
  it('translates the semantic-convention examples as the specification does', () => {
    expect(prometheusCompatibleName('http.server.request.duration', 'histogram', 's')).toBe(
      'http_server_request_duration_seconds',
    );
    expect(prometheusSampleName('http.server.active_requests', 'gauge', '{request}')).toBe(
      'http_server_active_requests',
    );
    expect(prometheusSampleName('system.network.io', 'counter', 'By')).toBe('system_network_io_bytes_total');
    expect(prometheusSampleName('process.cpu.utilization', 'gauge', '1')).toBe(
      'process_cpu_utilization_ratio',
    );
    expect(prometheusSampleName('requests.rate', 'gauge', 'By/s')).toBe('requests_rate_bytes_per_second');
    expect(prometheusSampleName('v8js.memory.heap.used', 'gauge', 'By')).toBe('v8js_memory_heap_used_bytes');
    // The unit suffix is not repeated, repeated separators collapse, a leading digit is escaped.
    expect(prometheusCompatibleName('queue..size.bytes', 'gauge', 'By')).toBe('queue_size_bytes');
    expect(prometheusCompatibleName('5xx.count', 'counter', '')).toBe('_5xx_count');
    expect(prometheusUnit('ms')).toBe('milliseconds');
    expect(prometheusUnit('{packets}')).toBe('');
  });

  it('leaves classic names byte-identical: no unit suffix, no change', () => {
    expect(prometheusCompatibleName('http_requests', 'counter', 'bytes')).toBe('http_requests');
    expect(prometheusCompatibleName('queue_depth', 'gauge', '1')).toBe('queue_depth');
    fc.assert(
      fc.property(fc.stringMatching(/^[a-zA-Z_:][a-zA-Z0-9_:]{0,30}$/), fc.string(), (name, unit) => {
        expect(prometheusCompatibleName(name, 'gauge', unit)).toBe(name);
      }),
    );
  });

  it('turns any valid UTF-8 name into a valid Prometheus name carrying the unit once', () => {
    fc.assert(
      fc.property(
        validName(METRIC_NAME_MAX_LENGTH),
        fc.constantFrom('', 's', 'By', '1', 'ms', '{request}', 'bytes'),
        fc.constantFrom('counter', 'gauge', 'histogram', 'timer') as fc.Arbitrary<'counter' | 'gauge'>,
        (name, unit, kind) => {
          validateMetricName(name);
          const translated = prometheusSampleName(name, kind, unit);
          expect(translated).toMatch(PROMETHEUS_NAME);
          // Translated names never repeat `_` (a classic name such as `__x` is kept as written).
          if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name))
            expect(prometheusCompatibleName(name, kind, unit)).not.toMatch(/__/);
          // Translation is idempotent: a translated name is a classic name, kept as it is.
          expect(prometheusCompatibleName(translated, kind, unit)).toBe(translated);
          const word = kind === 'gauge' && unit === '1' ? 'ratio' : prometheusUnit(unit);
          if (word !== '' && !/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name))
            expect(translated).toContain(`_${word}`);
        },
      ),
    );
  });

  it('turns any valid UTF-8 tag key into a valid Prometheus label name', () => {
    fc.assert(
      fc.property(validName(TAG_KEY_MAX_LENGTH), (key) => {
        fc.pre(!key.startsWith('__') && !key.startsWith('meterkit_'));
        validateTagKey(key);
        const label = prometheusLabelName(key);
        expect(label).toMatch(PROMETHEUS_LABEL);
        expect(prometheusLabelName(label)).toBe(label);
      }),
    );
    expect(prometheusLabelName('http.response.status_code')).toBe('http_response_status_code');
    expect(prometheusLabelName('1st')).toBe('key_1st');
  });
});

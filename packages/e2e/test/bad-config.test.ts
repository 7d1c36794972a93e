import { type Config, ConfigError, configFromEnv, createProvider } from '@meterkit/core';
import { describe, expect, it } from 'vitest';

/*
 * Malformed Config at the boundaries: METERKIT_* variables (through configFromEnv, as the fixture
 * app reads them) and Config objects parsed from JSON files. Each case lists its documented
 * outcome: a ConfigError naming the field or variable (and the bad value), thrown by configFromEnv
 * or by createProvider at start-up; or accepted, with the documented handling.
 */

/** The backend a variable belongs to, so that its exporter validates its section. */
function backendOf(variable: string): string {
  if (variable.startsWith('METERKIT_PROMETHEUS_')) return 'prometheus';
  if (variable.startsWith('METERKIT_OTEL_')) return 'opentelemetry';
  if (variable.startsWith('METERKIT_STATSD_')) return 'statsd';
  if (variable.startsWith('METERKIT_LOGGER_')) return 'logger';
  return 'memory';
}

/** Runs the boundary the way an application does, returning the error (or undefined). */
async function startUp(config: () => Config): Promise<unknown> {
  try {
    const provider = await createProvider(config());
    await provider.stop();
    return undefined;
  } catch (error) {
    return error;
  }
}

// [variable, value, the ConfigError's field] — `field` names the variable when configFromEnv
// itself cannot parse the text, else the Config field the variable sets.
const ENV_CASES: ReadonlyArray<[string, string, string]> = [
  ['METERKIT_PROVIDER', 'kafka', 'provider'],
  ['METERKIT_PROVIDER', ',', 'provider'],
  ['METERKIT_ENABLED', 'maybe', 'METERKIT_ENABLED'],
  ['METERKIT_RUNTIME_METRICS', 'sometimes', 'METERKIT_RUNTIME_METRICS'],
  ['METERKIT_FLUSH_INTERVAL', '10 minutes', 'flushInterval'],
  ['METERKIT_FLUSH_INTERVAL', '-5s', 'flushInterval'],
  ['METERKIT_FLUSH_INTERVAL', '0', 'flushInterval'],
  ['METERKIT_FLUSH_INTERVAL', '1e400', 'flushInterval'],
  ['METERKIT_TAGS', 'region', 'METERKIT_TAGS'],
  ['METERKIT_TAGS', '=eu', 'METERKIT_TAGS'],
  ['METERKIT_TAGS', '%E0%A4%A=x', 'METERKIT_TAGS'],
  ['METERKIT_TAGS', '__bad=x', 'METERKIT_TAGS'],
  ['METERKIT_NAMESPACE', '1app', 'namespace'],
  ['METERKIT_NAMESPACE', 'my-app', 'namespace'],
  ['METERKIT_CARDINALITY_LIMIT', 'lots', 'METERKIT_CARDINALITY_LIMIT'],
  ['METERKIT_CARDINALITY_LIMIT', '0', 'cardinalityLimit'],
  ['METERKIT_CARDINALITY_LIMIT', '1.5', 'cardinalityLimit'],
  ['METERKIT_ENDPOINT', 'metrics', 'endpoint'],
  ['METERKIT_PROMETHEUS_PUSHGATEWAY', 'not a url', 'prometheus.pushGateway'],
  ['METERKIT_PROMETHEUS_PUSHGATEWAY', 'ftp://gateway:9091', 'prometheus.pushGateway'],
  ['METERKIT_PROMETHEUS_OPENMETRICS', 'perhaps', 'METERKIT_PROMETHEUS_OPENMETRICS'],
  ['METERKIT_PROMETHEUS_PUSH_INTERVAL', '15s', 'prometheus.pushInterval'], // without a gateway
  ['METERKIT_OTEL_PROTOCOL', 'grpc', 'opentelemetry.protocol'],
  ['METERKIT_OTEL_TEMPORALITY', 'sometimes', 'opentelemetry.temporality'],
  ['METERKIT_OTEL_HEADERS', 'Authorization', 'METERKIT_OTEL_HEADERS'],
  ['METERKIT_OTEL_COLLECTOR_URL', 'not a url', 'opentelemetry.collectorUrl'],
  ['METERKIT_OTEL_COLLECTOR_URL', 'ftp://collector:4318', 'opentelemetry.collectorUrl'],
  ['METERKIT_OTEL_EXPORT_INTERVAL', 'never', 'opentelemetry.exportInterval'],
  ['METERKIT_STATSD_ADDRESS', 'localhost', 'statsd.address'],
  ['METERKIT_STATSD_ADDRESS', 'localhost:99999', 'statsd.address'],
  ['METERKIT_STATSD_MAX_PACKET_SIZE', 'big', 'METERKIT_STATSD_MAX_PACKET_SIZE'],
  ['METERKIT_STATSD_MAX_PACKET_SIZE', '10', 'statsd.maxPacketSize'],
  ['METERKIT_STATSD_SAMPLE_RATE', '2', 'statsd.sampleRate'],
  ['METERKIT_STATSD_SAMPLE_RATE', '0', 'statsd.sampleRate'],
  ['METERKIT_STATSD_PROTOCOL', 'sctp', 'statsd.protocol'],
  ['METERKIT_STATSD_FLAVOR', 'graphite', 'statsd.flavor'],
  ['METERKIT_STATSD_FLUSH_PERIOD', '-1', 'statsd.flushPeriod'],
  ['METERKIT_LOGGER_FORMAT', 'xml', 'logger.format'],
];

describe('malformed METERKIT_* variables: a ConfigError naming the field, at start-up', () => {
  it.each(ENV_CASES)('%s=%j → ConfigError(%s)', async (variable, value, field) => {
    const env = { METERKIT_PROVIDER: backendOf(variable), [variable]: value };
    const error = await startUp(() => configFromEnv(env));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe(field);
    expect((error as ConfigError).message).toContain(field);
  });

  it.each([
    ['METERKIT_NAMESPACE', '1app', '"1app"'],
    ['METERKIT_TAGS', '__bad=x', '"__bad"'],
    ['METERKIT_STATSD_MAX_PACKET_SIZE', '10', '=10'],
    ['METERKIT_FLUSH_INTERVAL', '10 minutes', '"10 minutes"'],
  ])('%s=%j: the message shows the bad value', async (variable, value, shown) => {
    const env = { METERKIT_PROVIDER: backendOf(variable), [variable]: value };
    expect(((await startUp(() => configFromEnv(env))) as Error).message).toContain(shown);
  });

  it.each<[Record<string, string>, string]>([
    [{ METERKIT_PROVIDER: ' prometheus , logger ' }, 'trimmed: both backends'],
    [
      { METERKIT_PROVIDER: 'logger', METERKIT_LOGGER_LEVEL: 'loud' },
      'the level is only checked for pino/winston sinks',
    ],
    [
      { METERKIT_PROVIDER: 'memory', METERKIT_TAGS: 'team=a%2Cb,empty=' },
      'percent-decoded; an empty value is allowed',
    ],
  ])('%j is accepted: %s', async (env) => {
    expect(await startUp(() => configFromEnv(env))).toBeUndefined();
  });

  it('reads METERKIT_TAGS percent-decoded', () => {
    expect(configFromEnv({ METERKIT_TAGS: 'team=a%2Cb,empty=' }).tags).toEqual({ team: 'a,b', empty: '' });
  });
});

// [JSON text of a Config file, the ConfigError's field]
const JSON_CASES: ReadonlyArray<[string, string]> = [
  ['{"provider":"prometheus","flushinterval":"10s"}', 'flushinterval'], // a typo is an unknown field
  ['{}', 'provider'],
  ['{"provider":[]}', 'provider'],
  ['{"provider":42}', 'provider'],
  ['null', 'config'],
  ['"prometheus"', 'config'],
  ['{"provider":"logger","enabled":"false"}', 'enabled'], // a string, not a boolean
  ['{"provider":"logger","flushInterval":1e400}', 'flushInterval'], // JSON.parse gives Infinity
  ['{"provider":"logger","flushInterval":-1}', 'flushInterval'],
  ['{"provider":"logger","flushInterval":null}', 'flushInterval'],
  ['{"provider":"logger","exportTimeout":"0ms"}', 'exportTimeout'],
  ['{"provider":"logger","callbackTimeout":"x"}', 'callbackTimeout'],
  ['{"provider":"prometheus","cardinalityLimit":1.5}', 'cardinalityLimit'],
  ['{"provider":"prometheus","tags":{"k":5}}', 'tags'],
  ['{"provider":"prometheus","tags":{"__bad":"x"}}', 'tags'],
  ['{"provider":"prometheus","tags":["a"]}', 'tags'],
  ['{"provider":"logger","filters":{}}', 'filters'],
  ['{"provider":"logger","onError":"console"}', 'onError'],
  ['{"provider":"logger","exporters":{}}', 'exporters'],
  ['{"provider":"prometheus","__proto__":{"polluted":true}}', '__proto__'],
  ['{"provider":"prometheus","prometheus":null}', 'prometheus'],
  ['{"provider":"prometheus","prometheus":{"__proto__":{"polluted":true}}}', 'prometheus.__proto__'],
  [
    '{"provider":"prometheus","prometheus":{"pushGateway":"http://gw:9091","groupings":{"job":"x"}}}',
    'prometheus.groupings.job',
  ],
  [
    '{"provider":"prometheus","prometheus":{"pushGateway":"http://gw:9091","pushRetries":100}}',
    'prometheus.pushRetries',
  ],
  ['{"provider":"statsd","statsd":"127.0.0.1:8125"}', 'statsd'],
  ['{"provider":"statsd","statsd":{"adress":"127.0.0.1:8125"}}', 'statsd.adress'],
  ['{"provider":"statsd","statsd":{"maxPacketSize":"1432"}}', 'statsd.maxPacketSize'],
  ['{"provider":"opentelemetry","opentelemetry":{"headers":{"x":1}}}', 'opentelemetry.headers.x'],
  [
    '{"provider":"opentelemetry","opentelemetry":{"resourceAttributes":"service.name=x"}}',
    'opentelemetry.resourceAttributes',
  ],
  ['{"provider":"opentelemetry","opentelemetry":{"timeout":"forever"}}', 'opentelemetry.timeout'],
  ['{"provider":"logger","logger":{"sink":"stdout"}}', 'logger.sink'],
  ['{"provider":"logger","logger":{"quantiles":[2]}}', 'logger.quantiles'],
];

describe('malformed Config from JSON: a ConfigError naming the field, at start-up', () => {
  it.each(JSON_CASES)('%s → ConfigError(%s)', async (text, field) => {
    const error = await startUp(() => JSON.parse(text) as Config);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe(field);
    // Nothing leaked into Object.prototype from a "__proto__" key.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('leaves malformed JSON text to JSON.parse (SyntaxError): meterkit reads objects, not files', () => {
    expect(() => JSON.parse('{provider: prometheus}')).toThrow(SyntaxError);
  });

  it.each([
    ['{"provider":["logger","logger"]}', 'a backend named twice is used once'],
    ['{"provider":"memory","namespace":""}', 'an empty namespace means none'],
  ])('%s is accepted: %s', async (text) => {
    expect(await startUp(() => JSON.parse(text) as Config)).toBeUndefined();
  });
});

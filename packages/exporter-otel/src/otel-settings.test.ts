import { ConfigError, type OpenTelemetryConfig, validateConfig } from '@meterkit/core';
import { describe, expect, it } from 'vitest';
import { resolveCollectorUrl } from './collector-url.js';
import { type Environment, resolveOtelSettings } from './otel-settings.js';

const resolve = (opentelemetry: OpenTelemetryConfig, env: Environment = {}) =>
  resolveOtelSettings(
    validateConfig({ provider: 'opentelemetry', opentelemetry, flushInterval: '15s' }),
    env,
  );

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('resolveCollectorUrl', () => {
  it.each([
    ['http://collector:4318', false, 'http://collector:4318/v1/metrics'],
    ['http://collector:4318/', false, 'http://collector:4318/v1/metrics'],
    ['https://otlp.example.com/custom/path', false, 'https://otlp.example.com/custom/path'],
    ['collector:4318', false, 'https://collector:4318/v1/metrics'],
    ['collector:4318', true, 'http://collector:4318/v1/metrics'],
    ['  localhost:4318  ', true, 'http://localhost:4318/v1/metrics'],
  ])('%s (insecure %s) -> %s', (input, insecure, expected) => {
    expect(resolveCollectorUrl(input, insecure)).toBe(expected);
  });

  it.each([[''], ['grpc://collector:4317'], ['http://'], [42]])('rejects %j naming the field', (input) => {
    expect(configError(() => resolveCollectorUrl(input, false)).field).toBe('opentelemetry.collectorUrl');
  });
});

describe('resolveOtelSettings', () => {
  it('fills defaults: protobuf, cumulative, the flush interval, push on', () => {
    expect(resolve({})).toEqual({
      collectorUrl: undefined,
      push: true,
      exportIntervalMs: 15_000,
      resourceAttributes: {},
      headers: {},
      insecure: false,
      temporality: 'cumulative',
      protocol: 'http/protobuf',
      compression: undefined,
      timeoutMs: undefined,
      prometheus: undefined,
    });
  });

  it('reads every option', () => {
    const settings = resolve({
      collectorUrl: 'collector:4318',
      insecure: true,
      exportInterval: '30s',
      resourceAttributes: { 'service.name': 'api' },
      headers: { authorization: 'Bearer x' },
      temporality: 'delta',
      protocol: 'http/json',
      compression: 'gzip',
      timeout: '2s',
      prometheus: { port: 9464, host: '127.0.0.1', endpoint: '/otel-metrics' },
    });
    expect(settings).toMatchObject({
      collectorUrl: 'http://collector:4318/v1/metrics',
      exportIntervalMs: 30_000,
      temporality: 'delta',
      protocol: 'http/json',
      compression: 'gzip',
      timeoutMs: 2000,
      prometheus: { port: 9464, host: '127.0.0.1', endpoint: '/otel-metrics' },
      push: true,
    });
  });

  it('takes protocol and temporality from OTEL_ variables unless set in code', () => {
    const env = {
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'LowMemory',
    };
    expect(resolve({}, env)).toMatchObject({ protocol: 'http/json', temporality: 'delta' });
    expect(resolve({ protocol: 'http/protobuf', temporality: 'cumulative' }, env)).toMatchObject({
      protocol: 'http/protobuf',
      temporality: 'cumulative',
    });
    const specific = { ...env, OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/protobuf' };
    expect(resolve({}, specific).protocol).toBe('http/protobuf');
  });

  it('rejects gRPC and unknown temporalities from the environment, naming the variable', () => {
    expect(configError(() => resolve({}, { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).field).toBe(
      'OTEL_EXPORTER_OTLP_PROTOCOL',
    );
    expect(
      configError(() => resolve({}, { OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'weekly' })).field,
    ).toBe('OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE');
  });

  it('pushes with the Prometheus option only when a collector is configured', () => {
    expect(resolve({ prometheus: true }).push).toBe(false);
    expect(resolve({ prometheus: true, collectorUrl: 'http://c:4318' }).push).toBe(true);
    expect(resolve({ prometheus: true }, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }).push).toBe(true);
  });

  it.each<[OpenTelemetryConfig, string]>([
    [{ temporality: 'weekly' as never }, 'opentelemetry.temporality'],
    [{ protocol: 'grpc' as never }, 'opentelemetry.protocol'],
    [{ compression: 'brotli' as never }, 'opentelemetry.compression'],
    [{ insecure: 'yes' as never }, 'opentelemetry.insecure'],
    [{ exportInterval: 'soon' }, 'opentelemetry.exportInterval'],
    [{ timeout: -1 }, 'opentelemetry.timeout'],
    [{ headers: { a: 1 as never } }, 'opentelemetry.headers.a'],
    [{ resourceAttributes: ['x'] as never }, 'opentelemetry.resourceAttributes'],
    [{ prometheus: { port: 70000 } }, 'opentelemetry.prometheus.port'],
    [{ prometheus: { endpoint: 'metrics' } }, 'opentelemetry.prometheus.endpoint'],
    [{ prometheus: { prot: 1 } }, 'opentelemetry.prometheus.prot'],
    [{ colectorUrl: 'http://x' }, 'opentelemetry.colectorUrl'],
  ])('rejects %j naming %s', (section, field) => {
    const error = configError(() => resolve(section));
    expect(error.field).toBe(field);
  });
});

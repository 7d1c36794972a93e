import { describe, expect, it } from 'vitest';
import { acceptsGzip, negotiateFormat } from './content-negotiation.js';

/** The exact header Prometheus 2.42 sends on every scrape. */
const PROMETHEUS_2_42_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

/** The exact header Prometheus 2.42 sends when started with `--enable-feature=native-histograms` (captured). */
const PROMETHEUS_2_42_NATIVE_HISTOGRAMS_ACCEPT =
  'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,application/openmetrics-text;version=1.0.0;q=0.8,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

describe('negotiateFormat', () => {
  it.each([
    [PROMETHEUS_2_42_ACCEPT, 'openmetrics'],
    [undefined, 'prometheus-text'],
    ['', 'prometheus-text'],
    ['*/*', 'prometheus-text'],
    ['text/html,application/xhtml+xml,*/*;q=0.8', 'prometheus-text'],
    ['text/plain;version=0.0.4', 'prometheus-text'],
    ['application/openmetrics-text', 'openmetrics'],
    ['application/openmetrics-text; version="1.0.0"; charset=utf-8', 'openmetrics'],
    ['application/openmetrics-text;version=0.0.1', 'openmetrics'],
    ['application/openmetrics-text;version=2.0.0', 'prometheus-text'],
    ['text/plain;q=0.9,application/openmetrics-text;q=0.5', 'prometheus-text'],
    ['text/plain;q=0.2,application/openmetrics-text;q=0.5', 'openmetrics'],
    ['application/json', 'prometheus-text'],
    [PROMETHEUS_2_42_NATIVE_HISTOGRAMS_ACCEPT, 'protobuf'],
    [
      'application/vnd.google.protobuf; proto="io.prometheus.client.MetricFamily"; encoding=delimited',
      'protobuf',
    ],
    // Another message, or the text framing of the same one, is not something this exporter writes.
    [
      'application/vnd.google.protobuf;proto=io.prometheus.client.Metric;encoding=delimited',
      'prometheus-text',
    ],
    [
      'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=text',
      'prometheus-text',
    ],
    ['application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily', 'prometheus-text'],
    [
      'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.4,application/openmetrics-text;q=0.5',
      'openmetrics',
    ],
  ] as const)('answers %j with %s', (accept, format) => {
    expect(negotiateFormat(accept)).toBe(format);
  });

  it('never answers OpenMetrics when it is disabled', () => {
    expect(negotiateFormat(PROMETHEUS_2_42_ACCEPT, false)).toBe('prometheus-text');
    expect(negotiateFormat('application/openmetrics-text', false)).toBe('prometheus-text');
    expect(negotiateFormat(PROMETHEUS_2_42_NATIVE_HISTOGRAMS_ACCEPT, { openMetrics: false })).toBe(
      'protobuf',
    );
  });

  it('answers the next format the scraper lists when protobuf is disabled', () => {
    expect(negotiateFormat(PROMETHEUS_2_42_NATIVE_HISTOGRAMS_ACCEPT, { protobuf: false })).toBe(
      'openmetrics',
    );
    expect(
      negotiateFormat(PROMETHEUS_2_42_NATIVE_HISTOGRAMS_ACCEPT, { protobuf: false, openMetrics: false }),
    ).toBe('prometheus-text');
  });
});

describe('acceptsGzip', () => {
  it.each([
    ['gzip', true],
    ['gzip, deflate, br', true],
    ['deflate, gzip;q=0.5', true],
    ['gzip;q=0', false],
    ['*', true],
    ['*;q=0', false],
    ['identity', false],
    [undefined, false],
  ] as const)('reads %j as %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
});

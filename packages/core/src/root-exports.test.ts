import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as root from './index.js';

/**
 * The exact names `@meterkit/core`'s root exports, values and types. The root is what an
 * application uses; names only exporters and other meterkit packages need belong on
 * `@meterkit/core/exporter-kit`. Adding a name here is a decision about the public API, not a
 * side effect of a new file: change this list on purpose, and say why in the commit.
 */
const APPLICATION_NAMES = [
  'Bucket',
  'CallbackOptions',
  'CanonicalTags',
  'Clock',
  'Config',
  'ConfigError',
  'Counter',
  'DEFAULT_BUCKETS',
  'DEFAULT_EXPONENTIAL_LIMITS',
  'DEFAULT_FLUSH_INTERVAL_MS',
  'DEFAULT_QUANTILES',
  'DuplicateMetricError',
  'Duration',
  'ErrorHandler',
  'Exemplar',
  'ExponentialBucketSpan',
  'ExponentialBuckets',
  'ExponentialHistogramOptions',
  'ExponentialLimits',
  'ExportTimeoutError',
  'Exporter',
  'ExporterContext',
  'ExporterFactory',
  'Gauge',
  'GaugeOptions',
  'Histogram',
  'HistogramMetricSnapshot',
  'HistogramOptions',
  'HistogramPoint',
  'HistogramSnapshot',
  'HistogramsConfig',
  'Info',
  'InstrumentationScope',
  'InvalidInstrumentationOptionError',
  'InvalidMetricNameError',
  'InvalidMetricOptionsError',
  'InvalidTagError',
  'InvalidValueError',
  'LoggerConfig',
  'MAX_DURATION_MS',
  'MAX_EXPONENTIAL_BUCKETS',
  'MAX_EXPONENTIAL_SCALE',
  'METRIC_NAME_MAX_LENGTH',
  'MIN_EXPONENTIAL_SCALE',
  'MeterProvider',
  'MeterkitProvider',
  'Metric',
  'MetricCollector',
  'MetricFilter',
  'MetricFilters',
  'MetricIdentity',
  'MetricNameParts',
  'MetricOptions',
  'MetricSnapshot',
  'MetricType',
  'MetricTypeConflictError',
  'MissingExporterError',
  'MultiExporter',
  'NamePattern',
  'NoopProvider',
  'OpenTelemetryConfig',
  'PROVIDER_NAMES',
  'PrometheusConfig',
  'Provider',
  'ProviderName',
  'QuantileValue',
  'RecentObservations',
  'Registry',
  'RemoteWriteConfig',
  'RequestHandler',
  'ResolvedConfig',
  'SENSITIVE_PATTERNS',
  'SketchData',
  'Snapshot',
  'SnapshotMetricType',
  'StatsdConfig',
  'Stopwatch',
  'Summary',
  'SummaryMetricSnapshot',
  'SummaryOptions',
  'SummaryPoint',
  'SummarySnapshot',
  'TAG_KEY_MAX_LENGTH',
  'Tag',
  'TagsArgument',
  'TagsInput',
  'Timer',
  'ValueMetricSnapshot',
  'ValueOutOfRangeError',
  'ValuePoint',
  'configFromEnv',
  'createProvider',
  'createStderrReporter',
  'exponentialBuckets',
  'linearBuckets',
  'parseDuration',
  'validateConfig',
  'validateMetricName',
  'validateTagKey',
];

/** The 0.1.0 root names of the HTTP and call adapters, deprecated, kept for this release only. */
const DEPRECATED_ADAPTER_NAMES = [
  'ABORTED_STATUS',
  'BatchOptions',
  'BatchOutcome',
  'BatchResult',
  'CallMetricsOptions',
  'DEFAULT_BATCH_SIZE_BUCKETS',
  'DEFAULT_SIZE_BUCKETS',
  'DEFAULT_UNMATCHED_ROUTE',
  'ExpressLikeRequest',
  'ExpressMetricsMiddleware',
  'FastifyLikeInstance',
  'FastifyLikeReply',
  'FastifyLikeRequest',
  'FastifyMetricsPlugin',
  'HttpMetrics',
  'HttpMetricsOptions',
  'Instrumented',
  'InstrumentedDecorator',
  'NodeHttpMetricsOptions',
  'OTHER_METHOD',
  'ProviderSource',
  'RouteMatcher',
  'RouteOptions',
  'SEMCONV_DURATION_BUCKETS',
  'STANDARD_HTTP_METHODS',
  'compileRoutePatterns',
  'expressMiddleware',
  'expressRoute',
  'fastifyPlugin',
  'fastifyRoute',
  'httpMetrics',
  'instrumentFunction',
  'instrumentHandler',
  'instrumentMethod',
  'trackBatch',
  'trackBlock',
];

const INDEX = join(dirname(fileURLToPath(import.meta.url)), 'index.ts');

/** Every name `index.ts` exports, types included, as the TypeScript compiler resolves them. */
function exportedNames(file: string): string[] {
  const program = ts.createProgram([file], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    experimentalDecorators: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const moduleSymbol = source === undefined ? undefined : checker.getSymbolAtLocation(source);
  if (moduleSymbol === undefined) throw new Error(`cannot read the exports of ${file}`);
  return checker
    .getExportsOfModule(moduleSymbol)
    .map((symbol) => symbol.name)
    .sort();
}

describe('the @meterkit/core root exports', () => {
  it('exactly the pinned names, types included', () => {
    const expected = [...APPLICATION_NAMES, ...DEPRECATED_ADAPTER_NAMES].sort();
    expect(exportedNames(INDEX)).toEqual(expected);
    expect(APPLICATION_NAMES).toHaveLength(99);
    expect(DEPRECATED_ADAPTER_NAMES).toHaveLength(36);
  }, 120_000);

  it('every run-time export is one of the pinned names', () => {
    const pinned = new Set([...APPLICATION_NAMES, ...DEPRECATED_ADAPTER_NAMES]);
    const runtime = Object.keys(root);
    expect(runtime.length).toBeGreaterThan(40);
    expect(runtime.filter((name) => !pinned.has(name))).toEqual([]);
  });

  it('keeps exporter-only helpers off the root', () => {
    for (const name of [
      'seriesKey',
      'tagsKey',
      'redactUrl',
      'valueColumns',
      'histogramQuantile',
      'resolveScrapeAuth',
    ]) {
      expect(Object.hasOwn(root, name), name).toBe(false);
    }
  });
});

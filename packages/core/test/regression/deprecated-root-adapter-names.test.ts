import type { IncomingMessage } from 'node:http';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as http from '../../src/http/index.js';
import * as root from '../../src/index.js';
import * as instrument from '../../src/instrument/index.js';

/**
 * 0.1.0 exported the HTTP and call adapters from the `@meterkit/core` root. They moved to
 * `@meterkit/core/http` and `@meterkit/core/instrument`; for this release the root names must stay
 * the very same values and types (deprecated), so that no application breaks on upgrade.
 */
const HTTP_VALUES = [
  'expressMiddleware',
  'expressRoute',
  'fastifyPlugin',
  'fastifyRoute',
  'OTHER_METHOD',
  'STANDARD_HTTP_METHODS',
  'HttpMetrics',
  'httpMetrics',
  'ABORTED_STATUS',
  'DEFAULT_SIZE_BUCKETS',
  'DEFAULT_UNMATCHED_ROUTE',
  'SEMCONV_DURATION_BUCKETS',
  'instrumentHandler',
  'compileRoutePatterns',
] as const;
const INSTRUMENT_VALUES = [
  'instrumentFunction',
  'Instrumented',
  'instrumentMethod',
  'DEFAULT_BATCH_SIZE_BUCKETS',
  'trackBatch',
  'trackBlock',
] as const;

describe('the 0.1.0 root names of the adapters', () => {
  it('are the same values as on the subpaths', () => {
    const rootValues = new Map(Object.entries(root));
    for (const [names, subpath] of [
      [HTTP_VALUES, new Map(Object.entries(http))],
      [INSTRUMENT_VALUES, new Map(Object.entries(instrument))],
    ] as const) {
      for (const name of names) {
        expect(subpath.get(name), name).toBeDefined();
        expect(rootValues.get(name), name).toBe(subpath.get(name));
      }
    }
    expect(http.InvalidInstrumentationOptionError).toBe(root.InvalidInstrumentationOptionError);
    expect(instrument.InvalidInstrumentationOptionError).toBe(root.InvalidInstrumentationOptionError);
  });

  it('keep their types (checked by tsc)', () => {
    expectTypeOf<root.HttpMetrics>().toEqualTypeOf<http.HttpMetrics>();
    expectTypeOf<root.HttpMetricsOptions>().toEqualTypeOf<http.HttpMetricsOptions>();
    expectTypeOf<root.RouteOptions<IncomingMessage>>().toEqualTypeOf<http.RouteOptions<IncomingMessage>>();
    expectTypeOf<root.NodeHttpMetricsOptions>().toEqualTypeOf<http.NodeHttpMetricsOptions>();
    expectTypeOf<root.ExpressLikeRequest>().toEqualTypeOf<http.ExpressLikeRequest>();
    expectTypeOf<root.ExpressMetricsMiddleware>().toEqualTypeOf<http.ExpressMetricsMiddleware>();
    expectTypeOf<root.FastifyLikeInstance>().toEqualTypeOf<http.FastifyLikeInstance>();
    expectTypeOf<root.FastifyLikeRequest>().toEqualTypeOf<http.FastifyLikeRequest>();
    expectTypeOf<root.FastifyLikeReply>().toEqualTypeOf<http.FastifyLikeReply>();
    expectTypeOf<root.FastifyMetricsPlugin>().toEqualTypeOf<http.FastifyMetricsPlugin>();
    expectTypeOf<root.RouteMatcher>().toEqualTypeOf<http.RouteMatcher>();
    expectTypeOf<root.CallMetricsOptions>().toEqualTypeOf<instrument.CallMetricsOptions>();
    expectTypeOf<root.InstrumentedDecorator>().toEqualTypeOf<instrument.InstrumentedDecorator>();
    expectTypeOf<root.ProviderSource>().toEqualTypeOf<instrument.ProviderSource>();
    expectTypeOf<root.BatchOptions>().toEqualTypeOf<instrument.BatchOptions>();
    expectTypeOf<root.BatchOutcome>().toEqualTypeOf<instrument.BatchOutcome>();
    expectTypeOf<root.BatchResult<number>>().toEqualTypeOf<instrument.BatchResult<number>>();
    expectTypeOf(root.Instrumented).toEqualTypeOf(instrument.Instrumented);
    expectTypeOf(root.trackBatch).toEqualTypeOf(instrument.trackBatch);
    expectTypeOf(root.instrumentHandler).toEqualTypeOf(http.instrumentHandler);
  });
});

import type { MemoryRegistry } from '../registry/memory-registry.js';
import type { TagsArgument } from '../tags.js';
import type {
  Counter,
  Gauge,
  Histogram,
  HistogramOptions,
  Info,
  MetricOptions,
  Provider,
  Registry,
  RequestHandler,
  Summary,
  SummaryOptions,
  Timer,
} from '../types.js';
import type { ProviderRuntime } from './provider-runtime.js';

/**
 * The provider every backend uses: metrics are recorded in memory (core) and exporters read
 * snapshots. `withTags` returns a view that shares the metrics and lifecycle and adds its tags.
 * (Named `MeterProvider` in 0.1.0, which is also the OpenTelemetry SDK's class: see the alias below.)
 */
export class MeterkitProvider implements Provider {
  constructor(
    private readonly runtime: ProviderRuntime,
    private readonly view: MemoryRegistry,
  ) {}

  counter(name: string, options?: MetricOptions): Counter {
    return this.view.counter(name, options);
  }

  gauge(name: string, options?: MetricOptions): Gauge {
    return this.view.gauge(name, options);
  }

  histogram(name: string, options?: HistogramOptions): Histogram {
    return this.view.histogram(name, options);
  }

  summary(name: string, options?: SummaryOptions): Summary {
    return this.view.summary(name, options);
  }

  timer(name: string, options?: HistogramOptions): Timer {
    return this.view.timer(name, options);
  }

  info(name: string, options?: MetricOptions): Info {
    return this.view.info(name, options);
  }

  registry(): Registry {
    return this.view;
  }

  handler(): RequestHandler {
    return this.runtime.handler();
  }

  start(): Promise<void> {
    return this.runtime.start();
  }

  stop(): Promise<void> {
    return this.runtime.stop();
  }

  withTags(...tags: TagsArgument[]): Provider {
    return new MeterkitProvider(this.runtime, this.view.withTags(...tags));
  }
}

/**
 * @deprecated Renamed {@link MeterkitProvider}: `MeterProvider` is also the OpenTelemetry SDK's class,
 * confusing next to exporter-otel and otel-bridge. This alias goes in the next major release.
 */
export const MeterProvider = MeterkitProvider;
/** @deprecated Renamed {@link MeterkitProvider}. */
export type MeterProvider = MeterkitProvider;

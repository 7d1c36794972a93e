import type {
  Counter as MeterkitCounter,
  Gauge as MeterkitGauge,
  Histogram as MeterkitHistogram,
} from '@meterkit/core';
import type { Attributes, Context, Counter, Gauge, Histogram, UpDownCounter } from '@opentelemetry/api';
import type { AttributeSeriesCache } from './attribute-series-cache.js';
import { nonNegativeValue, sdkValue } from './measurement-values.js';

/*
 * Each `add`/`record` checks the common case (a finite number of the right sign, an integer for INT
 * instruments) inline and leaves diagnostics to measurement-values.ts, then records into the series
 * the attribute cache finds. The `context` argument carries no metric data here.
 */

/** An OpenTelemetry Counter recording into a meterkit counter. */
export class BridgeCounter implements Counter {
  constructor(
    private readonly series: AttributeSeriesCache<MeterkitCounter>,
    private readonly name: string,
    private readonly integer: boolean,
  ) {}

  add(value: number, attributes?: Attributes, _context?: Context): void {
    if (
      typeof value !== 'number' ||
      !(value >= 0) ||
      value === Number.POSITIVE_INFINITY ||
      (this.integer && !Number.isInteger(value))
    ) {
      const checked = nonNegativeValue('counter', this.name, this.integer, value);
      if (checked === undefined) return;
      value = checked;
    }
    this.series.get(attributes)?.add(value);
  }
}

/** An OpenTelemetry UpDownCounter recording into a meterkit gauge created with `upDownCounter: true`. */
export class BridgeUpDownCounter implements UpDownCounter {
  constructor(
    private readonly series: AttributeSeriesCache<MeterkitGauge>,
    private readonly name: string,
    private readonly integer: boolean,
  ) {}

  add(value: number, attributes?: Attributes, _context?: Context): void {
    if (typeof value !== 'number' || (this.integer && !Number.isInteger(value))) {
      const checked = sdkValue(this.name, this.integer, value);
      if (checked === undefined) return;
      value = checked;
    }
    this.series.get(attributes)?.add(value);
  }
}

/** An OpenTelemetry (synchronous) Gauge recording into a meterkit gauge: the last value wins. */
export class BridgeGauge implements Gauge {
  constructor(
    private readonly series: AttributeSeriesCache<MeterkitGauge>,
    private readonly name: string,
    private readonly integer: boolean,
  ) {}

  record(value: number, attributes?: Attributes, _context?: Context): void {
    if (typeof value !== 'number' || (this.integer && !Number.isInteger(value))) {
      const checked = sdkValue(this.name, this.integer, value);
      if (checked === undefined) return;
      value = checked;
    }
    this.series.get(attributes)?.set(value);
  }
}

/** An OpenTelemetry Histogram recording into a meterkit histogram. */
export class BridgeHistogram implements Histogram {
  constructor(
    private readonly series: AttributeSeriesCache<MeterkitHistogram>,
    private readonly name: string,
    private readonly integer: boolean,
  ) {}

  record(value: number, attributes?: Attributes, _context?: Context): void {
    if (
      typeof value !== 'number' ||
      !(value >= 0) ||
      value === Number.POSITIVE_INFINITY ||
      (this.integer && !Number.isInteger(value))
    ) {
      const checked = nonNegativeValue('histogram', this.name, this.integer, value);
      if (checked === undefined) return;
      value = checked;
    }
    this.series.get(attributes)?.observe(value);
  }
}

/**
 * Exponential (native) histogram observe on a held child: meterkit's exponential buckets beside its
 * explicit buckets (the 1.5× budget of issue 17), prom-client's explicit histogram, and the
 * OpenTelemetry SDK's own `ExponentialHistogramAggregation` (a view, max 160 buckets like ours).
 */
import { AggregationType, MeterProvider } from '@opentelemetry/sdk-metrics';
import { ManualReader, otelTotal, promTotal } from './libraries.mjs';
import { formatNs, formatRatio, markdownTable } from './markdown-table.mjs';
import { compare } from './measure-ns.mjs';
import { DEFAULT_BOUNDS, OBS_COUNT, OBSERVATIONS, RECORDS } from './tag-values.mjs';

/** Runs the comparison; pushes a line to `mismatches` when a library did not record every call. */
export async function measureExponentialObserve(mk, prom, mismatches) {
  const reader = new ManualReader();
  const otelProvider = new MeterProvider({
    readers: [reader],
    views: [
      {
        instrumentName: 'exp_latency',
        aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM, options: { maxSize: 160 } },
      },
    ],
  });
  const otelHistogram = otelProvider.getMeter('meterkit-bench').createHistogram('exp_latency', { unit: 's' });
  const attrs = { ...RECORDS[0] };
  const explicit = mk.histogram('exp_cmp_explicit_seconds').withTags(RECORDS[0]);
  const exponential = mk.histogram('exp_cmp_native_seconds', { exponential: true }).withTags(RECORDS[0]);
  const both = mk
    .histogram('exp_cmp_both_seconds', { buckets: DEFAULT_BOUNDS, exponential: true })
    .withTags(RECORDS[0]);
  const promHistogram = prom.histogram('exp_cmp_seconds', ['method', 'route', 'status']);
  const promChild = promHistogram.labels(RECORDS[0]);
  const observeLoop = (target) =>
    function observe(n) {
      const child = target;
      let j = 0;
      for (let i = 0; i < n; i++) {
        child.observe(OBSERVATIONS[j]);
        if (++j === OBS_COUNT) j = 0;
      }
      return j;
    };
  const result = compare({
    explicit: observeLoop(explicit),
    exponential: observeLoop(exponential),
    both: observeLoop(both),
    prom: observeLoop(promChild),
    otel: function otelExponentialRecord(n) {
      const histogram = otelHistogram;
      let j = 0;
      for (let i = 0; i < n; i++) {
        histogram.record(OBSERVATIONS[j], attrs);
        if (++j === OBS_COUNT) j = 0;
      }
      return j;
    },
  });
  const check = (label, recorded, calls) => {
    if (recorded !== calls) mismatches.push(`${label}: recorded ${recorded}, harness made ${calls} calls`);
  };
  check('meterkit explicit (exp section)', explicit.snapshot().count, result.explicit.calls);
  const native = exponential.snapshot();
  check('meterkit exponential', native.count, result.exponential.calls);
  const bucketTotal = native.exponential.positive.counts.reduce((a, b) => a + b, 0);
  check('meterkit exponential bucket total', bucketTotal, result.exponential.calls);
  check('meterkit both', both.snapshot().count, result.both.calls);
  check('prom-client (exp section)', await promTotal(promHistogram), result.prom.calls);
  check('OTel exponential', await otelTotal(reader, 'exp_latency'), result.otel.calls);
  result.scale = native.exponential.scale;
  return result;
}

/** The markdown table of `measureExponentialObserve`'s result. */
export function exponentialObserveTable(r) {
  const budget = r.exponential.ns <= 1.5 * r.explicit.ns;
  return markdownTable(
    ['held child observe', 'ns/op', 'vs meterkit explicit', 'prom-client ÷ this', 'OTel exponential ÷ this'],
    [
      [
        'meterkit, explicit default buckets',
        formatNs(r.explicit.ns),
        '1.0×',
        formatRatio(r.prom.ns, r.explicit.ns),
        formatRatio(r.otel.ns, r.explicit.ns),
      ],
      [
        `meterkit, exponential only (settled at scale ${r.scale}) — goal ≤ 1.5× explicit: ${budget ? 'yes' : '**NO**'}`,
        formatNs(r.exponential.ns),
        `${(r.exponential.ns / r.explicit.ns).toFixed(2)}×`,
        formatRatio(r.prom.ns, r.exponential.ns),
        formatRatio(r.otel.ns, r.exponential.ns),
      ],
      [
        'meterkit, explicit + exponential',
        formatNs(r.both.ns),
        `${(r.both.ns / r.explicit.ns).toFixed(2)}×`,
        formatRatio(r.prom.ns, r.both.ns),
        formatRatio(r.otel.ns, r.both.ns),
      ],
      [
        'prom-client, explicit default buckets',
        formatNs(r.prom.ns),
        `${(r.prom.ns / r.explicit.ns).toFixed(2)}×`,
        '',
        '',
      ],
      [
        'OTel SDK, ExponentialHistogramAggregation (160)',
        formatNs(r.otel.ns),
        `${(r.otel.ns / r.explicit.ns).toFixed(2)}×`,
        '',
        '',
      ],
    ],
  );
}

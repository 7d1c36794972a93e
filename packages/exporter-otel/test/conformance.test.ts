import type { ReadSeries } from '@meterkit/core/testing';
import { runConformance } from '@meterkit/core/testing';
import { OtlpReceiver, type ReceivedMetric } from '@meterkit/test-support';
import { afterAll, beforeAll, describe, it } from 'vitest';

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await OtlpReceiver.start();
});
afterAll(async () => {
  await receiver.close();
});

/** Reads the collector's view back in meterkit's terms: OTLP keeps meterkit's names unchanged. */
function toReadSeries(metric: ReceivedMetric): ReadSeries[] {
  return metric.points.map((point) => {
    const tags = Object.fromEntries(Object.entries(point.attributes).map(([k, v]) => [k, String(v)]));
    const series: ReadSeries = { name: metric.name, tags };
    if (metric.kind === 'sum' || metric.kind === 'gauge') series.value = point.value;
    if (metric.kind === 'histogram' || metric.kind === 'summary') {
      series.count = point.count;
      series.sum = point.sum;
    }
    if (metric.kind === 'histogram') {
      // OTLP buckets are per bucket with implicit +Inf; meterkit's are cumulative.
      let running = 0;
      const bounds = [...(point.explicitBounds ?? []), Number.POSITIVE_INFINITY];
      series.buckets = (point.bucketCounts ?? []).map((count, i) => ({
        upperBound: bounds[i]!,
        count: (running += count),
      }));
    }
    if (metric.kind === 'summary') series.quantiles = point.quantiles;
    return series;
  });
}

describe.each(['http/json', 'http/protobuf'] as const)('conformance over OTLP %s', (protocol) => {
  it('passes the shared suite against the receiver', async () => {
    let start = 0;
    await runConformance({
      name: `opentelemetry ${protocol}`,
      config: () => {
        start = receiver.requests.length;
        return {
          provider: 'opentelemetry',
          flushInterval: '1h',
          opentelemetry: { collectorUrl: receiver.url, protocol },
        };
      },
      read: async (provider) => {
        await provider.stop();
        const sent = receiver.requests.slice(start);
        const last = sent[sent.length - 1];
        if (!last) return [];
        return last.scopes.flatMap((scope) => scope.metrics.flatMap(toReadSeries));
      },
    });
  });
});

/**
 * core.bench.mjs's figures for the published tables (`lib/report.mjs`): the hot paths (ns/op,
 * median and min–max of the interleaved rounds) and the retained heap per series (one measurement
 * of N series each). Tables `core-hot-paths` and `core-heap`.
 */
import { describeTable, record } from './report.mjs';

const EXPONENTIAL_ROW = 'exponential histogram observe, held child';
const COLUMNS = ['meterkit', 'prom-client', 'OpenTelemetry SDK'];

/** ns/op figures of one `compare()` result, keyed by library column. */
function recordTiming(row, results, goal) {
  const byColumn = {
    meterkit: results.meterkit,
    'prom-client': results.prom,
    'OpenTelemetry SDK': results.otel,
  };
  for (const [metric, r] of Object.entries(byColumn)) {
    if (!r) continue;
    record({
      table: 'core-hot-paths',
      row,
      metric,
      unit: 'ns',
      median: r.ns,
      min: r.min,
      max: r.max,
      rounds: r.rounds,
      ...(metric === 'meterkit' && goal ? { goal } : {}),
    });
  }
}

export function recordCoreFigures({
  bound,
  noTags,
  perCall,
  manySeries,
  histPerCall,
  histBound,
  alloc,
  memory,
  SERIES,
  exponentialObserve,
}) {
  describeTable({
    table: 'core-hot-paths',
    title: 'Recording hot paths (ns per call)',
    columns: [...COLUMNS, 'reference'],
    reference: 'meterkit',
    note:
      `Bound child: prom-client's \`labels()\` child, OpenTelemetry \`add(1, heldAttrs)\` (no bound instruments). ` +
      `meterkit's bound child allocated ${alloc.mkBound.bytesPerCall.toFixed(3)} B/call over ${alloc.mkBound.calls.toLocaleString('en-US')} calls (goal: 0). ` +
      'Every library recorded exactly the calls made (checked after each case). ' +
      `Among ${SERIES.toLocaleString('en-US')} series, every lookup misses the CPU caches; meterkit's cost there includes ` +
      'its denser Maps for large tag levels, which keep a counter series within its heap budget ' +
      '(packages/core/README.md, "How a series is stored").',
  });
  record({
    table: 'core-hot-paths',
    row: 'held child `c.inc()`',
    metric: 'reference',
    text: '(raw field `o.n++`)',
    unit: 'ns',
    median: bound.raw.ns,
    min: bound.raw.min,
    max: bound.raw.max,
  });
  recordTiming('held child `c.inc()`', bound, { within: 2, of: 'reference', text: '≤ 2× raw field' });
  recordTiming('`counter.inc()`, no tags', noTags, { faster: 5, than: 'prom-client' });
  recordTiming('`counter.withTags({ method, route, status }).inc()`', perCall, [
    { faster: 5, than: 'prom-client' },
    { faster: 15, than: 'OpenTelemetry SDK' },
  ]);
  // No goal: it shows what a lookup costs when the series no longer fit in the CPU's caches.
  recordTiming(`same, among ${SERIES.toLocaleString('en-US')} series in random order`, manySeries);
  recordTiming('histogram observe, 3 tags per call', histPerCall, { faster: 5, than: 'prom-client' });
  recordTiming('histogram observe, held child', histBound);
  if (exponentialObserve) {
    record({
      table: 'core-hot-paths',
      row: EXPONENTIAL_ROW,
      metric: 'meterkit',
      unit: 'ns',
      median: exponentialObserve.exponential.ns,
      min: exponentialObserve.exponential.min,
      max: exponentialObserve.exponential.max,
      goal: { within: 1.5, of: 'reference', text: '≤ 1.5× explicit buckets' },
    });
    record({
      table: 'core-hot-paths',
      row: EXPONENTIAL_ROW,
      metric: 'OpenTelemetry SDK',
      unit: 'ns',
      median: exponentialObserve.otel.ns,
      min: exponentialObserve.otel.min,
      max: exponentialObserve.otel.max,
    });
    record({
      table: 'core-hot-paths',
      row: EXPONENTIAL_ROW,
      metric: 'reference',
      text: '(meterkit, explicit buckets)',
      unit: 'ns',
      median: exponentialObserve.explicit.ns,
      min: exponentialObserve.explicit.min,
      max: exponentialObserve.explicit.max,
    });
  }

  describeTable({
    table: 'core-heap',
    title: `Retained heap per series (${SERIES.toLocaleString('en-US')} series, tags { method, route, status })`,
    columns: COLUMNS,
    reference: 'meterkit',
    note:
      'One measurement per cell: heap (+ external) growth after full GCs ÷ series; tag value strings ' +
      'are created before the baseline. Node 20 x64 has no pointer compression (8-byte pointers).',
  });
  const heapRow = (row, mk, prom, otel, goal) => {
    for (const [metric, m] of [
      ['meterkit', mk],
      ['prom-client', prom],
      ['OpenTelemetry SDK', otel],
    ]) {
      record({
        table: 'core-heap',
        row,
        metric,
        unit: 'B',
        median: m.bytesPerSeries,
        ...(metric === 'meterkit' && goal ? { goal } : {}),
      });
    }
  };
  heapRow(
    'counter series, unique tag sorts first',
    memory.counterMkFirst,
    memory.counterPromFirst,
    memory.counterOtelFirst,
    { atMost: 100 },
  );
  heapRow(
    'counter series, unique tag sorts in the middle',
    memory.counterMkMid,
    memory.counterPromMid,
    memory.counterOtelMid,
    { atMost: 100 },
  );
  heapRow(
    'counter series, unique tag sorts last',
    memory.counterMkLast,
    memory.counterPromLast,
    memory.counterOtelLast,
    { atMost: 100 },
  );
  heapRow('default-bucket histogram series', memory.histMk, memory.histProm, memory.histOtel, {
    atMost: 400,
  });
}

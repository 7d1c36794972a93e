/**
 * Prints core.bench.mjs's results as markdown: the goals table, allocation per call, and the spread
 * of the timing rounds. Returns nothing; sets process.exitCode when the correctness check failed.
 */
import { createRequire } from 'node:module';
import { formatBytes, formatNs, formatRatio, markdownTable } from './markdown-table.mjs';
import { checksum, settings } from './measure-ns.mjs';

export function printCoreReport({
  bound,
  noTags,
  perCall,
  manySeries,
  histPerCall,
  histBound,
  alloc,
  memory,
  SERIES,
  mismatches,
  started,
}) {
  const yes = (ok) => (ok ? 'yes' : '**NO**');
  const rawNs = bound.raw.ns;
  const boundOk = bound.meterkit.ns <= 2 * rawNs && alloc.mkBound.bytesPerCall < 0.01;
  const rows = [
    ['baseline: raw pre-held object field `o.n++`', formatNs(rawNs), '', '', '', '', 'reference', ''],
    [
      'bound child `c.inc()` (prom: `labels()` child; OTel: held attrs)',
      formatNs(bound.meterkit.ns),
      formatNs(bound.prom.ns),
      formatNs(bound.otel.ns),
      formatRatio(bound.prom.ns, bound.meterkit.ns),
      formatRatio(bound.otel.ns, bound.meterkit.ns),
      `≤ 2× raw (${formatNs(2 * rawNs)}), 0 B/call (got ${(bound.meterkit.ns / rawNs).toFixed(2)}× raw, ${alloc.mkBound.bytesPerCall.toFixed(3)} B/call)`,
      yes(boundOk),
    ],
    [
      'counter inc, no tags',
      formatNs(noTags.meterkit.ns),
      formatNs(noTags.prom.ns),
      formatNs(noTags.otel.ns),
      formatRatio(noTags.prom.ns, noTags.meterkit.ns),
      formatRatio(noTags.otel.ns, noTags.meterkit.ns),
      '≥ 5× prom-client',
      yes(noTags.prom.ns >= 5 * noTags.meterkit.ns),
    ],
    [
      'counter, 3 tags per call: `withTags({…}).inc()` / `inc(labels)` / `add(1, attrs)`',
      formatNs(perCall.meterkit.ns),
      formatNs(perCall.prom.ns),
      formatNs(perCall.otel.ns),
      formatRatio(perCall.prom.ns, perCall.meterkit.ns),
      formatRatio(perCall.otel.ns, perCall.meterkit.ns),
      '≥ 5× prom-client, ≥ 15× OTel',
      yes(perCall.prom.ns >= 5 * perCall.meterkit.ns && perCall.otel.ns >= 15 * perCall.meterkit.ns),
    ],
    [
      '(info) prom-client `labels({…}).inc()` per call vs meterkit `withTags({…}).inc()`',
      formatNs(perCall.meterkit.ns),
      formatNs(perCall.promLabels.ns),
      '',
      formatRatio(perCall.promLabels.ns, perCall.meterkit.ns),
      '',
      'info',
      '',
    ],
    [
      `counter, 3 tags per call, among ${SERIES.toLocaleString('en-US')} series in random order`,
      formatNs(manySeries.meterkit.ns),
      formatNs(manySeries.prom.ns),
      formatNs(manySeries.otel.ns),
      formatRatio(manySeries.prom.ns, manySeries.meterkit.ns),
      formatRatio(manySeries.otel.ns, manySeries.meterkit.ns),
      'info',
      '',
    ],
    [
      'histogram observe, 3 tags per call',
      formatNs(histPerCall.meterkit.ns),
      formatNs(histPerCall.prom.ns),
      formatNs(histPerCall.otel.ns),
      formatRatio(histPerCall.prom.ns, histPerCall.meterkit.ns),
      formatRatio(histPerCall.otel.ns, histPerCall.meterkit.ns),
      '≥ 5× prom-client',
      yes(histPerCall.prom.ns >= 5 * histPerCall.meterkit.ns),
    ],
    [
      '(info) histogram observe on a held child',
      formatNs(histBound.meterkit.ns),
      formatNs(histBound.prom.ns),
      formatNs(histBound.otel.ns),
      formatRatio(histBound.prom.ns, histBound.meterkit.ns),
      formatRatio(histBound.otel.ns, histBound.meterkit.ns),
      'info',
      '',
    ],
    [
      `retained heap per counter series (3 tags, unique one sorts first), N=${SERIES}`,
      formatBytes(memory.counterMkFirst.bytesPerSeries),
      formatBytes(memory.counterPromFirst.bytesPerSeries),
      formatBytes(memory.counterOtelFirst.bytesPerSeries),
      formatRatio(memory.counterPromFirst.bytesPerSeries, memory.counterMkFirst.bytesPerSeries),
      formatRatio(memory.counterOtelFirst.bytesPerSeries, memory.counterMkFirst.bytesPerSeries),
      '≤ 100 B',
      yes(memory.counterMkFirst.bytesPerSeries <= 100),
    ],
    [
      `retained heap per counter series (3 tags, unique one sorts in the middle), N=${SERIES}`,
      formatBytes(memory.counterMkMid.bytesPerSeries),
      formatBytes(memory.counterPromMid.bytesPerSeries),
      formatBytes(memory.counterOtelMid.bytesPerSeries),
      formatRatio(memory.counterPromMid.bytesPerSeries, memory.counterMkMid.bytesPerSeries),
      formatRatio(memory.counterOtelMid.bytesPerSeries, memory.counterMkMid.bytesPerSeries),
      '≤ 100 B',
      yes(memory.counterMkMid.bytesPerSeries <= 100),
    ],
    [
      `retained heap per counter series (3 tags, unique one sorts last), N=${SERIES}`,
      formatBytes(memory.counterMkLast.bytesPerSeries),
      formatBytes(memory.counterPromLast.bytesPerSeries),
      formatBytes(memory.counterOtelLast.bytesPerSeries),
      formatRatio(memory.counterPromLast.bytesPerSeries, memory.counterMkLast.bytesPerSeries),
      formatRatio(memory.counterOtelLast.bytesPerSeries, memory.counterMkLast.bytesPerSeries),
      '≤ 100 B',
      yes(memory.counterMkLast.bytesPerSeries <= 100),
    ],
    [
      `retained heap per default-bucket histogram series (3 tags), N=${SERIES}`,
      formatBytes(memory.histMk.bytesPerSeries),
      formatBytes(memory.histProm.bytesPerSeries),
      formatBytes(memory.histOtel.bytesPerSeries),
      formatRatio(memory.histProm.bytesPerSeries, memory.histMk.bytesPerSeries),
      formatRatio(memory.histOtel.bytesPerSeries, memory.histMk.bytesPerSeries),
      '≤ 400 B',
      yes(memory.histMk.bytesPerSeries <= 400),
    ],
  ];

  console.log(
    `\n## @meterkit/core hot paths vs prom-client ${promVersion()} and @opentelemetry/sdk-metrics ${otelVersion()}\n`,
  );
  console.log(
    `Node ${process.version}, ${settings.ROUNDS} interleaved rounds of ~${settings.ROUND_MS} ms after ${settings.WARMUP_MS} ms warm-up; median ns/op (loop overhead included for every column). Ratios are prom-client/meterkit and OTel/meterkit (higher = meterkit better).\n`,
  );
  console.log(
    markdownTable(
      ['case', 'meterkit', 'prom-client', 'OTel', 'ratio vs prom-client', 'ratio vs OTel', 'goal', 'met?'],
      rows,
    ),
  );

  console.log('\n### Allocation per call (heap growth in a GC-free window)\n');
  console.log(
    markdownTable(
      ['path', 'B/call', 'calls in window', 'GCs in window'],
      [
        ['raw field `o.n++`', alloc.raw],
        ['meterkit bound child `c.inc()`', alloc.mkBound],
        ['prom-client `labels()` child `inc()`', alloc.promBound],
        ['OTel `add(1, heldAttrs)`', alloc.otelBound],
      ].map(([label, a]) => [label, a.bytesPerCall.toFixed(3), a.calls.toLocaleString('en-US'), a.gcs]),
    ),
  );

  console.log('\n### Spread (min–max ns/op over rounds)\n');
  const spread = (r) => `${formatNs(r.min)} – ${formatNs(r.max)}`;
  console.log(
    markdownTable(
      ['case', 'meterkit', 'prom-client', 'OTel'],
      [
        ['raw field', spread(bound.raw), '', ''],
        ['bound child', spread(bound.meterkit), spread(bound.prom), spread(bound.otel)],
        ['inc no tags', spread(noTags.meterkit), spread(noTags.prom), spread(noTags.otel)],
        ['3 tags per call', spread(perCall.meterkit), spread(perCall.prom), spread(perCall.otel)],
        [
          `3 tags per call, among ${SERIES.toLocaleString('en-US')} series`,
          spread(manySeries.meterkit),
          spread(manySeries.prom),
          spread(manySeries.otel),
        ],
        [
          'histogram 3 tags per call',
          spread(histPerCall.meterkit),
          spread(histPerCall.prom),
          spread(histPerCall.otel),
        ],
        ['histogram held child', spread(histBound.meterkit), spread(histBound.prom), spread(histBound.otel)],
      ],
    ),
  );

  if (mismatches.length > 0) {
    console.log('\n**Correctness check FAILED** (numbers above are not trustworthy):');
    for (const m of mismatches) console.log(`- ${m}`);
    process.exitCode = 1;
  } else {
    console.log('\nCorrectness check: every library recorded exactly the calls the harness made.');
  }
  console.log(`checksum ${checksum()}; total time ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

function promVersion() {
  return createRequire(import.meta.url)('prom-client/package.json').version;
}

function otelVersion() {
  return createRequire(import.meta.url)('@opentelemetry/sdk-metrics/package.json').version;
}

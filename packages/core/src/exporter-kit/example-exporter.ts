import type { Exporter, ExporterFactory } from '../export/exporter.js';
import type { Snapshot } from '../snapshot.js';
import { tagsToRecord } from '../tags.js';
import { configTypes, readConfigSection } from './config-section.js';
import { counterDelta, observationDelta } from './deltas.js';
import { joinedMetricName } from './metric-names.js';
import { SeriesMemory } from './series-memory.js';

/** Options of the example exporter: where lines go, and how namespace and name are joined. */
export interface LineExporterOptions {
  readonly write: (line: string) => void;
  readonly separator?: '.' | '_';
}

/**
 * The example exporter of the core README, written against `@meterkit/core/exporter-kit` alone: one
 * JSON line per series per flush, in delta temporality (counters send what was added, histograms,
 * timers and summaries the observations' count and sum since the previous flush). Its test runs it
 * through `@meterkit/core/testing`'s conformance suite.
 */
export function createLineExporter(options: LineExporterOptions): ExporterFactory {
  const { write, separator } = readConfigSection('lines', options, {
    write: { type: configTypes.function<(line: string) => void>(), required: true },
    separator: { type: configTypes.oneOf(['.', '_']), default: '.' },
  });
  const memory = new SeriesMemory<unknown, string>({
    describe: (name, tags) => `"name":${JSON.stringify(name)},"tags":${JSON.stringify(tagsToRecord(tags))}`,
  });
  const send = (series: string, fields: object) => write(`{${series},${JSON.stringify(fields).slice(1)}`);
  const exporter: Exporter = {
    name: 'lines',
    async export(snapshot: Snapshot) {
      memory.beginFlush();
      for (const metric of snapshot.metrics) {
        const name = joinedMetricName(metric, separator);
        for (const point of metric.points) {
          const series = memory.see(name, point.tags, point.startTime);
          if (!('value' in point)) {
            const { count, sum } = observationDelta(point, series.last as typeof point | undefined);
            series.last = point;
            send(series.data, { count, sum });
          } else if (metric.type === 'counter') {
            const start = point.startTime ?? metric.startTime;
            send(series.data, { add: counterDelta(series, point.value, start, snapshot.timestamp).value });
          } else send(series.data, { value: point.value });
        }
      }
      for (const gone of memory.endFlush()) send(gone.data, { removed: true });
    },
    async shutdown() {},
  };
  return () => exporter;
}

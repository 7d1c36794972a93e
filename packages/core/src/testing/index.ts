/**
 * Test helpers: a recording exporter, a manual clock and the conformance suite every exporter runs.
 * Never imported by `src/` of any package.
 * @packageDocumentation
 */

export type { ConformanceBackend, ConformanceCapabilities, ReadSeries } from './conformance.js';
export { compare, runConformance } from './conformance.js';
export type { ExpectedSeries } from './conformance-scenario.js';
export {
  CONFORMANCE_ABSENT,
  CONFORMANCE_FILTERS,
  CONFORMANCE_GLOBAL_TAGS,
  CONFORMANCE_NAMESPACE,
  CONFORMANCE_SINGLE_SERIES,
  CONFORMANCE_SUBSYSTEM,
  recordConformanceScenario,
} from './conformance-scenario.js';
export { ManualClock } from './manual-clock.js';
export { RecordingExporter } from './recording-exporter.js';

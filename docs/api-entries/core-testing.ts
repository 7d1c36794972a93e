/**
 * Test helpers: `RecordingExporter`, `ManualClock` and the conformance suite every exporter runs.
 *
 * @module @meterkit/core/testing
 */
export * from '../../packages/core/src/testing/index.js';

/**
 * Measuring your own code: `instrumentFunction`, `@Instrumented`, `instrumentMethod`, `trackBlock`, `trackBatch`.
 *
 * @module @meterkit/core/instrument
 */
export * from '../../packages/core/src/instrument/index.js';

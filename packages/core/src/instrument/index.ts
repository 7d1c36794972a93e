/**
 * `@meterkit/core/instrument`: measuring calls, blocks and batches of application code, built on
 * the public `Provider` of `@meterkit/core` only.
 *
 * ```text
 * call-instruments.ts        the calls counter and duration timer shared by the helpers below
 * instrument-function.ts     instrumentFunction: a measured version of a function
 * instrumented-decorator.ts  @Instrumented / instrumentMethod: measured class methods
 * track-block.ts             trackBlock: measures one block of code
 * track-batch.ts             trackBatch: runs and measures a batch of items, with concurrency
 * provider-source.ts         ProviderSource: a provider, or a getter for one created later
 * ```
 * @packageDocumentation
 */

export { InvalidInstrumentationOptionError } from '../instrumentation-option-error.js';
export type { CallMetricsOptions } from './call-instruments.js';
export { instrumentFunction } from './instrument-function.js';
export type { InstrumentedDecorator } from './instrumented-decorator.js';
export { Instrumented, instrumentMethod } from './instrumented-decorator.js';
export type { ProviderSource } from './provider-source.js';
export type { BatchOptions, BatchOutcome, BatchResult } from './track-batch.js';
export { DEFAULT_BATCH_SIZE_BUCKETS, trackBatch } from './track-batch.js';
export { trackBlock } from './track-block.js';

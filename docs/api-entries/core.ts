/**
 * Metric types, the registry, snapshots, the exporter contract, the fan-out, the noop provider, `Config` and `createProvider`.
 *
 * @module @meterkit/core
 * @document ../../packages/core/README.md
 */
export * from '../../packages/core/src/index.js';

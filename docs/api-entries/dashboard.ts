/**
 * A live page of charts of every series of any provider, served by a node:http handler.
 *
 * @module @meterkit/dashboard
 * @document ../../packages/dashboard/README.md
 */
export * from '../../packages/dashboard/src/index.js';

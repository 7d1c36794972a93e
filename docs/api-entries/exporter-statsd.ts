/**
 * StatsD, DogStatsD and Telegraf lines through hot-shots.
 *
 * @module @meterkit/exporter-statsd
 * @document ../../packages/exporter-statsd/README.md
 */
export * from '../../packages/exporter-statsd/src/index.js';

/**
 * Prometheus text 0.0.4 and OpenMetrics 1.0 exposition, the scrape handler, an optional standalone server and a Pushgateway client.
 *
 * @module @meterkit/exporter-prometheus
 * @document ../../packages/exporter-prometheus/README.md
 */
export * from '../../packages/exporter-prometheus/src/index.js';

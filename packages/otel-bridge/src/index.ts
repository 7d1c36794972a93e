/**
 * @meterkit/otel-bridge: code written against the OpenTelemetry metrics API, and prom-client
 * registries, recording through meterkit to every backend it exports to.
 * @packageDocumentation
 */
export { OTEL_DEFAULT_BOUNDARIES } from './bridge-meter.js';
export {
  BridgeMeterProvider,
  createMeterProvider,
  type MeterProviderBridgeOptions,
} from './bridge-meter-provider.js';
export {
  fromPromClient,
  type PromClientFamily,
  type PromClientRegistryLike,
  type PromClientSample,
} from './from-prom-client.js';

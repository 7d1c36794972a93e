import {
  defaultResource,
  detectResources,
  envDetector,
  type Resource,
  resourceFromAttributes,
} from '@opentelemetry/resources';

/**
 * The resource every exported metric is attached to, built by `@opentelemetry/resources` from, in
 * rising precedence: the SDK defaults (`service.name` = `unknown_service:<process.argv0>`,
 * `telemetry.sdk.*`), `OTEL_RESOURCE_ATTRIBUTES` and `OTEL_SERVICE_NAME`, then
 * `opentelemetry.resourceAttributes` (configuration in code wins over the environment, as for
 * every other option).
 */
export function buildResource(resourceAttributes: Readonly<Record<string, string>>): Resource {
  return defaultResource()
    .merge(detectResources({ detectors: [envDetector] }))
    .merge(resourceFromAttributes({ ...resourceAttributes }));
}

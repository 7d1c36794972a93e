import type { CanonicalTags, MetricSnapshot, Tag } from '@meterkit/core';
import { prometheusCompatibleName, prometheusLabelName } from '@meterkit/core/exporter-kit';

/**
 * How one meterkit metric is named in the exposition. A name Prometheus cannot take as it is
 * (dotted, UTF-8) is first translated by OpenTelemetry's compatibility rules (core's
 * `prometheusCompatibleName`: `http.server.request.duration` of unit `s` becomes
 * `http_server_request_duration_seconds`); classic names are left unchanged. Then the per-type
 * suffix conventions apply:
 * - counters: samples end in `_total`; text 0.0.4 names the family with the suffix, OpenMetrics
 *   without it ("The MetricPoint's Total Value Sample MetricName MUST have the suffix _total");
 * - timers: a histogram whose name ends in `_seconds`, the base unit Prometheus asks for;
 * - info: samples end in `_info`; OpenMetrics names the family without it, text 0.0.4 has no info
 *   type and exposes a gauge.
 */
export interface ExposedNames {
  /** Name on the HELP/TYPE lines of text 0.0.4. */
  readonly textFamily: string;
  /** Name on the TYPE/UNIT/HELP lines of OpenMetrics. */
  readonly openMetricsFamily: string;
  /** Sample name (before `_bucket`, `_sum`, `_count`). */
  readonly sample: string;
  /** `# UNIT` value for OpenMetrics, or `''` when the family name does not end in `_<unit>`. */
  readonly openMetricsUnit: string;
}

const TOTAL = '_total';
const INFO = '_info';
const SECONDS = '_seconds';
const UNIT_TOKEN = /^[a-zA-Z0-9_:]+$/;

function withSuffix(name: string, suffix: string): string {
  return name.endsWith(suffix) ? name : `${name}${suffix}`;
}

function withoutSuffix(name: string, suffix: string): string {
  return name.endsWith(suffix) && name.length > suffix.length ? name.slice(0, -suffix.length) : name;
}

/**
 * OpenMetrics: "If a unit is specified it MUST be provided in a UNIT metadata line. In addition, an
 * underscore and the unit MUST be the suffix of the MetricFamily name". A unit the name does not end
 * with is therefore left out rather than producing an exposition Prometheus rejects.
 */
function unitFor(family: string, unit: string): string {
  if (unit === '' || !UNIT_TOKEN.test(unit)) return '';
  return family.endsWith(`_${unit}`) ? unit : '';
}

/**
 * Computes the exposed names of a metric once per family (never per series). With `utf8Names`
 * (a scraper that accepts quoted UTF-8 names) the original name keeps its characters and gets only
 * the per-type suffixes (`http.server.requests_total`); the families are then written quoted.
 */
export function exposedNames(metric: MetricSnapshot, utf8Names = false): ExposedNames {
  const { unit } = metric;
  const name = utf8Names ? metric.name : prometheusCompatibleName(metric.name, metric.type, unit);
  switch (metric.type) {
    case 'counter': {
      const sample = withSuffix(name, TOTAL);
      const family = withoutSuffix(sample, TOTAL);
      return {
        textFamily: sample,
        openMetricsFamily: family,
        sample,
        openMetricsUnit: unitFor(family, unit),
      };
    }
    case 'timer': {
      const family = withSuffix(name, SECONDS);
      return { textFamily: family, openMetricsFamily: family, sample: family, openMetricsUnit: 'seconds' };
    }
    case 'info': {
      const sample = withSuffix(name, INFO);
      return {
        textFamily: sample,
        openMetricsFamily: withoutSuffix(sample, INFO),
        sample,
        openMetricsUnit: '',
      };
    }
    default:
      return {
        textFamily: name,
        openMetricsFamily: name,
        sample: name,
        openMetricsUnit: unitFor(name, unit),
      };
  }
}

/** Every sample name a metric will write, so collisions are caught before anything is written. */
export function exposedSampleNames(metric: MetricSnapshot, names: ExposedNames): string[] {
  switch (metric.type) {
    case 'histogram':
    case 'timer':
      return [`${names.sample}_bucket`, `${names.sample}_sum`, `${names.sample}_count`];
    case 'summary':
      return [names.sample, `${names.sample}_sum`, `${names.sample}_count`];
    default:
      return [names.sample];
  }
}

/**
 * Claims a metric's family and sample names in `taken` (one set per exposition or write request),
 * or returns the first name an earlier metric already claimed (counters `jobs` and `jobs_total` both
 * expose `jobs_total`): every Prometheus format must then leave the second one out, because a
 * repeated family or series makes a scraper or a remote-write receiver reject the lot.
 */
export function claimExposedNames(
  taken: Set<string>,
  metric: MetricSnapshot,
  names: ExposedNames,
): string | undefined {
  const claimed = [names.textFamily, names.openMetricsFamily, ...exposedSampleNames(metric, names)];
  const clash = claimed.find((name) => taken.has(name));
  if (clash === undefined) for (const name of claimed) taken.add(name);
  return clash;
}

const CLASSIC_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * The tags of a series with Prometheus label names: the same array when every key is classic (the
 * common case, no copy); otherwise keys translated (`http.route` → `http_route`) and re-sorted, as
 * remote write requires. Core refuses two keys of one series that translate to the same label.
 */
export function prometheusLabels(tags: CanonicalTags): CanonicalTags {
  for (let i = 0; i < tags.length; i++) {
    if (!CLASSIC_LABEL.test(tags[i]!.key)) return translateLabels(tags);
  }
  return tags;
}

function translateLabels(tags: CanonicalTags): CanonicalTags {
  const translated: Tag[] = tags.map((tag) => ({ key: prometheusLabelName(tag.key), value: tag.value }));
  return translated.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

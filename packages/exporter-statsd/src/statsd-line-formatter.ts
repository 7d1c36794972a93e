import type { CanonicalTags, MetricNameParts } from '@meterkit/core';
import { joinedMetricName } from '@meterkit/core/exporter-kit';
import type { StatsdFlavor } from './statsd-config.js';

/** The two halves of every line of one series: `<stat>:<value>|<type>[|@<rate>]<tagSuffix>`. */
export interface SeriesLine {
  /** The bucket name, with tags folded in for the `etsy` and `telegraf` flavors. */
  readonly stat: string;
  /** `|#k:v,k2:v2` for the `datadog` flavor, otherwise empty. */
  readonly tagSuffix: string;
}

/** The flavor, and how a metric's namespace, subsystem and name are joined. */
export interface StatsdNamingOptions {
  readonly flavor: StatsdFlavor;
  readonly prefixSeparator: '.' | '_';
}

// ':' separates name and value, '|' the fields, '\n' the lines: none may appear in a name. Prometheus
// names allow ':' (recording rules), so it is the one character core lets through that StatsD cannot.
const NAME_UNSAFE = /[^A-Za-z0-9_.-]/gu;
// Etsy/Graphite: a tag becomes two path segments, so '.' would add levels; the Etsy daemon deletes
// anything outside [A-Za-z0-9_-.] anyway, so replace it here and keep the key predictable.
const ETSY_SEGMENT_UNSAFE = /[^A-Za-z0-9_-]/gu;
// DogStatsD: ',' separates tags and '|' fields; the agent takes the first ':' as the key separator,
// so later colons and any UTF-8 are kept as they are.
const DATADOG_VALUE_UNSAFE = /[|,\n\r]/g;
// A DogStatsD tag key ends at the first ':', so a key (any UTF-8 since dotted keys) must not hold one.
// Keys follow the value rules of their flavor: Etsy segments turn a dotted key's '.' into '_' (a '.'
// would add path levels), Telegraf its separators; classic keys `[a-zA-Z_][a-zA-Z0-9_]*` never change.
const DATADOG_KEY_UNSAFE = /[|,:\n\r]/g;
// Telegraf parses `name,k=v:1|c` like InfluxDB line protocol without escapes.
const TELEGRAF_VALUE_UNSAFE = /[,=:| \n\r\\]/g;

/**
 * Turns meterkit's names and canonical tags into StatsD buckets for one flavor:
 * - `etsy`: no tag syntax exists, so each tag becomes two more segments: `name.key.value`;
 * - `datadog`: tags as DogStatsD's trailing `|#key:value,...`;
 * - `telegraf`: tags on the name, `name,key=value:1|c`.
 * Tags with an empty value are dropped (as in Prometheus, an empty label is an absent label).
 */
export class StatsdLineFormatter {
  constructor(private readonly options: StatsdNamingOptions) {}

  /**
   * The StatsD name of a metric: `ns_sub_requests` becomes `ns.sub.requests` with `.`, from the
   * parts core recorded (`MetricSnapshot.nameParts`), so runtime and renamed metrics keep their
   * names exactly; characters StatsD cannot carry become `_`.
   */
  statName(metric: { readonly name: string; readonly nameParts?: MetricNameParts | undefined }): string {
    return joinedMetricName(metric, this.options.prefixSeparator).replace(NAME_UNSAFE, '_');
  }

  /** Name and tags of one series (`stat` from {@link statName}), ready for {@link formatLine}. */
  series(stat: string, tags: CanonicalTags): SeriesLine {
    switch (this.options.flavor) {
      case 'etsy': {
        let folded = stat;
        for (const { key, value } of tags) {
          if (value !== '')
            folded += `.${key.replace(ETSY_SEGMENT_UNSAFE, '_')}.${value.replace(ETSY_SEGMENT_UNSAFE, '_')}`;
        }
        return { stat: folded, tagSuffix: '' };
      }
      case 'telegraf': {
        let named = stat;
        for (const { key, value } of tags) {
          if (value !== '')
            named += `,${key.replace(TELEGRAF_VALUE_UNSAFE, '_')}=${value.replace(TELEGRAF_VALUE_UNSAFE, '_')}`;
        }
        return { stat: named, tagSuffix: '' };
      }
      case 'datadog': {
        const pairs: string[] = [];
        for (const { key, value } of tags) {
          if (value !== '')
            pairs.push(`${key.replace(DATADOG_KEY_UNSAFE, '_')}:${value.replace(DATADOG_VALUE_UNSAFE, '_')}`);
        }
        return { stat, tagSuffix: pairs.length > 0 ? `|#${pairs.join(',')}` : '' };
      }
    }
  }
}

/**
 * One line. The sample rate goes before the tags: the Etsy daemon reads DogStatsD tags only when
 * they come last (`name:1|c|@0.5|#k:v`), and so does the DogStatsD spec.
 */
export function formatLine(series: SeriesLine, value: string, type: string, rate?: string): string {
  return rate === undefined
    ? `${series.stat}:${value}|${type}${series.tagSuffix}`
    : `${series.stat}:${value}|${type}|@${rate}${series.tagSuffix}`;
}

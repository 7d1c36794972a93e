import { InvalidMetricOptionsError } from '../errors.js';
import { validateBuckets } from '../metrics/buckets.js';
import { normalizeTags, type Tag, type TagsInput } from '../tags.js';
import type { MetricFilter } from './metric-filter.js';

/** A name pattern: a RegExp, or a string where `*` matches any run of characters. */
export type NamePattern = string | RegExp;

function matcher(pattern: NamePattern): (name: string) => boolean {
  if (pattern instanceof RegExp) return (name) => pattern.test(name);
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  const regex = new RegExp(`^${escaped}$`);
  return (name) => regex.test(name);
}

/** Ready-made filters for `Config.filters`. */
export const MetricFilters = {
  /** Drops metrics whose full name matches. */
  deny(pattern: NamePattern): MetricFilter {
    const matches = matcher(pattern);
    return { decide: (metric) => (matches(metric.name) ? 'deny' : undefined) };
  },

  /** Keeps metrics whose full name matches (deciding for them before later filters). */
  accept(pattern: NamePattern): MetricFilter {
    const matches = matcher(pattern);
    return { decide: (metric) => (matches(metric.name) ? 'accept' : undefined) };
  },

  /** Keeps only metrics whose full name matches; everything else is dropped. */
  acceptOnly(pattern: NamePattern): MetricFilter {
    const matches = matcher(pattern);
    return { decide: (metric) => (matches(metric.name) ? 'accept' : 'deny') };
  },

  /** Renames one metric (full names). */
  renameMetric(from: string, to: string): MetricFilter {
    return { rename: (name) => (name === from ? to : undefined) };
  },

  /** Removes tag keys from every series (of matching metrics). */
  dropTags(keys: readonly string[], pattern: NamePattern = '*'): MetricFilter {
    const matches = matcher(pattern);
    const drop = new Set(keys);
    return {
      mapTags: (tags, metric) => (matches(metric.name) ? tags.filter((tag) => !drop.has(tag.key)) : tags),
    };
  },

  /** Renames a tag key. */
  renameTag(from: string, to: string, pattern: NamePattern = '*'): MetricFilter {
    const matches = matcher(pattern);
    return {
      mapTags: (tags, metric) =>
        matches(metric.name)
          ? tags.map((tag) => (tag.key === from ? { key: to, value: tag.value } : tag))
          : tags,
    };
  },

  /** Replaces the values of one tag key, e.g. to bucket status codes into `2xx`. */
  replaceTagValues(
    key: string,
    replace: (value: string) => string,
    pattern: NamePattern = '*',
  ): MetricFilter {
    const matches = matcher(pattern);
    return {
      mapTags: (tags, metric) =>
        matches(metric.name)
          ? tags.map((tag) => (tag.key === key ? { key, value: replace(tag.value) } : tag))
          : tags,
    };
  },

  /**
   * Redacts sensitive tag values on every backend (seed 002's security section): values of the
   * given keys, and any value matching one of the patterns (default: e-mail addresses, UUIDs and
   * runs of 6+ digits such as user or card ids), become `replacement`.
   */
  redactTagValues(
    options: { keys?: readonly string[]; patterns?: readonly RegExp[]; replacement?: string } = {},
  ): MetricFilter {
    const keys = new Set(options.keys ?? []);
    const patterns = options.patterns ?? SENSITIVE_PATTERNS;
    const replacement = options.replacement ?? 'redacted';
    return {
      mapTags: (tags) =>
        tags.map((tag) =>
          keys.has(tag.key) || patterns.some((p) => p.test(tag.value))
            ? { key: tag.key, value: replacement }
            : tag,
        ),
    };
  },

  /** Overrides the buckets of matching histograms and timers. */
  buckets(pattern: NamePattern, buckets: readonly number[]): MetricFilter {
    const matches = matcher(pattern);
    const bounds = validateBuckets(String(pattern), buckets);
    if (bounds.length === 0)
      throw new InvalidMetricOptionsError(String(pattern), 'buckets', buckets, 'must not be empty');
    return { buckets: (metric) => (matches(metric.name) ? bounds : undefined) };
  },

  /** Adds tags to every series that does not have the key already. */
  commonTags(tags: TagsInput): MetricFilter {
    const common = normalizeTags(tags);
    return {
      mapTags: (existing) => {
        const keys = new Set(existing.map((tag) => tag.key));
        const added = common.filter((tag) => !keys.has(tag.key));
        return added.length === 0 ? existing : ([...existing, ...added] as Tag[]);
      },
    };
  },
};

/** E-mail addresses, UUIDs and long digit runs: the usual personal or unbounded identifiers. */
export const SENSITIVE_PATTERNS: readonly RegExp[] = Object.freeze([
  /[^\s@]+@[^\s@]+\.[^\s@]+/,
  /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i,
  /\d{6,}/,
]);

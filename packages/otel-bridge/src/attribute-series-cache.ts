import type { Tag } from '@meterkit/core';
import { type Attributes, diag } from '@opentelemetry/api';
import { attributesToTags } from './attributes-to-tags.js';

/** What a cache resolves attributes to: a meterkit metric handle. */
export interface TaggableSeries<S> {
  withTags(...tags: Tag[][]): S;
}

/** Beyond this many distinct key orders per instrument, lookups take the slow path (bounded memory). */
const MAX_LAYOUTS = 16;
/** Beyond this many cached attribute sets per instrument, new ones are resolved on every call. */
const MAX_CACHED_SETS = 4_096;

/**
 * One key order seen from callers, with a trie of attribute values in that order: nested maps,
 * the series at the last level (for an empty attributes object, the root is the series).
 */
interface Layout {
  readonly keys: readonly string[];
  readonly root: unknown;
}

/**
 * Finds the meterkit series for an OpenTelemetry attributes object without allocating: the bridge
 * equivalent of holding a bound child. Callers pass attributes in a fixed key order (a literal at
 * each call site), so the cache keeps one trie per key order: a hit compares keys by identity
 * (property names are interned) and follows one `Map.get` per raw value, so `200` and `true` need
 * no stringifying. A miss translates the attributes to tags once and remembers the result. Only
 * primitive values are cached (an array is a new object at every call and would grow the trie
 * forever); such attribute sets resolve through meterkit's own canonical lookup each time.
 */
export class AttributeSeriesCache<S extends TaggableSeries<S>> {
  private readonly layouts: Layout[] = [];
  private cachedSets = 0;

  constructor(
    /** The untagged series, for calls without attributes. */
    readonly root: S,
    private readonly instrumentName: string,
  ) {}

  /** The series for `attributes`, or `undefined` when meterkit refused them (reported to `diag`). */
  get(attributes: Attributes | undefined): S | undefined {
    if (attributes === undefined || attributes === null) return this.root;
    const layouts = this.layouts;
    for (let l = 0; l < layouts.length; l++) {
      const layout = layouts[l]!;
      const keys = layout.keys;
      let node: unknown = layout.root;
      let i = 0;
      for (const key in attributes) {
        if (keys[i] !== key) {
          node = undefined;
          break;
        }
        node = (node as Map<unknown, unknown>).get(attributes[key]);
        i++;
        if (node === undefined) break;
      }
      if (node !== undefined && i === keys.length) return node as S;
    }
    return this.resolve(attributes);
  }

  private resolve(attributes: Attributes): S | undefined {
    let series: S;
    try {
      series = this.root.withTags(attributesToTags(attributes));
    } catch (error) {
      // A tag meterkit refuses (`le` on a histogram, a label not in labelNames): the OpenTelemetry
      // API never throws, so the measurement is dropped and reported like the SDK reports.
      diag.error(`meterkit: dropped a measurement of ${this.instrumentName}: ${(error as Error).message}`);
      return undefined;
    }
    this.remember(attributes, series);
    return series;
  }

  private remember(attributes: Attributes, series: S): void {
    if (this.cachedSets >= MAX_CACHED_SETS) return;
    const keys: string[] = [];
    const values: unknown[] = [];
    for (const key in attributes) {
      const value = attributes[key];
      if (typeof value === 'object' && value !== null) return;
      keys.push(key);
      values.push(value);
    }
    let layout = this.layouts.find(
      (l) => l.keys.length === keys.length && l.keys.every((k, i) => k === keys[i]),
    );
    if (layout === undefined) {
      if (this.layouts.length >= MAX_LAYOUTS) return;
      layout = { keys, root: keys.length === 0 ? series : new Map() };
      this.layouts.push(layout);
    }
    if (keys.length === 0) return;
    let node = layout.root as Map<unknown, unknown>;
    for (let i = 0; i < values.length - 1; i++) {
      let next = node.get(values[i]) as Map<unknown, unknown> | undefined;
      if (next === undefined) {
        next = new Map();
        node.set(values[i], next);
      }
      node = next;
    }
    if (!node.has(values[values.length - 1])) {
      node.set(values[values.length - 1], series);
      this.cachedSets++;
    }
  }
}

import { InvalidTagError } from './errors.js';
import { utf8NameProblem } from './names.js';
import { prometheusLabelName } from './prometheus-compatible-name.js';

/** One dimension of a series: `method="GET"`. */
export interface Tag {
  readonly key: string;
  readonly value: string;
}

/** Tags as a record (`{ method: 'GET' }`) or as a list of {@link Tag}s. */
export type TagsInput = Readonly<Record<string, string>> | readonly Tag[];

/** What every `withTags` accepts: a record, a list, or Tags as separate arguments. */
export type TagsArgument = TagsInput | Tag;

/** A sorted, de-duplicated, validated tag list: the canonical identity of a series. */
export type CanonicalTags = readonly Tag[];

export const EMPTY_TAGS: CanonicalTags = Object.freeze([]);

/** Longest dotted or UTF-8 tag key accepted, in UTF-16 code units (classic keys: no limit, as before). */
export const TAG_KEY_MAX_LENGTH = 128;

const CLASSIC_TAG_KEY = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Validates a tag key: any UTF-8 (`http.route`), non-empty, without control characters, at most
 * {@link TAG_KEY_MAX_LENGTH} UTF-16 units; `__` and `meterkit_` starts are reserved. Backends
 * translate keys they cannot carry (Prometheus: `http.route` is the label `http_route`).
 */
export function validateTagKey(key: unknown): asserts key is string {
  if (typeof key !== 'string') throw new InvalidTagError(key, 'the key must be a string');
  // Classic keys keep their earlier rule exactly (no length limit), so every existing key still works.
  if (!CLASSIC_TAG_KEY.test(key)) {
    const problem = utf8NameProblem(key, TAG_KEY_MAX_LENGTH);
    if (problem !== undefined) throw new InvalidTagError(key, `the key ${problem}`);
  }
  if (key.startsWith('__')) throw new InvalidTagError(key, 'keys starting with "__" are reserved');
  // meterkit writes `meterkit_overflow` itself; a user's tag of that name would be overwritten.
  if (key.startsWith('meterkit_'))
    throw new InvalidTagError(key, 'keys starting with "meterkit_" are reserved for meterkit\'s own tags');
}

function validateTagValue(key: string, value: unknown): asserts value is string {
  if (typeof value !== 'string') {
    throw new InvalidTagError({ key, value }, `the value of "${key}" must be a string, got ${typeof value}`);
  }
}

/**
 * True for a single `{ key, value }` Tag object. A record whose only keys are exactly `key` and
 * `value` is read as a Tag; pass `[{ key: 'key', value: … }]` to mean a tag named "key".
 */
export function isTag(input: unknown): input is Tag {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return false;
  const candidate = input as Record<string, unknown>;
  if (typeof candidate.key !== 'string' || typeof candidate.value !== 'string') return false;
  let count = 0;
  for (const _ in candidate) count++;
  return count === 2;
}

/** Flattens any accepted form of tag arguments into `[key, value]` pairs, in input order. */
export function tagPairs(args: ArrayLike<unknown>): Array<[unknown, unknown]> {
  const pairs: Array<[unknown, unknown]> = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === undefined || arg === null) continue;
    if (Array.isArray(arg)) {
      for (const tag of arg) pushTag(pairs, tag);
    } else if (isTag(arg)) {
      pairs.push([arg.key, arg.value]);
    } else if (typeof arg === 'object' && (Symbol.iterator in arg || isOpaqueObject(arg))) {
      // A Map, Set or Date has no own enumerable keys: read as a record it would silently be no tags.
      throw new InvalidTagError(
        arg,
        'only a plain record, a Tag or a list of Tags is accepted (for a Map: Object.fromEntries(map))',
      );
    } else if (typeof arg === 'object') {
      for (const key of Object.keys(arg)) pairs.push([key, (arg as Record<string, unknown>)[key]]);
    } else {
      throw new InvalidTagError(arg, 'expected a Tag, a list of Tags or a record of strings');
    }
  }
  return pairs;
}

/** A class instance with no own enumerable keys (a Date, a Promise): not a record of tags. */
function isOpaqueObject(arg: object): boolean {
  const proto = Object.getPrototypeOf(arg);
  return proto !== Object.prototype && proto !== null && Object.keys(arg).length === 0;
}

function pushTag(pairs: Array<[unknown, unknown]>, tag: unknown): void {
  if (typeof tag !== 'object' || tag === null || !('key' in tag) || !('value' in tag)) {
    throw new InvalidTagError(tag, 'expected a { key, value } object');
  }
  pairs.push([(tag as Tag).key, (tag as Tag).value]);
}

/**
 * Merges tag sets into canonical form: later values win, keys sorted, each key and value validated.
 * This is the only place identity is decided, so tag order never changes which series is used.
 * A tag whose value is `''` is the tag being absent (Prometheus' rule: "a label with an empty label
 * value is considered equivalent to a label that does not exist"), so it is dropped here, and a
 * later `''` removes an earlier value of that key: every backend then sees one series, not two.
 */
export function canonicalTags(base: CanonicalTags, args: ArrayLike<unknown>): CanonicalTags {
  const pairs = tagPairs(args);
  if (pairs.length === 0) return base;
  const merged = new Map<string, string>();
  for (const tag of base) merged.set(tag.key, tag.value);
  for (const [key, value] of pairs) {
    validateTagKey(key);
    validateTagValue(key, value);
    if (value === '') merged.delete(key);
    else merged.set(key, value);
  }
  const keys = [...merged.keys()].sort();
  checkLabelNamesDistinct(keys);
  return Object.freeze(keys.map((key) => Object.freeze({ key, value: merged.get(key)! })));
}

/**
 * Two keys that become one Prometheus label (`http.route` and `http_route`) would write a label
 * twice, which a scraper rejects: refused here, naming both. Costs nothing for classic keys.
 */
function checkLabelNamesDistinct(keys: readonly string[]): void {
  if (keys.every((key) => CLASSIC_TAG_KEY.test(key))) return;
  const seen = new Map<string, string>();
  for (const key of keys) {
    const label = prometheusLabelName(key);
    const other = seen.get(label);
    if (other !== undefined) {
      throw new InvalidTagError(
        key,
        `the keys "${other}" and "${key}" both become the Prometheus label "${label}"`,
      );
    }
    seen.set(label, key);
  }
}

/** Canonical form of one {@link TagsInput} (or undefined). */
export function normalizeTags(input: TagsInput | undefined): CanonicalTags {
  return input === undefined ? EMPTY_TAGS : canonicalTags(EMPTY_TAGS, [input]);
}

/** Tags of `extra` override those of `base`; both canonical. */
export function mergeCanonical(base: CanonicalTags, extra: CanonicalTags): CanonicalTags {
  if (extra.length === 0) return base;
  if (base.length === 0) return extra;
  return canonicalTags(base, [extra]);
}

/** Converts canonical tags to a plain record, e.g. for log output. */
export function tagsToRecord(tags: CanonicalTags): Record<string, string> {
  const record: Record<string, string> = {};
  for (const tag of tags) record[tag.key] = tag.value;
  return record;
}

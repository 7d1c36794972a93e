import { type Tag, validateTagKey } from '@meterkit/core';
import { type Attributes, diag } from '@opentelemetry/api';

/** Tag keys already translated: attribute key → tag key, or `null` for a key no tag can carry. */
const tagKeys = new Map<string, string | null>();
/** Bounds `tagKeys`: attribute keys are code, not data, but a misuse must not grow memory forever. */
const MAX_REMEMBERED_KEYS = 10_000;

/**
 * The meterkit tags of OpenTelemetry attributes, in the attributes' order. Keys are kept when this
 * core accepts them (versions that allow dotted keys keep `http.method`); otherwise the characters
 * it rejects become `_`, as OpenTelemetry's Prometheus exporter writes them. Values that are not
 * strings are written as that exporter writes them, with `JSON.stringify` (`200`, `true`,
 * `["a","b"]`). `undefined`, `null` and `''` values are left out: an empty tag is an absent tag
 * (Prometheus' rule, which meterkit follows in every backend).
 */
export function attributesToTags(attributes: Attributes): Tag[] {
  const tags: Tag[] = [];
  for (const attributeKey in attributes) {
    const value = attributes[attributeKey];
    if (value === undefined || value === null || value === '') continue;
    const key = tagKeyOf(attributeKey);
    if (key === null) continue;
    tags.push({ key, value: typeof value === 'string' ? value : JSON.stringify(value) });
  }
  return tags;
}

/** The tag key for an attribute key (see {@link attributesToTags}), or `null` if none can carry it. */
export function tagKeyOf(attributeKey: string): string | null {
  const known = tagKeys.get(attributeKey);
  if (known !== undefined) return known;
  const key = translateKey(attributeKey);
  if (key === null)
    diag.warn(`meterkit: attribute key ${JSON.stringify(attributeKey)} cannot be a tag; dropped`);
  if (tagKeys.size < MAX_REMEMBERED_KEYS) tagKeys.set(attributeKey, key);
  return key;
}

function translateKey(attributeKey: string): string | null {
  if (isValidTagKey(attributeKey)) return attributeKey;
  let key = attributeKey.replace(/[^a-zA-Z0-9_]/g, '_');
  // The OpenTelemetry collector's Prometheus translator: a leading digit gets `key_`, and a
  // leading `__` (reserved by Prometheus) gets `key`.
  if (/^[0-9]/.test(key)) key = `key_${key}`;
  else if (key.startsWith('__')) key = `key${key}`;
  return isValidTagKey(key) ? key : null;
}

function isValidTagKey(key: string): boolean {
  try {
    validateTagKey(key);
    return true;
  } catch {
    return false;
  }
}

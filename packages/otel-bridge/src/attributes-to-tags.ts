import { type Tag, validateTagKey } from '@meterkit/core';
import { type Attributes, diag } from '@opentelemetry/api';

/** Tag keys already translated: attribute key → tag key, or `null` for a key no tag can carry. */
const tagKeys = new Map<string, string | null>();
/** Bounds `tagKeys`: attribute keys are code, not data, but a misuse must not grow memory forever. */
const MAX_REMEMBERED_KEYS = 10_000;

/**
 * The meterkit tags of OpenTelemetry attributes, in the attributes' order. Keys are passed through as
 * OpenTelemetry wrote them (`http.response.status_code`): core accepts dotted and UTF-8 keys, and each
 * exporter translates them (Prometheus label `http_response_status_code`, OTLP as it is). Only a key
 * core refuses is changed: control characters become `_`, and a leading `__` (reserved by
 * Prometheus) gets `key` before it, as the OpenTelemetry collector's Prometheus translator writes
 * it; a key still refused (`meterkit_…`, too long) is dropped with a `diag.warn`. Values that are
 * not strings are written as OpenTelemetry's Prometheus exporter writes them, with `JSON.stringify`
 * (`200`, `true`, `["a","b"]`). `undefined`, `null` and `''` values are left out: an empty tag is an
 * absent tag (Prometheus' rule, which meterkit follows in every backend).
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
  let key = '';
  for (const character of attributeKey) {
    const code = character.codePointAt(0)!;
    key += code < 0x20 || (code >= 0x7f && code <= 0x9f) ? '_' : character;
  }
  if (key.startsWith('__')) key = `key${key}`;
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

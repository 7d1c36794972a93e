import type { CanonicalTags } from '@meterkit/core';
import { escapeLabelValue } from './label-escaping.js';

/*
 * Prometheus 3's text format with UTF-8 names (served only for `escaping=allow-utf-8`,
 * https://prometheus.io/docs/instrumenting/exposition_formats/ and the UTF-8 names proposal): a
 * metric or label name outside the classic character set is written as a quoted string, escaped as
 * a label value, and a quoted metric name moves inside the braces:
 * `{"http.server.request.duration_bucket","http.route"="/a",le="0.1"} 3`. Classic names are written
 * exactly as in text 0.0.4.
 */

const CLASSIC_METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const CLASSIC_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A metric name for a HELP/TYPE line: as is when classic, quoted otherwise. */
export function utf8MetricName(name: string): string {
  return CLASSIC_METRIC_NAME.test(name) ? name : `"${escapeLabelValue(name)}"`;
}

function labelName(key: string): string {
  return CLASSIC_LABEL_NAME.test(key) ? key : `"${escapeLabelValue(key)}"`;
}

function labelPairs(tags: CanonicalTags, first: boolean): string {
  let text = '';
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i]!;
    text += `${first && i === 0 ? '' : ','}${labelName(tag.key)}="${escapeLabelValue(tag.value)}"`;
  }
  return text;
}

/** `name{k="v"} `, or `{"a.b","k.x"="v"} ` when the name is not classic: a sample line up to its value. */
export function renderUtf8SamplePrefix(name: string, tags: CanonicalTags): string {
  if (CLASSIC_METRIC_NAME.test(name))
    return tags.length === 0 ? `${name} ` : `${name}{${labelPairs(tags, true)}} `;
  return `{"${escapeLabelValue(name)}"${labelPairs(tags, false)}} `;
}

/** Like {@link renderUtf8SamplePrefix}, left open after `extraLabel="` for the caller to complete. */
export function renderUtf8OpenSamplePrefix(name: string, tags: CanonicalTags, extraLabel: string): string {
  const open = CLASSIC_METRIC_NAME.test(name)
    ? `${name}{${labelPairs(tags, true)}${tags.length === 0 ? '' : ','}`
    : `{"${escapeLabelValue(name)}"${labelPairs(tags, false)},`;
  return `${open}${extraLabel}="`;
}

import type { CanonicalTags } from '@meterkit/core';
import { prometheusLabels } from './metric-naming.js';

/*
 * Escaping rules of both text formats (https://prometheus.io/docs/instrumenting/exposition_formats/
 * and OpenMetrics 1.0 "Escaping"): in a label value, backslash, double quote and line feed become
 * `\\`, `\"` and `\n`. HELP text escapes backslash and line feed in text 0.0.4, and also the double
 * quote in OpenMetrics (where HELP is an escaped-string like a label value).
 */

const LABEL_VALUE_SPECIAL = /[\\"\n]/;
const LABEL_VALUE_SPECIAL_GLOBAL = /[\\"\n]/g;
const HELP_TEXT_SPECIAL = /[\\\n]/g;

function escapeChar(char: string): string {
  if (char === '\n') return '\\n';
  return `\\${char}`;
}

/** Escapes a label value for text 0.0.4 and OpenMetrics (identical rules). */
export function escapeLabelValue(value: string): string {
  // The test is much cheaper than replace() and almost every real value has nothing to escape.
  return LABEL_VALUE_SPECIAL.test(value) ? value.replace(LABEL_VALUE_SPECIAL_GLOBAL, escapeChar) : value;
}

/** Escapes HELP text for text 0.0.4: backslash and line feed only (a `"` stays as is). */
export function escapeTextHelp(help: string): string {
  return help.replace(HELP_TEXT_SPECIAL, escapeChar);
}

/** Escapes HELP text for OpenMetrics: backslash, line feed and double quote. */
export function escapeOpenMetricsHelp(help: string): string {
  return escapeLabelValue(help);
}

/*
 * Label sets are rendered afresh at every scrape: core builds the tags of a snapshot from its series
 * store each time (it keeps no per-series tag arrays, to save memory), so there is no stable object
 * to memoise on, and a content-keyed cache would cost as much as rendering. String concatenation is
 * the cheapest way to build these short pieces; the chunk's join() flattens them once.
 */

function appendLabelPairs(text: string, series: CanonicalTags): string {
  const tags = prometheusLabels(series);
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i]!;
    text += `${i === 0 ? '{' : ','}${tag.key}="${escapeLabelValue(tag.value)}"`;
  }
  return text;
}

/** `name{k="v"} ` (or `name ` without tags): the start of a sample line up to its value. */
export function renderSamplePrefix(name: string, tags: CanonicalTags): string {
  return tags.length === 0 ? `${name} ` : `${appendLabelPairs(name, tags)}} `;
}

/**
 * `name{k="v",le="` (or `name{le="`): a sample line whose last label (`le`, `quantile`) the caller
 * completes with its value and `"} `.
 */
export function renderOpenSamplePrefix(name: string, tags: CanonicalTags, extraLabel: string): string {
  return `${appendLabelPairs(name, tags)}${tags.length === 0 ? '{' : ','}${extraLabel}="`;
}

import type { Snapshot } from '@meterkit/core';
import type { ReadSeries } from '@meterkit/core/testing';
import type { BackendSample } from '@meterkit/test-support';
import { exposedNames } from '../../src/metric-naming.js';

interface SampleRole {
  readonly metric: string;
  readonly part: 'value' | 'bucket' | 'quantile' | 'sum' | 'count';
}

/**
 * Which meterkit metric and which part of it each exposed sample name is, derived from the
 * snapshot's names and types with the exporter's own naming rules (`_total`, `_seconds`, `_info`).
 */
function sampleRoles(snapshot: Snapshot): Map<string, SampleRole> {
  const roles = new Map<string, SampleRole>();
  for (const metric of snapshot.metrics) {
    const { sample } = exposedNames(metric);
    if (metric.type === 'histogram' || metric.type === 'timer') {
      roles.set(`${sample}_bucket`, { metric: metric.name, part: 'bucket' });
    } else if (metric.type === 'summary') {
      roles.set(sample, { metric: metric.name, part: 'quantile' });
    } else {
      roles.set(sample, { metric: metric.name, part: 'value' });
      continue;
    }
    roles.set(`${sample}_sum`, { metric: metric.name, part: 'sum' });
    roles.set(`${sample}_count`, { metric: metric.name, part: 'count' });
  }
  return roles;
}

/** Go's float spelling: `+Inf` is not something Number() reads. */
export function parseBound(text: string | undefined): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(text);
}

/**
 * Turns what a real backend holds into the conformance suite's `ReadSeries`, dropping the labels
 * the backend added itself (`job`, `instance`, grouping labels).
 */
export function toReadSeries(
  samples: readonly BackendSample[],
  snapshot: Snapshot,
  backendLabels: readonly string[],
): ReadSeries[] {
  const roles = sampleRoles(snapshot);
  const series = new Map<string, ReadSeries>();
  const ignored = new Set(['__name__', 'le', 'quantile', ...backendLabels]);
  for (const sample of samples) {
    const role = roles.get(sample.name);
    if (role === undefined) continue;
    const tags: Record<string, string> = {};
    for (const key of Object.keys(sample.labels).sort()) {
      if (ignored.has(key)) continue;
      // Prometheus renames a series label that clashes with a target label: job -> exported_job.
      const original = key.startsWith('exported_') ? key.slice('exported_'.length) : key;
      tags[backendLabels.includes(original) ? original : key] = sample.labels[key]!;
    }
    const key = `${role.metric}${JSON.stringify(tags)}`;
    let entry = series.get(key);
    if (entry === undefined) {
      entry = { name: role.metric, tags };
      series.set(key, entry);
    }
    switch (role.part) {
      case 'value':
        entry.value = sample.value;
        break;
      case 'sum':
        entry.sum = sample.value;
        break;
      case 'count':
        entry.count = sample.value;
        break;
      case 'bucket':
        (entry.buckets ??= []).push({ upperBound: parseBound(sample.labels.le), count: sample.value });
        break;
      case 'quantile':
        (entry.quantiles ??= []).push({ quantile: parseBound(sample.labels.quantile), value: sample.value });
        break;
    }
  }
  for (const entry of series.values()) entry.buckets?.sort((a, b) => a.upperBound - b.upperBound);
  return [...series.values()];
}

import { describe, expect, it } from 'vitest';
import { tags } from '../test/fixtures/snapshots.js';
import {
  escapeLabelValue,
  escapeOpenMetricsHelp,
  escapeTextHelp,
  renderOpenSamplePrefix,
  renderSamplePrefix,
} from './label-escaping.js';

describe('escapeLabelValue', () => {
  it.each([
    ['plain', 'plain'],
    ['a"b', 'a\\"b'],
    ['a\\b', 'a\\\\b'],
    ['a\nb', 'a\\nb'],
    ['\\n', '\\\\n'],
    ['tab\tand\rcarriage', 'tab\tand\rcarriage'],
    ['ünïcødé 🚀', 'ünïcødé 🚀'],
    ['', ''],
  ])('escapes %j as %j', (value, escaped) => {
    expect(escapeLabelValue(value)).toBe(escaped);
  });
});

describe('HELP escaping', () => {
  it('escapes backslash and newline but not quotes in text 0.0.4', () => {
    expect(escapeTextHelp('a "b" \\ c\nd')).toBe('a "b" \\\\ c\\nd');
  });

  it('also escapes quotes in OpenMetrics', () => {
    expect(escapeOpenMetricsHelp('a "b" \\ c\nd')).toBe('a \\"b\\" \\\\ c\\nd');
  });
});

describe('sample line prefixes', () => {
  it('renders the start of a sample line up to its value', () => {
    expect(renderSamplePrefix('up', tags())).toBe('up ');
    expect(renderSamplePrefix('up', tags({ a: 'x\ny' }))).toBe('up{a="x\\ny"} ');
    expect(renderSamplePrefix('up', tags({ b: '2', a: '"1"' }))).toBe('up{a="\\"1\\"",b="2"} ');
  });

  it('opens a label set for one more label', () => {
    expect(renderOpenSamplePrefix('h_bucket', tags(), 'le')).toBe('h_bucket{le="');
    expect(renderOpenSamplePrefix('s', tags({ a: 'x' }), 'quantile')).toBe('s{a="x",quantile="');
  });
});

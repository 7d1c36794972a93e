import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringifyCanonicalOtlpJson, wellFormed } from './otlp-json-canonical.js';

describe('wellFormed', () => {
  it.each([
    ['plain', 'plain'],
    ['pair 😀', 'pair 😀'],
    ['high \ud83d alone', 'high \ufffd alone'],
    ['low \ude00 alone', 'low \ufffd alone'],
    ['\ude00\ud83d', '\ufffd\ufffd'],
    ['\ud83d', '\ufffd'],
  ])('%j becomes %j', (input, output) => {
    expect(wellFormed(input)).toBe(output);
  });

  it('writes what a UTF-8 encoder writes for any string', () => {
    const decoder = new TextDecoder();
    const encoder = new TextEncoder();
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        expect(wellFormed(value)).toBe(decoder.decode(encoder.encode(value)));
      }),
    );
  });
});

describe('stringifyCanonicalOtlpJson', () => {
  it('writes 64-bit integer fields as decimal strings and leaves doubles and 32-bit fields alone', () => {
    const request = {
      resourceMetrics: [
        {
          resource: { attributes: [{ key: 'pid', value: { intValue: 42 } }] },
          scopeMetrics: [
            {
              metrics: [
                { name: 'n', sum: { dataPoints: [{ asInt: -7, timeUnixNano: '5', attributes: [] }] } },
                {
                  name: 'h',
                  histogram: {
                    dataPoints: [{ count: 3, bucketCounts: [1, 2], sum: 1.5, explicitBounds: [1] }],
                  },
                },
                {
                  name: 'e',
                  exponentialHistogram: {
                    dataPoints: [
                      { count: 2, zeroCount: 1, scale: 3, positive: { offset: -1, bucketCounts: [1] } },
                    ],
                  },
                },
              ],
            },
          ],
        },
      ],
    };
    const json = JSON.parse(stringifyCanonicalOtlpJson(request));
    const [rm] = json.resourceMetrics;
    expect(rm.resource.attributes[0].value).toEqual({ intValue: '42' });
    const [n, h, e] = rm.scopeMetrics[0].metrics;
    expect(n.sum.dataPoints[0]).toMatchObject({ asInt: '-7', timeUnixNano: '5' });
    expect(h.histogram.dataPoints[0]).toEqual({
      count: '3',
      bucketCounts: ['1', '2'],
      sum: 1.5,
      explicitBounds: [1],
    });
    expect(e.exponentialHistogram.dataPoints[0]).toEqual({
      count: '2',
      zeroCount: '1',
      scale: 3,
      positive: { offset: -1, bucketCounts: ['1'] },
    });
  });
});

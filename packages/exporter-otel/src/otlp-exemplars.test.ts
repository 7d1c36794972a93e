import type { HistogramPoint, ValuePoint } from '@meterkit/core';
import { describe, expect, it } from 'vitest';
import { exemplarParts, histogramExemplars, valueExemplars } from './otlp-exemplars.js';

const TRACE_ID = '4BF92F3577B34DA6A3CE929D0E0E4736';
const SPAN_ID = '00f067aa0ba902b7';

describe('exemplarParts', () => {
  it('turns W3C hex trace and span ids into bytes and keeps every other tag as a filtered attribute', () => {
    const parts = exemplarParts({
      tags: { trace_id: TRACE_ID, span_id: SPAN_ID, user: 'u-1' },
      value: 1,
      timestamp: 0,
    });
    expect(Buffer.from(parts.traceId!).toString('hex')).toBe(TRACE_ID.toLowerCase());
    expect([...parts.spanId!]).toEqual([0x00, 0xf0, 0x67, 0xaa, 0x0b, 0xa9, 0x02, 0xb7]);
    expect(parts.filtered).toEqual([['user', 'u-1']]);
  });

  it('leaves ids that are not 32 / 16 hex digits as attributes instead of sending wrong bytes', () => {
    const parts = exemplarParts({
      tags: { trace_id: 'abc', span_id: `${SPAN_ID}00` },
      value: 1,
      timestamp: 0,
    });
    expect(parts.traceId).toBeUndefined();
    expect(parts.spanId).toBeUndefined();
    expect(parts.filtered).toEqual([
      ['trace_id', 'abc'],
      ['span_id', `${SPAN_ID}00`],
    ]);
  });
});

describe('exemplars of a point', () => {
  const exemplar = (timestamp: number) => ({ tags: { a: 'b' }, value: 2, timestamp });

  it('keeps a counter exemplar recorded at or after the interval start', () => {
    const point: ValuePoint = { tags: [], value: 3, exemplar: exemplar(1000) };
    expect(valueExemplars(point, 1000)).toEqual([exemplar(1000)]);
    expect(valueExemplars(point, 1001)).toBeUndefined();
    expect(valueExemplars({ tags: [], value: 3 }, 0)).toBeUndefined();
  });

  it('lists the histogram bucket exemplars of the interval, lowest bucket first', () => {
    const point = {
      tags: [],
      count: 3,
      sum: 6,
      buckets: [
        { upperBound: 1, count: 1, exemplar: exemplar(10) },
        { upperBound: 2, count: 1 },
        { upperBound: Number.POSITIVE_INFINITY, count: 3, exemplar: exemplar(30) },
      ],
    } as unknown as HistogramPoint;
    expect(histogramExemplars(point, 0)).toEqual([exemplar(10), exemplar(30)]);
    expect(histogramExemplars(point, 20)).toEqual([exemplar(30)]);
    expect(histogramExemplars(point, 31)).toBeUndefined();
  });
});

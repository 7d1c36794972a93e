import { describe, expect, it } from 'vitest';
import { keepShape } from './keep-shape.js';

// What keepShape is for (optimized code surviving full GCs) is checked against V8's own
// deoptimization trace in packages/e2e/test/optimized-code-survives-gc.test.ts.
describe('keepShape', () => {
  it('returns the instance it keeps, so a constructor can end with it', () => {
    class Writer {
      at = 0;
    }
    const first = new Writer();
    const second = new Writer();
    expect(keepShape(first)).toBe(first);
    expect(keepShape(second)).toBe(second);
    expect(second.at).toBe(0);
  });

  it.each([
    [undefined, 'undefined'],
    [null, 'null'],
    ['writer', '"writer"'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
  ])('refuses %s with a TypeError naming it', (value, shown) => {
    expect(() => keepShape(value as unknown as object)).toThrow(TypeError);
    expect(() => keepShape(value as unknown as object)).toThrow(`got ${shown}`);
  });
});

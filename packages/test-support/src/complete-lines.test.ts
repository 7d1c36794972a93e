import { describe, expect, it } from 'vitest';
import { completeLines } from './complete-lines.js';

describe('completeLines', () => {
  it('leaves out a last line that is still being written', () => {
    expect(completeLines('{"a":1}\n{"b":[1,2')).toEqual(['{"a":1}']);
    expect(completeLines('1733300000,12')).toEqual([]);
  });

  it('keeps every line of a file that ends with a newline, without empty ones', () => {
    expect(completeLines('epoch,value\n1,2\n\n3,4\n')).toEqual(['epoch,value', '1,2', '3,4']);
    expect(completeLines('')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { ExpositionBytes } from './exposition-bytes.js';

const text = (out: ExpositionBytes) => out.buffer.toString('latin1', 0, out.at);

describe('ExpositionBytes copies of earlier bytes', () => {
  it('repeats a short earlier region (a shared label prefix) byte for byte', () => {
    const out = new ExpositionBytes(1);
    out.write('m{a="1",b="2"} 1\n');
    out.repeat(0, 'm{a="1"'.length);
    out.write(',b="3"} 2\n');
    expect(text(out)).toBe('m{a="1",b="2"} 1\nm{a="1",b="3"} 2\n');
  });

  it('repeats a region longer than a short copy the same way', () => {
    const out = new ExpositionBytes(1);
    const long = `m{${'k'.repeat(100)}="v"`;
    out.write(`${long}} 1\n`);
    out.repeat(0, long.length);
    out.write('} 2\n');
    expect(text(out)).toBe(`${long}} 1\n${long}} 2\n`);
  });

  it('copies a region that overlaps its target as if through a temporary, like copyWithin', () => {
    const out = new ExpositionBytes(1);
    out.write('abcdefgh');
    out.at = 4;
    // From [2, 6) to 4: a byte-by-byte forward copy would read its own output ("abcdcdcd").
    out.repeat(2, 4);
    expect(text(out)).toBe('abcdcdef');
  });

  it('writes prepared bytes and label heads at the current end', () => {
    const out = new ExpositionBytes(1);
    out.bytes(Buffer.from('name'));
    out.label(Buffer.from('{key="'), 'a"b\\c\nd');
    expect(text(out)).toBe('name{key="a\\"b\\\\c\\nd"');
  });
});

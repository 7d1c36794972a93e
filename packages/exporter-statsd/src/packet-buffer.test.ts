import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PacketBuffer } from './packet-buffer.js';

describe('PacketBuffer', () => {
  it('packs lines up to the byte limit, counting the newlines', () => {
    const buffer = new PacketBuffer(11);
    for (const line of ['a:1|c', 'b:1|c', 'c:1|c']) buffer.add(line);
    expect(buffer.drain()).toEqual(['a:1|c\nb:1|c', 'c:1|c']);
    expect(buffer.drain()).toEqual([]);
  });

  it('measures bytes of UTF-8, not characters', () => {
    const buffer = new PacketBuffer(20);
    // 14 characters but 18 bytes: with the next line, 20 characters (would fit) but 24 bytes.
    const line = 'm:1|c|#city:東京';
    expect([line.length, Buffer.byteLength(line)]).toEqual([14, 18]);
    buffer.add(line);
    buffer.add('n:1|c');
    expect(buffer.drain()).toEqual([line, 'n:1|c']);
  });

  it('drops and counts entries that can never fit', () => {
    const buffer = new PacketBuffer(10);
    buffer.add('ok:1|c');
    buffer.add('much_too_long_name:1|c');
    buffer.add('été:1|c'); // 7 characters, 9 bytes: fits
    expect(buffer.dropped).toEqual({ count: 1, example: { bytes: 22, entry: 'much_too_long_name:1|c' } });
    expect(buffer.drain()).toEqual(['ok:1|c', 'été:1|c']);
    expect(buffer.dropped.count).toBe(0);
  });

  it('keeps multi-line entries (a negative gauge) in one packet', () => {
    const buffer = new PacketBuffer(25);
    buffer.add('x:1|c\ny:2|c\nz:3|c');
    buffer.add('g:0|g\ng:-5|g');
    expect(buffer.drain()).toEqual(['x:1|c\ny:2|c\nz:3|c', 'g:0|g\ng:-5|g']);
  });

  it('never exceeds the limit and keeps every entry in order', () => {
    // At most 15 code units, so at most 60 bytes: every entry fits a 64-byte packet.
    const entry = fc
      .string({ unit: 'binary', minLength: 1, maxLength: 15 })
      .map((s) => s.replaceAll('\n', '_'));
    fc.assert(
      fc.property(fc.integer({ min: 64, max: 200 }), fc.array(entry, { maxLength: 200 }), (max, entries) => {
        const buffer = new PacketBuffer(max);
        for (const e of entries) buffer.add(e);
        const packets = buffer.drain();
        for (const packet of packets) expect(Buffer.byteLength(packet)).toBeLessThanOrEqual(max);
        expect(packets.flatMap((p) => p.split('\n'))).toEqual(entries);
      }),
    );
  });

  it('writes a line from its UTF-8 halves, a value and a type, packed and dropped like the same text', () => {
    const text = Buffer.from('reqs|#city:東京too_long_name_for_the_packet');
    const [stat, suffix, long] = [4, 4 + Buffer.byteLength('|#city:東京'), text.length];
    const buffer = new PacketBuffer(30);
    buffer.addLine(text, 0, stat, suffix, '12', 'c');
    buffer.addLine(text, 0, stat, stat, '-0.5', 'g');
    buffer.addLine(text, suffix, long, long, '1', 'c');
    expect(buffer.dropped).toEqual({
      count: 1,
      example: { bytes: 32, entry: 'too_long_name_for_the_packet:1|c' },
    });
    // 'reqs:12|c|#city:東京' is 23 bytes: the second line (11 bytes) needs a packet of its own.
    expect(buffer.drain()).toEqual(['reqs:12|c|#city:東京', 'reqs:-0.5|g']);
  });
});

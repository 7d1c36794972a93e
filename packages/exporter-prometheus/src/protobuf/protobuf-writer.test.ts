import fc from 'fast-check';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { ProtobufWriter } from './protobuf-writer.js';

// protobufjs' reflection decoder is the independent reader: the schema below is written from the
// proto3 spec, not from the writer.
const root = protobuf.parse(`
  syntax = "proto3";
  message Inner { string name = 1; double value = 2; repeated sint64 deltas = 3; }
  message Outer {
    uint64 count = 1;
    int64 timestamp = 2;
    sint64 offset = 3;
    bool flag = 4;
    bytes raw = 5;
    repeated Inner inner = 6;
    repeated double bounds = 7;
    string label = 8;
  }
`).root;
const Outer = root.lookupType('Outer');

interface InnerData {
  name: string;
  value: number;
  deltas: number[];
}

function writeOuter(
  writer: ProtobufWriter,
  data: {
    count: number;
    timestamp: number;
    offset: number;
    flag: boolean;
    raw: Uint8Array;
    inner: InnerData[];
    bounds: number[];
    label: string;
  },
): void {
  writer.uint64(1, data.count).int64(2, data.timestamp).sint64(3, data.offset).bool(4, data.flag);
  writer.bytes(5, data.raw);
  for (const inner of data.inner) {
    writer.message(6).string(1, inner.name).double(2, inner.value);
    writer.message(3);
    for (const delta of inner.deltas) writer.zigzag(delta);
    writer.end().end();
  }
  writer.message(7);
  for (const bound of data.bounds) writer.rawDouble(bound);
  writer.end();
  writer.string(8, data.label);
}

function decode(bytes: Uint8Array) {
  return Outer.toObject(Outer.decode(bytes), { longs: Number, defaults: true, bytes: Array });
}

describe('ProtobufWriter', () => {
  it('writes fields protobufjs decodes to the same values', () => {
    const writer = new ProtobufWriter(8); // tiny: every growth path runs
    writeOuter(writer, {
      count: 2 ** 40 + 3,
      timestamp: -1_700_000_000_000,
      offset: -5,
      flag: true,
      raw: Uint8Array.from([0, 255, 7]),
      inner: [{ name: 'é'.repeat(300), value: -0.5, deltas: [1, -1, 0, 2 ** 31] }],
      bounds: [0.005, Number.POSITIVE_INFINITY],
      label: 'le',
    });
    const decoded = decode(writer.finish());
    expect(decoded.count).toBe(2 ** 40 + 3);
    expect(decoded.timestamp).toBe(-1_700_000_000_000);
    expect(decoded.offset).toBe(-5);
    expect(decoded.flag).toBe(true);
    expect(decoded.raw).toEqual([0, 255, 7]);
    expect(decoded.inner).toEqual([{ name: 'é'.repeat(300), value: -0.5, deltas: [1, -1, 0, 2 ** 31] }]);
    expect(decoded.bounds).toEqual([0.005, Number.POSITIVE_INFINITY]);
    expect(decoded.label).toBe('le');
  });

  it('writes a lone surrogate as U+FFFD, so the message stays valid UTF-8', () => {
    const writer = new ProtobufWriter();
    writer.string(8, 'a\ud800b');
    expect(decode(writer.finish()).label).toBe('a\ufffdb');
  });

  it('frames length-delimited messages with begin()/end() as the delimited format reads them', () => {
    const writer = new ProtobufWriter(4);
    const labels = ['x', 'y'.repeat(200), 'z'];
    for (const label of labels) writer.begin().string(8, label).end();
    const reader = protobuf.Reader.create(writer.finish());
    const read: string[] = [];
    while (reader.pos < reader.len)
      read.push((Outer.decodeDelimited(reader) as unknown as { label: string }).label);
    expect(read).toEqual(labels);
  });

  it('writes the same bytes whatever length a message was expected to have', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.string({ maxLength: 400 }), fc.nat({ max: 2 ** 30 }), fc.nat({ max: 2 ** 30 })),
          {
            maxLength: 6,
          },
        ),
        (messages) => {
          const plain = new ProtobufWriter(8);
          const hinted = new ProtobufWriter(8);
          for (const [label, outerHint, innerHint] of messages) {
            plain.message(6).message(1).string(8, label).end().string(1, label).end();
            hinted.message(6, outerHint).message(1, innerHint).string(8, label).end().string(1, label).end();
          }
          expect(hinted.finish()).toEqual(plain.finish());
        },
      ),
      { numRuns: 300 },
    );
    // A 2 MB message whose length was expected still reads back.
    const big = 'x'.repeat(2 ** 21);
    const writer = new ProtobufWriter(16);
    writer
      .message(6, 2 ** 21 + 10)
      .string(1, big)
      .end();
    expect(decode(writer.finish()).inner).toEqual([{ name: big, value: 0, deltas: [] }]);
  });

  it('round-trips any values through protobufjs', () => {
    const inner = fc.record({
      name: fc.string({ unit: 'grapheme', maxLength: 80 }),
      value: fc.double(),
      deltas: fc.array(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), { maxLength: 30 }),
    });
    fc.assert(
      fc.property(
        fc.record({
          count: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
          timestamp: fc.integer({ min: -(2 ** 50), max: 2 ** 50 }),
          offset: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
          flag: fc.boolean(),
          raw: fc.uint8Array({ maxLength: 200 }),
          inner: fc.array(inner, { maxLength: 5 }),
          bounds: fc.array(fc.double(), { maxLength: 20 }),
          label: fc.string({ unit: 'grapheme', maxLength: 200 }),
        }),
        (data) => {
          const writer = new ProtobufWriter(16);
          writeOuter(writer, data);
          const decoded = decode(writer.finish());
          expect(decoded.count).toBe(data.count);
          expect(decoded.timestamp).toBe(data.timestamp);
          expect(decoded.offset).toBe(data.offset);
          expect(decoded.flag).toBe(data.flag);
          expect(decoded.raw).toEqual([...data.raw]);
          expect(decoded.inner).toEqual(data.inner);
          expect(decoded.bounds).toEqual(data.bounds);
          expect(decoded.label).toBe(data.label);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('ProtobufWriter fixed64 (OTLP times and counts)', () => {
  it('writes a fixed64 field from its halves and packed raw fixed64 values little-endian', () => {
    const bytes = new ProtobufWriter()
      .fixed64(2, 0x01020304, 0x05060708)
      .message(6)
      .rawFixed64(2 ** 40 + 3)
      .end()
      .finish();
    expect([...bytes]).toEqual([
      0x11, 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, 0x32, 8, 3, 0, 0, 0, 0, 1, 0, 0,
    ]);
  });
});

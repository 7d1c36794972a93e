import fc from 'fast-check';

/** The characters every escaper gets wrong at least once. */
const TRICKY = [
  '\\',
  '"',
  '\n',
  '\\n',
  '\\"',
  'n',
  '{',
  '}',
  ',',
  '=',
  ' ',
  '#',
  '\t',
  '\r',
  'é',
  '🚀',
  '中',
  '\u00a0',
  'a',
];

/**
 * Any tag value a user could record: arbitrary unicode (whole code points, so valid UTF-8), plus
 * dense mixes of backslashes, quotes and newlines.
 */
export const labelValueArbitrary = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 24 }),
  fc.string({ unit: fc.constantFrom(...TRICKY), maxLength: 16 }),
);

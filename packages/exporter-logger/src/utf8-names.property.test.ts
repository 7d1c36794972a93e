import { createProvider } from '@meterkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLogfmt, readJsonRecords } from '../test/read-back.js';
import { FlushReportBuilder } from './flush-report.js';
import { JsonLinesFormatter } from './json-lines-formatter.js';
import { LogfmtFormatter } from './logfmt-formatter.js';

/*
 * Issue 19's property for the logger: it shows the original name. Any name and tag key core
 * accepts comes back exactly from a JSON line; in logfmt the name comes back exactly (quoted when
 * it must be) and a key keeps every character a logfmt key can hold (no spaces, `=`, `"` or
 * backslash: those become `_`, one for one), read by a logfmt parser written apart from the formatter.
 */

function isControl(char: string): boolean {
  const code = char.codePointAt(0)!;
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

const validName = fc
  .oneof(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
    fc.string({
      unit: fc.constantFrom('a', '.', '"', '\\', '=', ' ', '\u00a0', 'é', '_', '語'),
      minLength: 1,
    }),
  )
  .map((s) => [...s].map((c) => (isControl(c) ? '.' : c)).join(''))
  .filter((s) => s.length > 0 && s.length <= 128 && !s.startsWith('__') && !s.startsWith('meterkit_'));
const tagValue = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 });
const options = { temporality: 'cumulative', onlyChanged: false, quantiles: [0.5] } as const;

async function reportOf(name: string, key: string, value: string) {
  const provider = await createProvider({ provider: 'memory' });
  try {
    provider
      .gauge(name)
      .withTags({ [key]: value })
      .set(7);
    return new FlushReportBuilder(options).build(await provider.registry().snapshot());
  } finally {
    await provider.stop();
  }
}

describe('UTF-8 names in the logs', () => {
  it('JSON lines: any name and tag key exactly as written', async () => {
    await fc.assert(
      fc.asyncProperty(validName, validName, tagValue, async (name, key, value) => {
        const lines = new JsonLinesFormatter().format(await reportOf(name, key, value)).map((e) => e.line);
        expect(readJsonRecords(lines)).toEqual([{ name, tags: { [key]: value }, value: 7 }]);
      }),
      { numRuns: 200 },
    );
  });

  it('logfmt: the name exactly; a key with only what a logfmt key cannot hold made `_`', async () => {
    await fc.assert(
      fc.asyncProperty(validName, validName, tagValue, async (name, key, value) => {
        const [entry] = new LogfmtFormatter().format(await reportOf(name, key, value));
        const fields = parseLogfmt(entry!.line);
        expect(fields.metric).toBe(name);
        const tagKeys = Object.keys(fields).filter((k) => k.startsWith('tags.'));
        expect(tagKeys).toHaveLength(1);
        const logged = tagKeys[0]!.slice('tags.'.length);
        expect(fields[tagKeys[0]!]).toBe(value);
        expect(logged.length).toBe(key.length);
        for (let i = 0; i < key.length; i++) {
          if (/[\s="\\]/.test(key[i]!)) expect(logged[i]).toBe('_');
          else expect(logged[i]).toBe(key[i]);
        }
      }),
      { numRuns: 200 },
    );
  });
});

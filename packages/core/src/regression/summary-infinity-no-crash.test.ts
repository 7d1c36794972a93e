import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/*
 * Issue 14, finding 1: `summary.observe(2)` then `summary.observe(Infinity)` ended Node with a fatal
 * V8 error that no try/catch can stop (the sketch's dense store grew its array towards an infinite
 * index); `-2` then `-Infinity` too; in the other order the next finite observe threw. The sequences
 * run in a child process, so a regression shows as a failed test here, not as a dead test runner.
 * The child uses the built package (`pnpm test` builds first) with a small heap, so an unbounded
 * array dies in seconds instead of eating the machine's memory.
 */

const CORE = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
const EXPORTER_KIT = fileURLToPath(new URL('../../dist/exporter-kit/index.js', import.meta.url));

const CHILD = `
const { createProvider } = await import(process.argv[1]);
const { RelativeErrorSketch } = await import(process.argv[2]);
const provider = await createProvider({ provider: 'memory' });
const results = {};
const sequences = {
  positive: [2, Infinity, 3],
  negative: [-2, -Infinity, -3],
  infinityFirst: [Infinity, 2],
  negativeInfinityFirst: [-Infinity, -2],
  both: [Infinity, -Infinity, 0, 1],
};
for (const [name, values] of Object.entries(sequences)) {
  const summary = provider.summary('s_' + name);
  for (const value of values) summary.observe(value);
  const snapshot = summary.snapshot();
  results[name] = {
    count: snapshot.count,
    sum: String(snapshot.sum),
    min: String(snapshot.quantile(0)),
    max: String(snapshot.quantile(1)),
  };
}
// The scrape after them still works.
const scraped = await provider.registry().snapshot();
results.scrapedSummaries = scraped.metrics.filter((m) => m.type === 'summary').length;
// The sketch itself: no growth towards infinity, and data from another process is checked.
const sketch = new RelativeErrorSketch();
sketch.add(Infinity);
sketch.add(-Infinity);
sketch.add(5);
results.sketchMedian = sketch.quantile(0.5);
try {
  RelativeErrorSketch.fromData({ relativeAccuracy: 0.01, positive: { offset: 0, counts: [1] }, negative: { offset: 1e300, counts: [1] }, zeroCount: 0 });
  results.fromData = 'accepted';
} catch (error) {
  results.fromData = error.constructor.name;
}
// Values spread over 300 orders of magnitude at a fine accuracy: the store stays bounded.
const fine = new RelativeErrorSketch(0.0001);
fine.add(1e-8);
fine.add(1e300);
results.fineTop = fine.quantile(1);
results.fineCount = fine.count;
results.heapMB = Math.round(process.memoryUsage().heapUsed / 1e6);
process.stdout.write(JSON.stringify(results));
`;

function runChild(): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--max-old-space-size=128', '--input-type=module', '-e', CHILD, CORE, EXPORTER_KIT],
      { timeout: 60_000 },
      (error, stdout, stderr) => {
        const failure = error as (Error & { code?: number; signal?: string }) | null;
        resolve({
          code: failure === null ? 0 : typeof failure.code === 'number' ? failure.code : -1,
          signal: failure?.signal ?? null,
          stdout,
          stderr,
        });
      },
    );
  });
}

describe('summary and sketch with ±Infinity (regression: fatal V8 error)', () => {
  it('records ±Infinity at the ends of the sketch; the process lives and later calls work', async () => {
    const child = await runChild();
    expect(child.stderr).toBe('');
    expect({ code: child.code, signal: child.signal }).toEqual({ code: 0, signal: null });
    const results = JSON.parse(child.stdout);
    expect(results.positive).toEqual({ count: 3, sum: 'Infinity', min: expect.any(String), max: 'Infinity' });
    expect(Number(results.positive.min)).toBeCloseTo(2, 1);
    expect(results.negative).toEqual({
      count: 3,
      sum: '-Infinity',
      min: '-Infinity',
      max: expect.any(String),
    });
    expect(Number(results.negative.max)).toBeCloseTo(-2, 1);
    expect(results.infinityFirst).toMatchObject({ count: 2, sum: 'Infinity', max: 'Infinity' });
    expect(results.negativeInfinityFirst).toMatchObject({ count: 2, sum: '-Infinity', min: '-Infinity' });
    // +Infinity + -Infinity is NaN, as IEEE 754 says; the ends are the infinities.
    expect(results.both).toEqual({ count: 4, sum: 'NaN', min: '-Infinity', max: 'Infinity' });
    expect(results.scrapedSummaries).toBe(5);
    expect(results.sketchMedian).toBeCloseTo(5, 1);
    expect(results.fromData).toBe('RangeError');
    expect(results.fineCount).toBe(2);
    expect(results.fineTop / 1e300).toBeCloseTo(1, 3);
  }, 90_000);
});

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { AppProcess } from './support/app-process.js';

/*
 * Issue 14, item 3: a scrape storm against the application with 50,000 series and the DEFAULT
 * Prometheus settings. 200 concurrent scrapes, then (after the reuse window) 100 scrapes 10 ms
 * apart: each burst is one collection, read from the exporter's own
 * `meterkit_prometheus_collections_total` in every body; every response is complete, identical to
 * the others of its burst and format, right in its values, and passes `promtool check metrics`; the
 * app's resident memory grows less than 150 MB over both bursts.
 */

const SERIES = 50_000;
const RSS_GROWTH_BOUND = 150 * 1024 * 1024;
/** What Prometheus 2.x sends: OpenMetrics first, gzip. */
const PROMETHEUS_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

const apps: AppProcess[] = [];
afterAll(async () => {
  await Promise.all(apps.map((app) => app.kill()));
});

/** One scrape as a scraper of its own (no shared keep-alive pool), decoded after the burst. */
interface Scraped {
  readonly status: number;
  readonly kind: string;
  readonly digest: string;
  readonly collections: number;
  readonly body: string | undefined;
}

interface RawScrape {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly raw: Buffer;
  /** ms after the burst started at which the request was sent. */
  readonly sentAt: number;
}

function scrape(url: string, prometheusLike: boolean, burstStart: number): Promise<RawScrape> {
  const headers = prometheusLike ? { Accept: PROMETHEUS_ACCEPT, 'Accept-Encoding': 'gzip' } : {};
  const sentAt = performance.now() - burstStart;
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent: false, timeout: 120_000 }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, raw: Buffer.concat(parts), sentAt }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`scrape of ${url} took more than 120 s`)));
    req.on('error', (error) =>
      reject(new Error(`scrape sent at ${Math.round(sentAt)} ms failed: ${error.message}`, { cause: error })),
    );
    req.end();
  });
}

/** Decodes a response; keeps the text only when asked (bodies are compared by digest). */
function decode(response: RawScrape, keep: boolean): Scraped {
  const { headers, raw } = response;
  const text = (headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
  const found = /^meterkit_prometheus_collections_total (\d+)$/m.exec(text);
  return {
    status: response.status,
    kind: `${headers['content-type']}|${headers['content-encoding'] ?? 'identity'}`,
    digest: createHash('sha256').update(text).digest('hex'),
    collections: found === null ? Number.NaN : Number(found[1]),
    body: keep ? text : undefined,
  };
}

/** Resident set of a process in bytes, from /proc: the current one, or the peak since the last reset. */
function residentBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1];
  if (kb === undefined) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(kb) * 1024;
}

/** Samples the process's resident set while `during` runs, and returns the peak seen. */
async function peakResidentWhile(pid: number, during: () => Promise<void>): Promise<number> {
  // Resets the kernel's peak (VmHWM) to the current RSS, so the peak read after is this run's only.
  // Without the right to (not root), only the 10 ms samples count: the startup peak is no measure.
  let peakReset = true;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    peakReset = false;
  }
  let sampled = 0;
  const sampler = setInterval(() => {
    sampled = Math.max(sampled, residentBytes(pid, 'VmRSS'));
  }, 10);
  try {
    await during();
  } finally {
    clearInterval(sampler);
  }
  return peakReset ? Math.max(sampled, residentBytes(pid, 'VmHWM')) : sampled;
}

/** Sample lines of a text 0.0.4 or OpenMetrics body, `name{labels}` → value. */
function samplesOf(body: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of body.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return samples;
}

/** Checks one full body: every ballast series, the work recorded so far, the collection count. */
function expectValues(body: string, work200: number | undefined, collections: number): void {
  const samples = samplesOf(body);
  let ballast = 0;
  for (let i = 0; i < SERIES; i++) {
    if (samples.get(`ballast_${Math.floor(i / 1000)}_total{i="${i}"}`) === 1) ballast++;
  }
  expect(ballast).toBe(SERIES);
  expect(samples.get('work_requests_total{status="200"}')).toBe(work200);
  expect(samples.get('meterkit_prometheus_collections_total')).toBe(collections);
}

function promtoolCheck(body: string): { status: number | null; stderr: string } {
  const result = spawnSync('promtool', ['check', 'metrics'], { input: body, encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status, stderr: result.stderr };
}

describe('a scrape storm with the default Prometheus settings (50,000 series)', () => {
  it('answers each burst from one collection, completely and correctly, within 150 MB of RSS growth', async () => {
    const app = await AppProcess.start(
      { METERKIT_PROVIDER: 'prometheus', E2E_BALLAST_SERIES: String(SERIES) },
      60_000,
    );
    apps.push(app);
    const url = `${app.baseUrl}/metrics`;
    const idle = residentBytes(app.pid, 'VmRSS');

    // Burst 1: 200 concurrent scrapes, most as Prometheus asks (OpenMetrics, gzip), 20 plain text.
    let concurrent: RawScrape[] = [];
    const peak1 = await peakResidentWhile(app.pid, async () => {
      const start = performance.now();
      concurrent = await Promise.all(Array.from({ length: 200 }, (_, i) => scrape(url, i % 10 !== 0, start)));
    });

    // The reuse window (2 s after a collection finished) passes; one unit of work is recorded.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    await app.work({ status: 200, ms: 5, bytes: 10, value: 1, depth: 1 }).catch((e: Error) => {
      throw new Error(`work: ${e.message}\n${app.describe()}`);
    });

    // Burst 2: 100 scrapes 10 ms apart (on a fixed schedule, so a late timer does not stretch it).
    let spaced: RawScrape[] = [];
    const peak2 = await peakResidentWhile(app.pid, async () => {
      const start = performance.now();
      const pending: Array<Promise<RawScrape>> = [];
      for (let i = 0; i < 100; i++) {
        const due = start + i * 10 - performance.now();
        if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
        pending.push(scrape(url, i % 10 !== 0, start));
      }
      spaced = await Promise.all(pending);
    });

    for (const [burst, raw, collections] of [
      ['concurrent', concurrent, 1],
      ['10 ms apart', spaced, 2],
    ] as const) {
      const responses = raw.map((response, i) => decode(response, i < 2));
      const timing = `${burst}: sent from ${Math.round(raw[0]!.sentAt)} to ${Math.round(raw.at(-1)!.sentAt)} ms, collections ${responses.map((r) => r.collections).join(' ')}`;
      expect(
        responses.map((r) => r.status).filter((status) => status !== 200),
        burst,
      ).toEqual([]);
      // One collection per burst, reported by the exporter itself in every body.
      expect(new Set(responses.map((r) => r.collections)), timing).toEqual(new Set([collections]));
      // Complete and identical: one body per format (OpenMetrics gzipped, text plain).
      expect(new Set(responses.map((r) => r.kind)).size, burst).toBe(2);
      expect(new Set(responses.map((r) => r.digest)).size, burst).toBe(2);
      const [openMetrics, text] = [responses[1]!.body!, responses[0]!.body!];
      expect(openMetrics.endsWith('# EOF\n'), burst).toBe(true);
      expectValues(openMetrics, collections === 1 ? undefined : 1, collections);
      expectValues(text, collections === 1 ? undefined : 1, collections);
      const lint = promtoolCheck(text);
      expect(lint, burst).toEqual({ status: 0, stderr: '' });
    }

    const growth = Math.max(peak1, peak2) - idle;
    expect(growth, `RSS idle ${idle}, peaks ${peak1} / ${peak2}`).toBeLessThan(RSS_GROWTH_BOUND);
    const stats = await app.stats().catch((e: Error) => {
      throw new Error(`stats: ${e.message}\n${app.describe()}`);
    });
    expect(stats.errors.total).toBe(0);
    expect((await app.stop()).code).toBe(0);
  }, 240_000);
});

import { createProvider, type Provider } from '@meterkit/core';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openRecordingPage } from './chromium.js';
import { serveDashboard, type TestApp } from './test-app.js';

// The page with 2,000 series, every one changing every second (the worst case for the stream):
// prints the time to the first chart and the browser's frame times. Performance goals belong in
// bench/, so the only assertions here are sanity bounds far above what a loaded CI machine needs.

const COUNTER_FAMILIES = 34;
const TIMER_FAMILIES = 4;
const PER_FAMILY = 50;
const WIDE_GAUGE_SERIES = 100;

let browser: Browser;
let app: TestApp;
let feed: NodeJS.Timeout;

function twoThousandSeries(provider: Provider): () => void {
  const children: Array<() => void> = [];
  for (let f = 0; f < COUNTER_FAMILIES; f++) {
    const counter = provider.counter(`load_counter_${f}_total`);
    for (let s = 0; s < PER_FAMILY; s++) {
      const child = counter.withTags({ shard: String(s) });
      children.push(() => child.add(1 + (s % 7)));
    }
  }
  for (let f = 0; f < TIMER_FAMILIES; f++) {
    const timer = provider.timer(`load_timer_${f}`);
    for (let s = 0; s < PER_FAMILY; s++) {
      const child = timer.withTags({ shard: String(s) });
      children.push(() => child.record(0.001 * (1 + ((s * 13) % 200))));
    }
  }
  const gauge = provider.gauge('load_wide_gauge');
  for (let s = 0; s < WIDE_GAUGE_SERIES; s++) {
    const child = gauge.withTags({ shard: String(s) });
    children.push(() => child.set(s + Math.random()));
  }
  return () => {
    for (const record of children) record();
  };
}

beforeAll(async () => {
  const provider = await createProvider({ provider: 'memory' });
  const recordAll = twoThousandSeries(provider);
  recordAll();
  feed = setInterval(recordAll, 250);
  app = await serveDashboard(provider, { interval: '1s' });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  clearInterval(feed);
  await browser?.close();
  await app?.close();
});

describe('the page with 2,000 series', () => {
  it('draws its first chart and keeps frames short (printed; sanity bounds only)', async () => {
    const snapshot = await app.provider.registry().snapshot();
    const series = snapshot.metrics.reduce((sum, metric) => sum + metric.points.length, 0);
    expect(series).toBe(2000);

    const { page, problems } = await openRecordingPage(browser);
    await page.goto(app.url, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => document.body.dataset.firstChartMs !== undefined, { timeout: 60_000 });
    const firstChartMs = Number(
      await page.$eval('body', (body) => (body as HTMLElement).dataset.firstChartMs),
    );
    await page.waitForFunction(() => Number(document.body.dataset.frames) >= 3, { timeout: 60_000 });

    // Frame times over 10 s of live updates while scrolling through the page, as a user would.
    const frames = await page.evaluate(async () => {
      const deltas: number[] = [];
      let last = performance.now();
      const end = last + 10_000;
      await new Promise<void>((resolve) => {
        const step = (now: number) => {
          deltas.push(now - last);
          last = now;
          window.scrollBy(0, 40);
          if (now < end) requestAnimationFrame(step);
          else resolve();
        };
        requestAnimationFrame(step);
      });
      return deltas;
    });
    const sorted = [...frames].sort((a, b) => a - b);
    const mean = frames.reduce((a, b) => a + b, 0) / frames.length;
    const p95 = sorted[Math.floor(sorted.length * 0.95)]!;
    const max = sorted.at(-1)!;
    const panels = await page.$$eval('section.panel', (all) => all.length);
    const shownSeries = await page.$eval('#status', (status) => status.textContent);
    console.log(
      `2,000 series in ${panels} charts: first chart after ${firstChartMs} ms; ` +
        `frame time over 10 s: mean ${mean.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${max.toFixed(1)} ms ` +
        `(${frames.length} frames); status: ${shownSeries}`,
    );

    expect(panels).toBe(COUNTER_FAMILIES + TIMER_FAMILIES + 1);
    expect(shownSeries).toContain('2000 series');
    // The chart of the 100-series family draws the first 50 and says so.
    await page.$eval('section.panel[data-family="load_wide_gauge"]', (panel) => panel.scrollIntoView());
    await page.waitForFunction(
      () => document.querySelectorAll('section.panel[data-family="load_wide_gauge"] tbody tr').length === 50,
      { timeout: 30_000 },
    );
    expect(
      await page.$eval('section.panel[data-family="load_wide_gauge"] .note', (note) => note.textContent),
    ).toBe('Showing 50 of 100 series: narrow them with the filter.');
    // Sanity bounds only: a page that froze or never drew would break them.
    expect(firstChartMs).toBeLessThan(30_000);
    expect(p95).toBeLessThan(2_000);
    expect(problems).toEqual([]);
    await page.close();
  }, 420_000);
});

import { join } from 'node:path';
import { createProvider, NoopProvider, type Snapshot, type ValueMetricSnapshot } from '@meterkit/core';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, legendValue, OUTPUT_DIR, openRecordingPage } from './chromium.js';
import { everyKindProvider, serveDashboard, type TestApp } from './test-app.js';

let browser: Browser;
let app: TestApp;
let stopTraffic: () => void;

beforeAll(async () => {
  const fed = await everyKindProvider();
  stopTraffic = fed.stop;
  // 2 s between frames: the 10 ms granularity of the counter's feed is at most 1% of an interval.
  app = await serveDashboard(fed.provider, { interval: '2s', title: 'test app' });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  stopTraffic?.();
  await browser?.close();
  await app?.close();
});

function counterValue(snapshot: Snapshot, name: string): number {
  const metric = snapshot.metrics.find((m) => m.name === name) as ValueMetricSnapshot | undefined;
  if (!metric) throw new Error(`${name} is not in the snapshot`);
  return metric.points[0]!.value;
}

describe('the dashboard page in headless chromium', () => {
  it('draws every family, shows the counter rate the snapshots give, and logs no error', async () => {
    const { page, problems } = await openRecordingPage(browser);
    await page.goto(app.url, { waitUntil: 'domcontentloaded' });
    // Three frames: the first has no rate yet, the second the first rate.
    await page.waitForFunction(() => Number(document.body.dataset.frames) >= 3, { timeout: 60_000 });

    const families = (await app.provider.registry().snapshot()).metrics.map((metric) => metric.name).sort();
    expect(families).toEqual(
      expect.arrayContaining([
        'app_linear_total',
        'app_request_duration',
        'app_order_value',
        'app_build_info',
      ]),
    );
    for (const family of families) {
      const panel = await page.$(`section.panel[data-family="${family}"]`);
      expect(panel, `panel of ${family}`).not.toBeNull();
      await panel!.scrollIntoView();
      await page.waitForSelector(`section.panel[data-family="${family}"] .chart canvas`, { timeout: 30_000 });
    }
    const panelFamilies = await page.$$eval('section.panel', (panels) =>
      panels.map((panel) => (panel as HTMLElement).dataset.family).sort(),
    );
    expect(panelFamilies).toEqual(families);
    const namespaces = await page.$$eval('section.namespace', (sections) =>
      sections.map((section) => (section as HTMLElement).dataset.namespace),
    );
    expect(namespaces).toEqual(['app']);

    // The rate the test computes itself from two snapshots of the provider, four seconds apart.
    const first = await app.provider.registry().snapshot();
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const second = await app.provider.registry().snapshot();
    const expectedRate =
      (counterValue(second, 'app_linear_total') - counterValue(first, 'app_linear_total')) /
      ((second.timestamp - first.timestamp) / 1000);
    await page.$eval('section.panel[data-family="app_linear_total"]', (panel) => panel.scrollIntoView());
    await page.waitForFunction(
      () => {
        const cell = document.querySelector<HTMLElement>(
          'section.panel[data-family="app_linear_total"] td[data-line="rate"]',
        );
        return cell !== null && Number.isFinite(Number(cell.dataset.value));
      },
      { timeout: 30_000 },
    );
    const shownRate = await legendValue(page, 'app_linear_total', '(no tags)', 'rate');
    console.log(
      `counter rate: shown ${shownRate.toFixed(3)}/s, from two snapshots ${expectedRate.toFixed(3)}/s`,
    );
    expect(Math.abs(shownRate - expectedRate) / expectedRate).toBeLessThan(0.05);

    // Histograms and timers draw quantiles and a rate; the timer's p99 is a latency in seconds.
    const p50 = await legendValue(page, 'app_request_duration', 'route=/users', 'p50');
    expect(p50).toBeGreaterThan(0.005);
    expect(p50).toBeLessThan(0.5);
    const timerRate = await legendValue(page, 'app_request_duration', 'route=/users', 'rate');
    expect(timerRate).toBeGreaterThan(0);

    await page.$eval('body', (body) => window.scrollTo(0, 0) ?? body);
    const screenshot = join(OUTPUT_DIR, 'dashboard-test-app.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  }, 180_000);

  it('says that nothing is recorded for the noop provider, and that nothing is recorded yet for an empty one', async () => {
    for (const [provider, expected] of [
      [new NoopProvider(), /noop provider.*nothing is recorded/],
      [await createProvider({ provider: 'memory' }), /Nothing recorded yet/],
    ] as const) {
      const empty = await serveDashboard(provider, { interval: '1s' });
      try {
        const { page, problems } = await openRecordingPage(browser);
        await page.goto(empty.url, { waitUntil: 'domcontentloaded' });
        await page.waitForFunction(() => Number(document.body.dataset.frames) >= 1, { timeout: 30_000 });
        await page.waitForFunction(() => !document.getElementById('notice')!.hidden, { timeout: 10_000 });
        expect(await page.$eval('#notice', (notice) => notice.textContent)).toMatch(expected);
        expect(await page.$$('section.panel')).toHaveLength(0);
        expect(problems).toEqual([]);
        await page.close();
      } finally {
        await empty.close();
      }
    }
  }, 120_000);
});

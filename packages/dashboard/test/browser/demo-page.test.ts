import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, OUTPUT_DIR, openRecordingPage } from './chromium.js';
import { type DemoProcess, startDemo } from './demo-process.js';

// `pnpm demo` on its default backend (in memory, the logger's table and /metrics): the banner
// names the dashboard, and the page draws every family that /metrics exposes.

const README_SCREENSHOT = fileURLToPath(new URL('../../docs/screenshot.png', import.meta.url));

let browser: Browser;
let demo: DemoProcess;

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemo(), launchChromium()]);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

/**
 * Family names and types from the Prometheus exposition (`# TYPE name type`), without the scrape
 * handler's own `meterkit_prometheus_collections_total`: it counts scrapes, it is not a metric the
 * application records, so the dashboard (which reads the registry) has no panel for it.
 */
async function exposedFamilies(url: string): Promise<Map<string, string>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return new Map(
    [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)]
      .map((m): [string, string] => [m[1]!, m[2]!])
      .filter(([name]) => name !== 'meterkit_prometheus_collections_total'),
  );
}

describe('the demo serves the dashboard at /', () => {
  it('prints the URL in its banner and draws a chart for every family of /metrics', async () => {
    expect(demo.dashboardUrl).toBe(`${demo.url}/`);
    const { page, problems } = await openRecordingPage(browser);
    await page.goto(demo.dashboardUrl, { waitUntil: 'domcontentloaded' });
    // Enough frames (2 s apart) for the slow requests and errors to show in the p99 and rates.
    await page.waitForFunction(() => Number(document.body.dataset.frames) >= 8, { timeout: 90_000 });

    const families = await exposedFamilies(demo.url);
    expect(families.size).toBeGreaterThanOrEqual(6);
    const panels = new Map(
      await page.$$eval('section.panel', (sections) =>
        sections.map((s) => [(s as HTMLElement).dataset.family!, (s as HTMLElement).dataset.type!] as const),
      ),
    );
    for (const [name, type] of families) {
      // Prometheus adds the unit to a timer's name (`_seconds`); the snapshot keeps the name given.
      const panelName = panels.has(name) ? name : name.replace(/_seconds$/, '');
      expect(panels.has(panelName), `a panel for ${name} (${type})`).toBe(true);
      await page.$eval(`section.panel[data-family="${panelName}"]`, (panel) => panel.scrollIntoView());
      await page.waitForSelector(`section.panel[data-family="${panelName}"] .chart canvas`, {
        timeout: 30_000,
      });
    }
    expect(panels.get('demo_http_request_duration')).toBe('timer');
    expect(panels.get('demo_http_requests_total')).toBe('counter');

    // The tag filter narrows the legend to the matching series.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.type('#filter', 'status=500');
    await page.waitForFunction(
      () =>
        [
          ...document.querySelectorAll('section.panel[data-family="demo_http_requests_total"] tbody tr'),
        ].every((row) => (row as HTMLElement).dataset.series?.includes('status=500')),
      { timeout: 10_000 },
    );
    const shown = await page.$$eval('section.panel:not([hidden])', (sections) => sections.length);
    expect(shown).toBeLessThan(panels.size);
    await page.$eval('#filter', (input) => {
      (input as HTMLInputElement).value = '';
      input.dispatchEvent(new Event('input'));
    });
    await page.waitForFunction(() => document.querySelectorAll('section.panel[hidden]').length === 0);

    await page.evaluate(() => window.scrollTo(0, 0));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const screenshot = join(OUTPUT_DIR, 'demo-dashboard.png');
    await page.screenshot({ path: screenshot, fullPage: false });
    // `METERKIT_UPDATE_SCREENSHOT=1` refreshes the picture in the README from this run.
    if (process.env.METERKIT_UPDATE_SCREENSHOT === '1') copyFileSync(screenshot, README_SCREENSHOT);
    expect(problems).toEqual([]);
    await page.close();
  }, 180_000);
});

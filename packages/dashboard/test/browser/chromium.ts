import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** Debian's chromium (apt `chromium`); puppeteer-core never downloads a browser of its own. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where the browser tests write screenshots (ignored by git). */
export const OUTPUT_DIR = fileURLToPath(new URL('../../test-output/', import.meta.url));

/** Starts headless chromium. `--no-sandbox` because CI runs as root, where the sandbox cannot start. */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage'],
    // Generous: on a 2-core CI machine running other test files, 2,000 series can stall the page.
    protocolTimeout: 300_000,
  });
}

/** A page that records every console error, page error and failed request. */
export async function openRecordingPage(browser: Browser): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${String(error)}`));
  page.on('requestfailed', (request) => {
    // The event stream is aborted when the page closes: that is not a problem of the page.
    if (!request.url().endsWith('/events')) problems.push(`request failed: ${request.url()}`);
  });
  await page.setViewport({ width: 1280, height: 900 });
  return { page, problems };
}

/** Legend value (a number) of one line of one series of one family, as the page shows it. */
export async function legendValue(page: Page, family: string, series: string, line: string): Promise<number> {
  const text = await page.$eval(
    `section.panel[data-family="${family}"] tr[data-series="${series}"] td[data-line="${line}"]`,
    (cell) => (cell as HTMLElement).dataset.value ?? 'NaN',
  );
  return Number(text);
}

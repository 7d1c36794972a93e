import { readFileSync } from 'node:fs';

/** One static file of the page, ready to send. */
export interface PageAsset {
  readonly contentType: string;
  readonly body: Buffer;
}

/** The page's files, by the name they are served under (relative to the page's path). */
export type PageAssets = ReadonlyMap<string, PageAsset>;

/**
 * The built page lives in `dist/page/`. Both `dist/index.js` and `src/page-assets.ts` sit one level
 * below the package root, so one relative URL finds it from the build and from the tests.
 */
const PAGE_DIRECTORY = new URL('../dist/page/', import.meta.url);

const FILES: ReadonlyArray<readonly [name: string, file: string, contentType: string]> = [
  ['', 'index.html', 'text/html; charset=utf-8'],
  ['dashboard.js', 'dashboard.js', 'text/javascript; charset=utf-8'],
  ['dashboard.css', 'dashboard.css', 'text/css; charset=utf-8'],
];

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Reads the page's files once, when the handler is created: a broken install fails at start-up
 * rather than on the first visit, and no request touches the disk. The title is written into the
 * HTML escaped, so it cannot inject markup.
 */
export function loadPageAssets(title: string): PageAssets {
  const assets = new Map<string, PageAsset>();
  for (const [name, file, contentType] of FILES) {
    let body: Buffer;
    try {
      body = readFileSync(new URL(file, PAGE_DIRECTORY));
    } catch (error) {
      throw new Error(
        `@meterkit/dashboard: the page file ${file} is missing (${(error as Error).message}); reinstall the package`,
      );
    }
    if (name === '') body = Buffer.from(body.toString('utf8').replaceAll('{{title}}', escapeHtml(title)));
    assets.set(name, { contentType, body });
  }
  return assets;
}

import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig } from 'tsup';

// Two builds: the Node library (ESM + CJS + types) and the browser page (one IIFE that bundles
// uPlot, so nothing is fetched from a CDN). dist/ is cleaned once here, because the two builds run
// in parallel and tsup's own `clean` of one would delete the other's output.
rmSync('dist', { recursive: true, force: true });

const require = createRequire(import.meta.url);
const uplotDist = dirname(require.resolve('uplot/dist/uPlot.esm.js'));
const uplotVersion: string = JSON.parse(readFileSync(join(uplotDist, '..', 'package.json'), 'utf8')).version;

/** Writes the page's HTML, and its CSS with uPlot's style sheet first, next to the bundle. */
function writePageFiles(): void {
  mkdirSync('dist/page', { recursive: true });
  copyFileSync('src/page/index.html', 'dist/page/index.html');
  const css = `${readFileSync(join(uplotDist, 'uPlot.min.css'), 'utf8')}\n${readFileSync('src/page/dashboard.css', 'utf8')}`;
  writeFileSync('dist/page/dashboard.css', css);
  copyFileSync(join(uplotDist, '..', 'LICENSE'), 'dist/page/uplot.LICENSE.txt');
}

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: false,
    shims: true,
    target: 'node20',
  },
  {
    entry: { dashboard: 'src/page/main.ts' },
    outDir: 'dist/page',
    format: ['iife'],
    platform: 'browser',
    target: 'es2020',
    minify: true,
    sourcemap: false,
    dts: false,
    clean: false,
    noExternal: ['uplot'],
    outExtension: () => ({ js: '.js' }),
    // uPlot's ESM build has no /*! */ notice for the minifier to keep: name it and its licence here.
    banner: {
      js: `/*! meterkit dashboard page. Bundles uPlot ${uplotVersion} (https://github.com/leeoniya/uPlot), MIT licence, Copyright (c) Leon Sorokin: see uplot.LICENSE.txt */`,
    },
    onSuccess: async () => writePageFiles(),
  },
]);

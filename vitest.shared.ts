import { fileURLToPath } from 'node:url';

/**
 * Resolves `@meterkit/*` to the TypeScript sources while tests run, so a change in core is seen by
 * the exporters' tests without a rebuild. The packed-tarball test checks the built output instead.
 */
export const sourceAliases = [
  {
    find: /^@meterkit\/core\/(testing|http|instrument)$/,
    replacement: `${fileURLToPath(new URL('./packages/core/src/', import.meta.url))}$1/index.ts`,
  },
  {
    find: /^@meterkit\/(core|exporter-[a-z]+)$/,
    replacement: `${fileURLToPath(new URL('./packages/', import.meta.url))}$1/src/index.ts`,
  },
];

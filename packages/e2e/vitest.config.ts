import { defineProject } from 'vitest/config';

/*
 * No source aliases: these tests run the built packages (`dist/`), as an application would, and the
 * fixture application is a separate Node process. `pnpm test` at the root builds first.
 */
export default defineProject({
  test: { name: 'e2e', include: ['test/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
});

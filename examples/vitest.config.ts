import { defineProject } from 'vitest/config';

// The examples run as their users run them: `node` on the built packages (no source aliases), so
// `pnpm build` must have run. Each test starts the example (and any real backend) on 127.0.0.1 and
// stops it by PID.
export default defineProject({
  test: {
    name: 'examples',
    include: ['test/**/*.test.ts', 'integration-patterns/src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

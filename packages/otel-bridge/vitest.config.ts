import { defineProject } from 'vitest/config';
import { sourceAliases } from '../../vitest.shared.ts';

export default defineProject({
  resolve: { alias: sourceAliases },
  test: {
    name: 'otel-bridge',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The real-backend and cluster tests start Prometheus, the Etsy daemon and worker processes.
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*', 'examples', 'bench'],
    // In CI a JSON report is written too, so .ci/run can print one plain "N passed, N failed" line.
    ...(process.env.CI
      ? { reporters: ['default', 'json'], outputFile: { json: '.test-results/vitest.json' } }
      : {}),
  },
});

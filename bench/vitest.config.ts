import { defineProject } from 'vitest/config';

// Only the pure table writer is tested here (results JSON -> markdown); the benchmarks themselves
// are not tests and never run under vitest.
export default defineProject({
  test: { name: 'bench', include: ['lib/**/*.test.mjs'] },
});

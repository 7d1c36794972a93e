import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'http/index': 'src/http/index.ts',
    'instrument/index': 'src/instrument/index.ts',
    'testing/index': 'src/testing/index.ts',
  },
  format: ['esm', 'cjs'],
  // Shared chunks in both formats: `@meterkit/core/http` and the root then hold one copy of every core
  // class (one InvalidInstrumentationOptionError for `instanceof`), in require() as in import.
  splitting: true,
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
});

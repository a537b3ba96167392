import { defineConfig } from 'vitest/config';

// `npm run bench`: every bench file records rows (bench/_lib/rows.ts); the table reporter prints
// them as one table at the end. The measured work runs in child processes on the built package.
export default defineConfig({
  test: {
    include: [],
    benchmark: {
      include: ['bench/**/*.bench.ts'],
      reporters: ['./bench/_lib/tableReporter.ts'],
    },
    fileParallelism: false,
    testTimeout: 900_000,
    hookTimeout: 900_000,
  },
});

import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
// Our own suite uses the plugin from source (not dist/). The plugin's own file, not the barrel: the
// config bundle then holds only config-process code, and a module in flux elsewhere cannot break it.
import { telltaleParity } from './src/plugin/telltaleParity.js';

export default defineConfig({
  plugins: [telltaleParity()],
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // Half again as many test files as cores: many files spend their time waiting on the CLIs and
    // runners they spawn (signals, timeouts, watchdogs), and an idle core meanwhile is wasted time
    // (2 cores: 275 s with 2 workers, 174 s with 3).
    maxWorkers: Math.ceil(availableParallelism() * 1.5),
  },
});

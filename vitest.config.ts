import { defineConfig } from 'vitest/config';
// Our own suite uses the plugin from source (not dist/). The plugin's own file, not the barrel: the
// config bundle then holds only config-process code, and a module in flux elsewhere cannot break it.
import { telltaleParity } from './src/plugin/telltaleParity.js';

export default defineConfig({
  plugins: [telltaleParity()],
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});

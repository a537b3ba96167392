import { defineConfig } from 'vitest/config';
// Our own suite uses the plugin from source (not dist/), the way users get it from the package.
import { telltaleParity } from './src/plugin/index.js';

export default defineConfig({
  plugins: [telltaleParity()],
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});

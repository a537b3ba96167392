/// <reference types="vitest/config" />
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Vite } from 'vitest/node';
import { checkParityStartup } from './checkParityStartup.js';
import { resolveParityOptions, type ResolvedParityOptions, type TelltaleParityOptions } from './options.js';

declare module 'vitest' {
  interface ProvidedContext {
    telltaleParity: ResolvedParityOptions;
  }
}

// setup.ts when this file runs from source, setup.js from dist/ (Vite keeps import.meta.url).
const setupFile = fileURLToPath(new URL(`./setup${extname(fileURLToPath(import.meta.url))}`, import.meta.url));

/**
 * The Vitest plugin: registers the parity matchers in every worker (a setup file), and passes the
 * resolved options to tests (`test.provide` → `inject('telltaleParity')`, `parityOptions()`,
 * `lanes`). The user's own `setupFiles` and `provide` stay. When Vitest loads the config, bad or
 * misspelt options and an unusable `deviations` registry throw a `TelltaleError` (`InvalidOption`,
 * `UnknownOption` with a "did you mean", `InvalidDeviationRegistry`), and a configured `leanRunner`
 * that does not resolve is warned about on stderr ({@link checkParityStartup}).
 *
 * @param options - See {@link TelltaleParityOptions}; everything is optional.
 * @example
 * ```ts
 * // vitest.config.ts
 * import { defineConfig } from 'vitest/config';
 * import { telltaleParity } from 'telltale-parity/vitest';
 * export default defineConfig({ plugins: [telltaleParity({ numRuns: 200 })] });
 * ```
 * @public
 */
export function telltaleParity(options: TelltaleParityOptions = {}): Vite.Plugin {
  return {
    name: 'telltale-parity',
    config(config) {
      const root = typeof config.root === 'string' ? config.root : process.cwd();
      const resolved = resolveParityOptions(options, { root });
      for (const warning of checkParityStartup(resolved, { root }).warnings)
        process.stderr.write(`telltale-parity: ${warning}\n`);
      return { test: { setupFiles: [setupFile], provide: { telltaleParity: resolved } } };
    },
  };
}

/// <reference types="vitest/config" />
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Reporter, Vite, Vitest } from 'vitest/node';
import { checkParityStartup } from './checkParityStartup.js';
import type { ParitySkip } from './_internals/skipMeta.js';
import { paritySkipSummary } from './skipSummary.js';
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
 * that does not resolve is warned about on stderr ({@link checkParityStartup}). At the end of a run
 * it prints one line summing up the parity tests it skipped and why ({@link paritySkipSummary}),
 * whatever the reporter.
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
    configureVitest({ vitest }) {
      // Once per Vitest instance, even when several projects use the plugin.
      const marked = vitest as Vitest & { [kSummaryAdded]?: true };
      if (marked[kSummaryAdded] === true) return;
      marked[kSummaryAdded] = true;
      vitest.config.reporters.push(skipSummaryReporter(vitest));
    },
  };
}

const kSummaryAdded = Symbol.for('telltale-parity.skipSummary');

// Reporters that print a document on stdout: the summary line goes to stderr beside them.
const kMachineReporters: ReadonlySet<string> = new Set(['json', 'junit', 'tap', 'tap-flat', 'github-actions', 'blob']);

/** Collects the parity tests the plugin skipped (task meta) and prints {@link paritySkipSummary} at the end. */
function skipSummaryReporter(vitest: Vitest): Reporter {
  return {
    onTestRunEnd(testModules) {
      const skips: ParitySkip[] = [];
      for (const module of testModules) {
        for (const test of module.children.allTests()) {
          const skip = test.meta().telltaleParitySkip;
          if (skip !== undefined && test.result().state === 'skipped') skips.push(skip);
        }
      }
      const line = paritySkipSummary(skips);
      if (line === null) return;
      const machine = vitest.config.reporters.some(
        (r) => Array.isArray(r) && typeof r[0] === 'string' && kMachineReporters.has(r[0]),
      );
      if (machine) process.stderr.write(`${line}\n`);
      else vitest.logger.log(line);
    },
  };
}

import { describe, inject, test } from 'vitest';
import { readCorpus } from '../corpus/readCorpus.js';
import type { ReplayOptions } from '../fuzz/replayCorpus.js';
import { TelltaleError } from '../types/errors.js';
import type {} from './_internals/skipMeta.js';

/**
 * Time one corpus test may take (ms). The first entry loads the engines, and an entry with process
 * lanes starts its runners: Vitest's 5 s default fails such a test on a busy machine, although each
 * lane has its own timeout that still bounds a hang.
 */
const kCorpusTestTimeoutMs = 120_000;

/** Options of {@link corpusTests}: lanes and overrides for judging entries (as `replay`). @example `corpusTests('corpora', { lean: '/opt/lean/runner' })` @public */
export type CorpusTestsOptions = ReplayOptions;

/**
 * Turns a corpus directory into Vitest tests: one `describe` per property, one `test` per saved
 * counterexample (named by property and hash). A test passes while the bug it recorded stays fixed
 * and fails, with the failure block of `telltale-parity fuzz`, when the entry fails again. Entries
 * whose property cannot run here (unknown id, lane not available) are skipped with the reason;
 * unreadable files become skipped tests named after the file.
 *
 * Call it at the top level of a test file (it registers tests while Vitest collects them). Without
 * `dir`, the plugin's `corpusDir` (default `corpora`) and `leanRunner` are used.
 *
 * @example
 * ```ts
 * // test/corpora.test.ts
 * import { corpusTests } from 'telltale-parity/vitest';
 * corpusTests('corpora');
 * ```
 * @public
 */
export function corpusTests(dir?: string, options: CorpusTestsOptions = {}): void {
  // Without arguments, follow the plugin's options (corpusDir, leanRunner) when the plugin is active.
  const provided = pluginOptions();
  const corpusDir = dir ?? (typeof provided?.corpusDir === 'string' ? provided.corpusDir : 'corpora');
  const resolved: CorpusTestsOptions =
    options.lean === undefined && typeof provided?.leanRunner === 'string'
      ? { ...options, lean: provided.leanRunner }
      : options;
  const { entries, problems } = readCorpus(corpusDir);
  describe(`telltale-parity corpus ${corpusDir}`, () => {
    if (entries.length === 0 && problems.length === 0) {
      test('corpus has no saved counterexamples', () => {
        // An empty corpus is the healthy state; keep one test so the file is not an empty suite.
      });
    }
    const byProperty = new Map<string, typeof entries>();
    for (const loaded of entries)
      byProperty.set(loaded.entry.property, [...(byProperty.get(loaded.entry.property) ?? []), loaded]);
    for (const [property, list] of byProperty) {
      describe(property, () => {
        for (const loaded of list) {
          test(`${property} ${loaded.hash.slice(0, 16)}`, { timeout: kCorpusTestTimeoutMs }, async (context) => {
            // The engines load only when an entry is replayed, so `telltale-parity/vitest` stays light
            // in the config process, where Vitest imports this module with the plugin.
            const { replayCorpus } = await import('../fuzz/replayCorpus.js');
            const { formatReplayFailure } = await import('../fuzz/formatCounterexample.js');
            // Skip reasons name the plugin's and corpusTests()'s options, not command-line flags.
            const replay = await replayCorpus(loaded.file, { ...resolved, advice: 'vitest' });
            const result = replay.entries[0];
            if (result === undefined)
              throw new TelltaleError(
                'CorruptCorpusFile',
                `${loaded.file} could not be read back: ${replay.problems[0]?.message ?? 'unknown reason'}`,
              );
            if (result.status === 'skipped') {
              const reason = result.reason ?? 'cannot be judged here';
              context.task.meta.telltaleParitySkip = { kind: 'corpus', reason };
              context.skip(reason);
              return;
            }
            if (result.status === 'failing' && result.verdict !== null && !result.verdict.pass)
              throw new Error(formatReplayFailure(loaded.file, loaded.entry, result.verdict));
          });
        }
      });
    }
    for (const problem of problems) {
      const reason = `unreadable corpus file ${problem.file}: ${problem.message}`;
      test.skip(reason, { meta: { telltaleParitySkip: { kind: 'corpus', reason } } }, () => {});
    }
  });
}

function pluginOptions(): { readonly corpusDir?: unknown; readonly leanRunner?: unknown } | undefined {
  try {
    // `inject` knows the key only when the plugin's declaration is loaded; read as optional data.
    return inject('telltaleParity' as never);
  } catch {
    return undefined;
  }
}

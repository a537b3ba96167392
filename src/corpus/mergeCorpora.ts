import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describeFsError } from '../types/describeFsError.js';
import { readCorpus } from './readCorpus.js';
import { writeCorpusEntry } from './writeCorpusEntry.js';
import type { CorpusFileProblem } from './types.js';

/** Outcome of {@link mergeCorpora}. @example `{ added: 2, duplicates: 1, replaced: [], problems: [], failed: [] }` @public */
export interface MergeCorporaResult {
  /** Entries newly written into the target (including those that replaced an unreadable file). */
  readonly added: number;
  /** Entries the target already had (same property and input, verified by decoding the target file). */
  readonly duplicates: number;
  /** Target files that were unreadable or held another counterexample, and were replaced (`message`: what they held). */
  readonly replaced: readonly CorpusFileProblem[];
  /** Unreadable source files and folders, skipped. */
  readonly problems: readonly CorpusFileProblem[];
  /** Target files that could not be written (no permission, disk full): the entry is not in the target. */
  readonly failed: readonly CorpusFileProblem[];
  /** The seed pools (`<source>/.pool` into `<target>/.pool`), merged the same way. */
  readonly pool: { readonly added: number; readonly duplicates: number };
}

/** The seed-pool folder of a corpus directory (issue #11 §4). @example `poolDirOf('corpora') // 'corpora/.pool'` @public */
export function poolDirOf(corpusDir: string): string {
  return join(corpusDir, '.pool');
}

/**
 * Merges corpus directories (e.g. the outputs of `fuzz --shard i/n` runs) into `target`,
 * deduplicating by verified content (see {@link writeCorpusEntry}); each source's seed pool
 * (`<source>/.pool`) is merged into `<target>/.pool` the same way.
 *
 * @example
 * ```ts
 * mergeCorpora('corpora', ['shard-1/corpora', 'shard-2/corpora']);
 * // { added: 3, duplicates: 1, replaced: [], problems: [], failed: [], pool: { added: 12, duplicates: 4 } }
 * ```
 * @public
 */
export function mergeCorpora(target: string, sources: readonly string[]): MergeCorporaResult {
  const corpus = mergeEntries(target, sources);
  const pools = sources.map(poolDirOf).filter((d) => existsSync(d));
  const pool = mergeEntries(poolDirOf(target), pools);
  return {
    ...corpus,
    replaced: [...corpus.replaced, ...pool.replaced],
    problems: [...corpus.problems, ...pool.problems],
    failed: [...corpus.failed, ...pool.failed],
    pool: { added: pool.added, duplicates: pool.duplicates },
  };
}

function mergeEntries(target: string, sources: readonly string[]): Omit<MergeCorporaResult, 'pool'> {
  let added = 0;
  let duplicates = 0;
  const replaced: CorpusFileProblem[] = [];
  const problems: CorpusFileProblem[] = [];
  const failed: CorpusFileProblem[] = [];
  for (const source of sources) {
    const contents = readCorpus(source);
    problems.push(...contents.problems);
    for (const { entry, file } of contents.entries) {
      let written;
      try {
        written = writeCorpusEntry(target, entry);
      } catch (error) {
        failed.push({ file, message: `could not be written into '${target}': ${describeFsError(error)}` });
        continue;
      }
      if (written.created) added += 1;
      else duplicates += 1;
      if (written.replaced !== undefined) replaced.push({ file: written.file, message: written.replaced.message });
    }
  }
  return { added, duplicates, replaced, problems, failed };
}

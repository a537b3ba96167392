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
}

/**
 * Merges corpus directories (e.g. the outputs of `fuzz --shard i/n` runs) into `target`,
 * deduplicating by verified content (see {@link writeCorpusEntry}).
 *
 * @example
 * ```ts
 * mergeCorpora('corpora', ['shard-1/corpora', 'shard-2/corpora']); // { added: 3, duplicates: 1, replaced: [], problems: [], failed: [] }
 * ```
 * @public
 */
export function mergeCorpora(target: string, sources: readonly string[]): MergeCorporaResult {
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

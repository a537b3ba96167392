import { readCorpus } from './readCorpus.js';
import { writeCorpusEntry } from './writeCorpusEntry.js';
import type { CorpusFileProblem } from './types.js';

/** Outcome of {@link mergeCorpora}. @example `{ added: 2, duplicates: 1, problems: [] }` @public */
export interface MergeCorporaResult {
  /** Entries newly written into the target. */
  readonly added: number;
  /** Entries the target already had (same property and input). */
  readonly duplicates: number;
  /** Unreadable source files, skipped. */
  readonly problems: readonly CorpusFileProblem[];
}

/**
 * Merges corpus directories (e.g. the outputs of `fuzz --shard i/n` runs) into `target`,
 * deduplicating by content hash.
 *
 * @example
 * ```ts
 * mergeCorpora('corpora', ['shard-1/corpora', 'shard-2/corpora']); // { added: 3, duplicates: 1, problems: [] }
 * ```
 * @public
 */
export function mergeCorpora(target: string, sources: readonly string[]): MergeCorporaResult {
  let added = 0;
  let duplicates = 0;
  const problems: CorpusFileProblem[] = [];
  for (const source of sources) {
    const contents = readCorpus(source);
    problems.push(...contents.problems);
    for (const { entry } of contents.entries) {
      if (writeCorpusEntry(target, entry).created) added += 1;
      else duplicates += 1;
    }
  }
  return { added, duplicates, problems };
}

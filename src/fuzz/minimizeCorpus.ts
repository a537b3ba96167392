import { rmSync } from 'node:fs';
import { writeCorpusEntry } from '../corpus/writeCorpusEntry.js';
import { isCanonicallyNamed, replayCorpus, type ReplayOptions } from './replayCorpus.js';

/** What {@link minimizeCorpus} did. @example `{ removedFixed: ['corpora/p/a.msgpack'], removedDuplicates: [], kept: 3, problems: [] }` @public */
export interface MinimizeReport {
  /** Files deleted because the entry no longer fails. */
  readonly removedFixed: readonly string[];
  /** Files deleted because another file holds the same counterexample (or the name was not its hash). */
  readonly removedDuplicates: readonly string[];
  /** Entries kept (still failing, or skipped because they cannot be judged here). */
  readonly kept: number;
  /** Unreadable files, left in place and named. */
  readonly problems: readonly { readonly file: string; readonly message: string }[];
}

/**
 * Drops corpus entries that no longer fail or are duplicates. Entries that cannot be judged (unknown
 * property, lane not available) are kept; unreadable files are reported and left alone.
 *
 * @example
 * ```ts
 * const { removedFixed } = await minimizeCorpus('corpora');
 * ```
 * @public
 */
export async function minimizeCorpus(dir: string, options: ReplayOptions = {}): Promise<MinimizeReport> {
  const replay = await replayCorpus(dir, options);
  const removedFixed: string[] = [];
  const removedDuplicates: string[] = [];
  const seen = new Set<string>();
  let kept = 0;
  for (const replayed of replay.entries) {
    if (replayed.status === 'fixed') {
      rmSync(replayed.file, { force: true });
      removedFixed.push(replayed.file);
      continue;
    }
    const key = `${replayed.property}\u0000${replayed.hash}`;
    if (!isCanonicallyNamed(replayed)) {
      // A renamed copy: make sure the content exists under its own name, then drop the copy.
      writeCorpusEntry(dir, replayed.entry);
      rmSync(replayed.file, { force: true });
      removedDuplicates.push(replayed.file);
      if (!seen.has(key)) {
        seen.add(key);
        kept += 1;
      }
      continue;
    }
    // The canonically named file is the one kept; a misnamed copy seen earlier already counted it.
    if (!seen.has(key)) {
      seen.add(key);
      kept += 1;
    }
  }
  return { removedFixed, removedDuplicates, kept, problems: replay.problems };
}

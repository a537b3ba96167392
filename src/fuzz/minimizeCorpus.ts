import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { readCorpusFile } from '../corpus/readCorpusFile.js';
import type { CorpusFileProblem } from '../corpus/types.js';
import { corpusEntryFile, writeCorpusEntry } from '../corpus/writeCorpusEntry.js';
import { describeFsError } from '../types/describeFsError.js';
import { replayCorpus, type ReplayedEntry, type ReplayOptions } from './replayCorpus.js';

/** Options of {@link minimizeCorpus}: those of replay, plus `dryRun`. @example `{ dryRun: true }` @public */
export interface MinimizeOptions extends ReplayOptions {
  /** Judge and report only: nothing is written or removed. @defaultValue false */
  readonly dryRun?: boolean;
}

/** A canonical file written from a verified copy (it was missing, unreadable, or held another entry). @example `{ file: 'corpora/p/ab….msgpack', from: 'corpora/p/copy.msgpack' }` @public */
export interface RestoredCorpusFile {
  readonly file: string;
  readonly from: string;
}

/**
 * What {@link minimizeCorpus} did (with `dryRun`: what it would do).
 * @example `{ dryRun: false, removedFixed: ['corpora/p/a.msgpack'], removedDuplicates: [], restored: [], removedTemps: [], kept: 3, judged: 4, skipped: [], problems: [], failed: [] }`
 * @public
 */
export interface MinimizeReport {
  readonly dryRun: boolean;
  /** Files deleted because the entry no longer fails. */
  readonly removedFixed: readonly string[];
  /** Files deleted because the same counterexample is stored, verified, under its own name. */
  readonly removedDuplicates: readonly string[];
  /** Canonical files written from a verified copy before any copy was removed. */
  readonly restored: readonly RestoredCorpusFile[];
  /** Stale temp files (older than an hour) deleted. */
  readonly removedTemps: readonly string[];
  /** Entries kept (still failing, or skipped because they cannot be judged here). */
  readonly kept: number;
  /** Distinct entries that were judged here (still failing or fixed); the others were skipped. */
  readonly judged: number;
  /** Entries that could not be judged here (unknown property, lane not available), with the reason. */
  readonly skipped: readonly { readonly file: string; readonly reason: string }[];
  /** Files that could not be written or removed: the corpus is not as reported for these. */
  readonly failed: readonly CorpusFileProblem[];
  /** Files and folders still unreadable, left in place and named. */
  readonly problems: readonly CorpusFileProblem[];
}

/**
 * Drops corpus entries that no longer fail, duplicate copies, and stale temp files. Entries are
 * identified by their verified content (decoded and re-hashed), never by their file name: a copy is
 * removed only after the entry's own file has been verified (and restored from the copy when it was
 * missing or unreadable), and every file is re-verified just before it is removed, so a corrupt file
 * never causes a valid one to be removed. Entries that cannot be judged (unknown property, lane not
 * available) are kept; unreadable files are reported and left alone.
 *
 * @example
 * ```ts
 * const preview = await minimizeCorpus('corpora', { dryRun: true });
 * const { removedFixed } = await minimizeCorpus('corpora');
 * ```
 * @public
 */
export async function minimizeCorpus(dir: string, options: MinimizeOptions = {}): Promise<MinimizeReport> {
  const dryRun = options.dryRun === true;
  const replay = await replayCorpus(dir, options);
  const removedFixed: string[] = [];
  const removedDuplicates: string[] = [];
  const restored: RestoredCorpusFile[] = [];
  const removedTemps: string[] = [];
  const problems: CorpusFileProblem[] = [];
  const failed: CorpusFileProblem[] = [];
  const skipped: { file: string; reason: string }[] = [];
  let kept = 0;
  let judged = 0;

  // Removes `file` only if it still holds the counterexample `hash` (a restore may have changed it).
  const removeIfHolds = (file: string, hash: string, into: string[]): void => {
    const now = readCorpusFile(file);
    if (!now.ok || now.value.hash !== hash) return;
    if (!dryRun) {
      try {
        rmSync(file);
      } catch (error) {
        failed.push({ file, message: `could not remove: ${describeFsError(error)}` });
        return;
      }
    }
    into.push(file);
  };

  for (const copies of groupByContent(replay.entries)) {
    const first = copies[0] as ReplayedEntry;
    const own = corpusEntryFile(dir, first.property, first.hash);
    const others = copies.filter((c) => resolve(c.file) !== resolve(own));
    if (copies.some((c) => c.status !== 'skipped')) judged += 1;
    else for (const c of copies) skipped.push({ file: c.file, reason: c.reason ?? 'not judged' });
    if (copies.every((c) => c.status === 'fixed')) {
      for (const file of [...others.map((c) => c.file), own]) removeIfHolds(file, first.hash, removedFixed);
      continue;
    }
    kept += 1;
    if (others.length === 0) continue;
    if (!ownFileHolds(own, first.hash)) {
      if (dryRun) {
        restored.push({ file: own, from: first.file });
      } else {
        try {
          writeCorpusEntry(dir, first.entry);
        } catch (error) {
          failed.push({ file: own, message: `could not write: ${describeFsError(error)}` });
        }
        // Copies go only once the entry's own file verifiably holds it.
        if (!ownFileHolds(own, first.hash)) continue;
        restored.push({ file: own, from: first.file });
      }
    }
    for (const copy of others) removeIfHolds(copy.file, first.hash, removedDuplicates);
  }

  for (const temp of replay.temps) {
    if (!temp.stale) continue;
    if (!dryRun) {
      try {
        rmSync(temp.file, { force: true });
      } catch (error) {
        failed.push({ file: temp.file, message: `could not remove: ${describeFsError(error)}` });
        continue;
      }
    }
    removedTemps.push(temp.file);
  }

  // A file restored above is no longer a problem.
  for (const problem of replay.problems) {
    if (dryRun || !readCorpusFile(problem.file).ok) problems.push(problem);
  }
  return { dryRun, removedFixed, removedDuplicates, restored, removedTemps, kept, judged, skipped, problems, failed };
}

function ownFileHolds(file: string, hash: string): boolean {
  const loaded = readCorpusFile(file);
  return loaded.ok && loaded.value.hash === hash;
}

/** Replayed entries grouped by content (property and hash), in corpus order. */
function groupByContent(entries: readonly ReplayedEntry[]): ReplayedEntry[][] {
  const groups = new Map<string, ReplayedEntry[]>();
  for (const entry of entries) {
    const key = `${entry.property}\u0000${entry.hash}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [entry]);
    else group.push(entry);
  }
  return [...groups.values()];
}

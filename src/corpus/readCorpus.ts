import { readdirSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { describeFsError } from '../types/describeFsError.js';
import { readCorpusFile } from './readCorpusFile.js';
import { TEMP_FILE_SUFFIX } from './writeCorpusEntry.js';
import { STALE_TEMP_MS, type CorpusFileProblem, type CorpusTempFile, type LoadedCorpusEntry } from './types.js';

/** Everything {@link readCorpus} found. @example `const { entries, problems, temps } = readCorpus('corpora');` @public */
export interface CorpusContents {
  /** Entries sorted by property then hash. */
  readonly entries: readonly LoadedCorpusEntry[];
  /** Files and folders that could not be read (corrupted, foreign, future version, no permission): skipped, named here. */
  readonly problems: readonly CorpusFileProblem[];
  /** Temp files left by writers that never finished (`*.tmp`), oldest first. */
  readonly temps: readonly CorpusTempFile[];
}

/**
 * Reads every `<dir>/<property>/<hash>.msgpack` (folders whose name starts with `.`, such as the seed
 * pool `.pool`, are not property folders and are skipped), verifying each file's content (see
 * {@link readCorpusFile}); `dir` may also be one `.msgpack` file. A missing directory is an empty
 * corpus. Nothing is thrown: a file or folder that cannot be read (corrupt, no permission) is
 * reported in `problems` with its path and skipped, and the rest is read; leftover temp files are
 * listed in `temps`.
 *
 * @example
 * ```ts
 * const { entries, problems } = readCorpus('corpora');
 * for (const p of problems) console.error(`skipped ${p.file}: ${p.message}`);
 * ```
 * @public
 */
export function readCorpus(dir: string): CorpusContents {
  const now = Date.now();
  const entries: LoadedCorpusEntry[] = [];
  const problems: CorpusFileProblem[] = [];
  const temps: CorpusTempFile[] = [];
  const stat = (path: string): Stats | null => {
    try {
      return statSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        problems.push({ file: path, message: `cannot read: ${describeFsError(error)}` });
      return null;
    }
  };
  const list = (folder: string): string[] => {
    try {
      return readdirSync(folder).sort();
    } catch (error) {
      problems.push({ file: folder, message: `cannot read the folder: ${describeFsError(error)}` });
      return [];
    }
  };
  const read = (file: string): void => {
    const loaded = readCorpusFile(file);
    if (loaded.ok) entries.push(loaded.value);
    else problems.push(loaded.error);
  };

  const top = stat(dir);
  if (top?.isFile() === true) read(dir);
  else if (top !== null) {
    for (const folder of list(dir)) {
      // Dot folders are not properties: `.pool` is the seed pool (read on its own, `readCorpus('corpora/.pool')`).
      if (folder.startsWith('.')) continue;
      const folderPath = join(dir, folder);
      if (stat(folderPath)?.isDirectory() !== true) continue;
      for (const name of list(folderPath)) {
        const file = join(folderPath, name);
        if (name.endsWith(TEMP_FILE_SUFFIX)) {
          const info = stat(file);
          if (info === null) continue;
          const ageMs = Math.max(0, now - info.mtimeMs);
          temps.push({ file, ageMs, stale: ageMs > STALE_TEMP_MS });
        } else if (name.endsWith('.msgpack')) read(file);
      }
    }
  }
  entries.sort((a, b) =>
    a.entry.property === b.entry.property
      ? a.hash < b.hash
        ? -1
        : a.hash > b.hash
          ? 1
          : 0
      : a.entry.property < b.entry.property
        ? -1
        : 1,
  );
  temps.sort((a, b) => b.ageMs - a.ageMs);
  return { entries, problems, temps };
}

import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readCorpusFile } from './readCorpusFile.js';
import { TEMP_FILE_SUFFIX } from './writeCorpusEntry.js';
import { STALE_TEMP_MS, type CorpusFileProblem, type CorpusTempFile, type LoadedCorpusEntry } from './types.js';

/** Everything {@link readCorpus} found. @example `const { entries, problems, temps } = readCorpus('corpora');` @public */
export interface CorpusContents {
  /** Entries sorted by property then hash. */
  readonly entries: readonly LoadedCorpusEntry[];
  /** Files that could not be read (corrupted, foreign, future version): skipped, named here. */
  readonly problems: readonly CorpusFileProblem[];
  /** Temp files left by writers that never finished (`*.tmp`), oldest first. */
  readonly temps: readonly CorpusTempFile[];
}

/**
 * Reads every `<dir>/<property>/<hash>.msgpack`, verifying each file's content (see
 * {@link readCorpusFile}). A missing directory is an empty corpus; a bad file is reported in
 * `problems` with its name and skipped, never thrown; leftover temp files are listed in `temps`.
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
  if (!existsSync(dir)) return { entries, problems, temps };
  for (const folder of readdirSync(dir).sort()) {
    const folderPath = join(dir, folder);
    if (!statSync(folderPath).isDirectory()) continue;
    for (const name of readdirSync(folderPath).sort()) {
      const file = join(folderPath, name);
      if (name.endsWith(TEMP_FILE_SUFFIX)) {
        const ageMs = Math.max(0, now - statSync(file).mtimeMs);
        temps.push({ file, ageMs, stale: ageMs > STALE_TEMP_MS });
        continue;
      }
      if (!name.endsWith('.msgpack')) continue;
      const loaded = readCorpusFile(file);
      if (loaded.ok) entries.push(loaded.value);
      else problems.push(loaded.error);
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

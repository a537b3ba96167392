import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { corpusEntryHash, decodeCorpusEntry } from './encodeCorpusEntry.js';
import type { CorpusFileProblem, LoadedCorpusEntry } from './types.js';

/** Everything {@link readCorpus} found. @example `const { entries, problems } = readCorpus('corpora');` @public */
export interface CorpusContents {
  /** Entries sorted by property then hash. */
  readonly entries: readonly LoadedCorpusEntry[];
  /** Files that could not be read (corrupted, foreign, future version): skipped, named here. */
  readonly problems: readonly CorpusFileProblem[];
}

/**
 * Reads every `<dir>/<property>/<hash>.msgpack`. A missing directory is an empty corpus; a bad
 * file is reported in `problems` with its name and skipped, never thrown.
 *
 * @example
 * ```ts
 * const { entries, problems } = readCorpus('corpora');
 * for (const p of problems) console.error(`skipped ${p.file}: ${p.message}`);
 * ```
 * @public
 */
export function readCorpus(dir: string): CorpusContents {
  const entries: LoadedCorpusEntry[] = [];
  const problems: CorpusFileProblem[] = [];
  if (!existsSync(dir)) return { entries, problems };
  for (const folder of readdirSync(dir).sort()) {
    const folderPath = join(dir, folder);
    if (!statSync(folderPath).isDirectory()) continue;
    for (const name of readdirSync(folderPath).sort()) {
      if (!name.endsWith('.msgpack')) continue;
      const file = join(folderPath, name);
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(file);
      } catch (error) {
        problems.push({ file, message: error instanceof Error ? error.message : String(error) });
        continue;
      }
      const decoded = decodeCorpusEntry(bytes);
      if (!decoded.ok) {
        problems.push({ file, message: decoded.error.message });
        continue;
      }
      let hash: string;
      try {
        hash = corpusEntryHash(decoded.value.property, decoded.value.input);
      } catch (error) {
        problems.push({ file, message: error instanceof Error ? error.message : String(error) });
        continue;
      }
      entries.push({ file, hash, entry: decoded.value });
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
  return { entries, problems };
}

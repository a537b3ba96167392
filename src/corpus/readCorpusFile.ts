import { readFileSync } from 'node:fs';
import { corpusEntryHash, decodeCorpusEntry } from './encodeCorpusEntry.js';
import type { CorpusFileProblem, LoadedCorpusEntry } from './types.js';
import { describeFsError } from '../types/describeFsError.js';
import { err, ok, type Result } from '../types/result.js';

/**
 * Reads one corpus file and verifies it: the bytes decode as a corpus entry and its content hash is
 * recomputed from `{property, input}`, so the caller knows which counterexample the file really holds
 * whatever it is named. Never throws: an unreadable or corrupt file is a {@link CorpusFileProblem}.
 *
 * @example
 * ```ts
 * const r = readCorpusFile('corpora/p/ab12….msgpack');
 * if (r.ok && r.value.file.endsWith(`${r.value.hash}.msgpack`)) console.log('verified');
 * ```
 * @public
 */
export function readCorpusFile(file: string): Result<LoadedCorpusEntry, CorpusFileProblem> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    return err({ file, message: describeFsError(error) });
  }
  const decoded = decodeCorpusEntry(bytes);
  if (!decoded.ok) return err({ file, message: decoded.error.message });
  try {
    return ok({ file, hash: corpusEntryHash(decoded.value.property, decoded.value.input), entry: decoded.value });
  } catch (error) {
    return err({ file, message: error instanceof Error ? error.message : String(error) });
  }
}

import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { corpusEntryHash, encodeCorpusEntry } from './encodeCorpusEntry.js';
import { readCorpusFile } from './readCorpusFile.js';
import type { CorpusEntry } from './types.js';

/**
 * What an existing file held when {@link writeCorpusEntry} replaced it: unreadable bytes (truncated,
 * empty, foreign), or a valid entry of another counterexample, which was first saved under its own
 * name (`rescuedTo`).
 * @example `{ reason: 'unreadable', message: 'not valid MessagePack (…)' }`
 * @public
 */
export interface ReplacedCorpusFile {
  readonly reason: 'unreadable' | 'different';
  readonly message: string;
  readonly rescuedTo?: string;
}

/**
 * Where an entry went. `created` is false when the same counterexample was already stored there
 * (verified by decoding the file, not by its name); `replaced` says what an overwritten file held.
 * @example `{ file: 'corpora/p/ab….msgpack', hash: 'ab…', created: true }`
 * @public
 */
export interface WrittenCorpusEntry {
  readonly file: string;
  readonly hash: string;
  readonly created: boolean;
  readonly replaced?: ReplacedCorpusFile;
}

/**
 * The canonical file of a counterexample: `<dir>/<property folder>/<hash>.msgpack`.
 * @example `corpusEntryFile('corpora', 'heap-vs-model', 'ab12…') // 'corpora/heap-vs-model/ab12….msgpack'`
 * @public
 */
export function corpusEntryFile(dir: string, property: string, hash: string): string {
  return join(dir, safePropertyFolder(property), `${hash}.msgpack`);
}

/**
 * Saves a counterexample as `<dir>/<property>/<hash>.msgpack` (hash: {@link corpusEntryHash}).
 * An existing file of that name is kept only when it decodes to the same counterexample; when it is
 * unreadable, or holds another counterexample, it is replaced (a valid other entry is first saved
 * under its own name), so a corrupt file can never swallow a new finding. Every write is atomic: a
 * temp file in the same folder, read back and compared, synced, then renamed over the target.
 *
 * @example
 * ```ts
 * const { file, created, replaced } = writeCorpusEntry('corpora', entry);
 * if (replaced !== undefined) console.warn(`replaced ${file}: ${replaced.message}`);
 * ```
 * @public
 */
export function writeCorpusEntry(dir: string, entry: CorpusEntry): WrittenCorpusEntry {
  return writeVerified(dir, entry, new Set());
}

function writeVerified(dir: string, entry: CorpusEntry, visiting: Set<string>): WrittenCorpusEntry {
  const hash = corpusEntryHash(entry.property, entry.input);
  const file = corpusEntryFile(dir, entry.property, hash);
  const bytes = encodeCorpusEntry(entry);
  let replaced: ReplacedCorpusFile | undefined;
  if (existsSync(file)) {
    const existing = readCorpusFile(file);
    if (existing.ok && existing.value.hash === hash) return { file, hash, created: false };
    if (existing.ok) {
      // A valid entry under a name that is not its own: keep it, under its own name, before overwriting.
      visiting.add(file);
      const other = existing.value;
      const own = corpusEntryFile(dir, other.entry.property, other.hash);
      if (!visiting.has(own)) writeVerified(dir, other.entry, visiting);
      replaced = {
        reason: 'different',
        message: `held another counterexample (${other.entry.property} ${other.hash.slice(0, 16)}…), now saved as ${own}`,
        rescuedTo: own,
      };
    } else {
      replaced = { reason: 'unreadable', message: existing.error.message };
    }
  }
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileAtomic(file, bytes);
  return { file, hash, created: true, ...(replaced === undefined ? {} : { replaced }) };
}

/**
 * Writes bytes to `file` through a temp file `<file>.<pid>.<random>.tmp` in the same folder: the
 * temp file is written, read back and compared, synced, then renamed over `file` (atomic on one
 * file system). A reader never sees half a file; a writer killed midway leaves only the temp file
 * (`corpus ls` names such files, `corpus minimize` removes them once stale).
 * @example `writeFileAtomic('report.json', Buffer.from('{}'))`
 * @public
 */
export function writeFileAtomic(file: string, bytes: Uint8Array | string): void {
  const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const fd = openSync(temp, 'wx');
    try {
      let written = 0;
      while (written < data.length) written += writeSync(fd, data, written, data.length - written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (!Buffer.from(readFileSync(temp)).equals(Buffer.from(data.buffer, data.byteOffset, data.byteLength)))
      throw new Error(`the temp file ${temp} did not read back as written`);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Suffix of the temp files of {@link writeFileAtomic}. @example `name.endsWith(TEMP_FILE_SUFFIX)` @internal */
export const TEMP_FILE_SUFFIX = '.tmp';

// Property ids are our own kebab-case names plus lane names from `--lane NAME=CMD`; keep the folder
// name to a safe character set so a lane name cannot escape the corpus directory.
function safePropertyFolder(property: string): string {
  return property.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
}

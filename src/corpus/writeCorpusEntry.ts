import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { corpusEntryHash, encodeCorpusEntry } from './encodeCorpusEntry.js';
import type { CorpusEntry } from './types.js';

/** Where an entry went. `created` is false when the same counterexample was already stored. @example `{ file: 'corpora/p/ab….msgpack', hash: 'ab…', created: true }` @public */
export interface WrittenCorpusEntry {
  readonly file: string;
  readonly hash: string;
  readonly created: boolean;
}

/**
 * Saves a counterexample as `<dir>/<property>/<hash>.msgpack` (hash: {@link corpusEntryHash}).
 * The write is atomic (temp file in the same folder, then rename), so a reader or a killed campaign
 * never leaves half a file; an entry already present is kept as it is (dedupe).
 *
 * @example
 * ```ts
 * const { file, created } = writeCorpusEntry('corpora', entry);
 * ```
 * @public
 */
export function writeCorpusEntry(dir: string, entry: CorpusEntry): WrittenCorpusEntry {
  const hash = corpusEntryHash(entry.property, entry.input);
  const folder = join(dir, safePropertyFolder(entry.property));
  const file = join(folder, `${hash}.msgpack`);
  if (existsSync(file)) return { file, hash, created: false };
  mkdirSync(folder, { recursive: true });
  writeFileAtomic(file, encodeCorpusEntry(entry));
  return { file, hash, created: true };
}

/**
 * Writes bytes to `file` through a temp file and a rename (atomic on one file system).
 * @example `writeFileAtomic('report.json', Buffer.from('{}'))`
 * @public
 */
export function writeFileAtomic(file: string, bytes: Uint8Array | string): void {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, bytes);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

// Property ids are our own kebab-case names plus lane names from `--lane NAME=CMD`; keep the folder
// name to a safe character set so a lane name cannot escape the corpus directory.
function safePropertyFolder(property: string): string {
  return property.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
}

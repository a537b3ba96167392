import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeCorpusEntry } from '../../../src/corpus/writeCorpusEntry.js';
import type { CorpusEntry } from '../../../src/corpus/types.js';

const base = {
  seed: 1,
  path: '0',
  toolVersion: '0.0.0-test',
  failure: { summary: 'saved by a test', divergence: null },
};

/** An entry that no longer fails: the heap model holds on an empty operation list. */
export const fixedEntry: CorpusEntry = { ...base, property: 'heap-vs-model', input: [] };

/** An entry that fails with the real implementations: an empty object claimed to be a valid code image. */
export const failingEntry: CorpusEntry = {
  ...base,
  property: 'loader-rejects-invalid-images',
  input: { image: {}, expected: { valid: true, bytecode: 'compiled' } },
};

/** An entry of a property this version does not know. */
export const unknownEntry: CorpusEntry = { ...base, property: 'retired-property', input: 1 };

/** Writes the three entries plus a corrupted file; returns the corrupted file's path. */
export function writeFixtureCorpus(dir: string): {
  corrupted: string;
  files: Record<'fixed' | 'failing' | 'unknown', string>;
} {
  const files = {
    fixed: writeCorpusEntry(dir, fixedEntry).file,
    failing: writeCorpusEntry(dir, failingEntry).file,
    unknown: writeCorpusEntry(dir, unknownEntry).file,
  };
  mkdirSync(join(dir, 'heap-vs-model'), { recursive: true });
  const corrupted = join(dir, 'heap-vs-model', '0000corrupted.msgpack');
  writeFileSync(corrupted, Buffer.from([0x83, 0xa6, 0x66]));
  return { corrupted, files };
}

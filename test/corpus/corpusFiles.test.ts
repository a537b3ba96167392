import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { canonical } from '../../src/corpus/canonical.js';
import { corpusEntryHash, decodeCorpusEntry, encodeCorpusEntry } from '../../src/corpus/encodeCorpusEntry.js';
import { mergeCorpora } from '../../src/corpus/mergeCorpora.js';
import { readCorpus } from '../../src/corpus/readCorpus.js';
import { writeCorpusEntry } from '../../src/corpus/writeCorpusEntry.js';
import type { CorpusEntry } from '../../src/corpus/types.js';
import { contentHashHex } from '../../src/heap/contentHash.js';

const entry: CorpusEntry = {
  property: 'planted',
  input: {
    kind: 'comm',
    sender: 'A',
    receiver: 'B',
    branches: [{ label: { name: 'm', sort: 'unit' }, continuation: { kind: 'end' } }],
  },
  seed: 42,
  path: '3:1:0',
  failure: { summary: 'planted failure', divergence: { kind: 'status', left: 'completed', right: 'stuck' } },
  toolVersion: '0.1.0',
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tt-corpus-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('canonical encoding', () => {
  test('sorts keys at every level so key order does not change the bytes', () => {
    const a = encodeCorpusEntry({ ...entry, input: { b: 1, a: { d: [1, { y: 2, x: 1 }], c: 3 } } });
    const b = encodeCorpusEntry({ ...entry, input: { a: { c: 3, d: [1, { x: 1, y: 2 }] }, b: 1 } });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(canonical({ b: 1, a: undefined, c: { z: 1, y: 2 } })).toStrictEqual({ b: 1, c: { y: 2, z: 1 } });
  });

  test('writes plain MessagePack maps (no msgpackr records) and round-trips', () => {
    const bytes = encodeCorpusEntry(entry);
    // fixmap with 3 keys (format, payload, version): 0x83
    expect(bytes[0]).toBe(0x83);
    expect(decodeCorpusEntry(bytes)).toStrictEqual({ ok: true, value: entry });
  });

  test('rejects values that would not round-trip', () => {
    expect(() => canonical({ x: Number.NaN })).toThrow(/non-canonical number/);
    expect(() => canonical(new Map())).toThrow(/unsupported corpus value/);
  });

  test('BLAKE3 known answer and the hash covers property and input only', () => {
    expect(contentHashHex(new Uint8Array())).toBe('af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262');
    const h = corpusEntryHash(entry.property, entry.input);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(corpusEntryHash('other', entry.input)).not.toBe(h);
    expect(corpusEntryHash(entry.property, { ...(entry.input as object), kind: 'end' })).not.toBe(h);
  });

  test('decoding garbage, a foreign map or a future version is an error, not a throw', () => {
    const garbage = decodeCorpusEntry(Uint8Array.from([0xc1, 0xff, 0x00]));
    expect(garbage.ok).toBe(false);
    const future = new Uint8Array(encodeCorpusEntry(entry));
    // patch version 1 -> 9: the last byte is the positive fixint of `version` (keys are sorted)
    future[future.length - 1] = 9;
    const r = decodeCorpusEntry(future);
    expect(r.ok ? null : r.error.code).toBe('UnsupportedCorpusVersion');
  });
});

describe('corpus directory', () => {
  test('writes <property>/<hash>.msgpack atomically (no temp file left) and dedupes', () => {
    const first = writeCorpusEntry(dir, entry);
    expect(first.created).toBe(true);
    expect(first.file).toBe(join(dir, 'planted', `${corpusEntryHash('planted', entry.input)}.msgpack`));
    // same counterexample found again with another seed and summary: stored once
    const second = writeCorpusEntry(dir, {
      ...entry,
      seed: 7,
      path: '0',
      failure: { summary: 'again', divergence: null },
    });
    expect(second).toStrictEqual({ ...first, created: false });
    expect(readdirSync(join(dir, 'planted'))).toStrictEqual([`${first.hash}.msgpack`]);
    expect(decodeCorpusEntry(readFileSync(first.file))).toStrictEqual({ ok: true, value: entry });
  });

  test('a corrupted file is reported with its name and skipped', () => {
    const good = writeCorpusEntry(dir, entry);
    mkdirSync(join(dir, 'other'), { recursive: true });
    const bad = join(dir, 'other', 'deadbeef.msgpack');
    writeFileSync(bad, Buffer.from('not msgpack at all'));
    const truncated = join(dir, 'planted', 'truncated.msgpack');
    writeFileSync(truncated, readFileSync(good.file).subarray(0, 10));
    const { entries, problems } = readCorpus(dir);
    expect(entries.map((e) => e.file)).toStrictEqual([good.file]);
    expect(problems.map((p) => p.file).sort()).toStrictEqual([bad, truncated].sort());
    for (const p of problems) expect(p.message.length).toBeGreaterThan(0);
  });

  test('a missing directory is an empty corpus', () => {
    expect(readCorpus(join(dir, 'nope'))).toStrictEqual({ entries: [], problems: [] });
  });

  test('merge unions shard corpora and counts duplicates', () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    const target = join(dir, 'merged');
    writeCorpusEntry(a, entry);
    writeCorpusEntry(b, entry);
    writeCorpusEntry(b, { ...entry, input: { kind: 'end' } });
    const result = mergeCorpora(target, [a, b]);
    expect(result).toStrictEqual({ added: 2, duplicates: 1, problems: [] });
    expect(readCorpus(target).entries).toHaveLength(2);
  });
});

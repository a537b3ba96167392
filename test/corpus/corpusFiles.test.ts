import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
  mkdirSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { canonical } from '../../src/corpus/canonical.js';
import { corpusEntryHash, decodeCorpusEntry, encodeCorpusEntry } from '../../src/corpus/encodeCorpusEntry.js';
import { mergeCorpora } from '../../src/corpus/mergeCorpora.js';
import { readCorpus } from '../../src/corpus/readCorpus.js';
import { readCorpusFile } from '../../src/corpus/readCorpusFile.js';
import { corpusEntryFile, writeCorpusEntry } from '../../src/corpus/writeCorpusEntry.js';
import { CORPUS_FORMAT, type CorpusEntry } from '../../src/corpus/types.js';
import { codec } from '../../src/corpus/_internals/codec.js';
import { contentHashHex } from '../../src/heap/contentHash.js';
import { minimizeCorpus } from '../../src/fuzz/minimizeCorpus.js';

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

  test('objects without a prototype (fast-check records) encode as the plain objects they equal', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { b: 1, a: [Object.create(null)] });
    const plain = { a: [{}], b: 1 };
    expect(canonical(bare)).toStrictEqual(plain);
    const a = encodeCorpusEntry({ ...entry, input: bare });
    expect(Buffer.from(a).equals(Buffer.from(encodeCorpusEntry({ ...entry, input: plain })))).toBe(true);
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

describe('corpus format versions', () => {
  test('version 2 records fullyShrunk; version 1 files (before it existed) are still read, as fully shrunk', () => {
    const cut = encodeCorpusEntry({ ...entry, fullyShrunk: false });
    expect(decodeCorpusEntry(cut)).toStrictEqual({ ok: true, value: { ...entry, fullyShrunk: false } });
    const v1 = codec.pack(canonical({ format: CORPUS_FORMAT, version: 1, payload: entry }));
    expect(decodeCorpusEntry(v1)).toStrictEqual({ ok: true, value: entry });
    const v2WithoutField = codec.pack(canonical({ format: CORPUS_FORMAT, version: 2, payload: entry }));
    const r = decodeCorpusEntry(v2WithoutField);
    expect(r.ok ? null : r.error).toMatchObject({ code: 'CorruptCorpusFile', path: '$.payload.fullyShrunk' });
  });
});

describe('corpus format version 3: lanes (issue #13 §1)', () => {
  test('an entry records the commands of the external lanes it ran; older versions read as none', () => {
    const withLanes = { ...entry, lanes: { buggy: 'serve:node runner.mjs --serve', lean: '/opt/lean/runner' } };
    const bytes = encodeCorpusEntry(withLanes);
    expect(decodeCorpusEntry(bytes)).toStrictEqual({ ok: true, value: withLanes });
    // the envelope says version 3 (last byte: the positive fixint of `version`, keys sorted)
    expect(bytes[bytes.length - 1]).toBe(3);
    // no lanes: written as an empty map, read back without the field
    expect(decodeCorpusEntry(encodeCorpusEntry(entry))).toStrictEqual({ ok: true, value: entry });
    const v2 = codec.pack(canonical({ format: CORPUS_FORMAT, version: 2, payload: { ...entry, fullyShrunk: true } }));
    expect(decodeCorpusEntry(v2)).toStrictEqual({ ok: true, value: entry });
    const badLanes = codec.pack(
      canonical({ format: CORPUS_FORMAT, version: 3, payload: { ...entry, fullyShrunk: true, lanes: { x: 1 } } }),
    );
    const r = decodeCorpusEntry(badLanes);
    expect(r.ok ? null : r.error).toMatchObject({ code: 'CorruptCorpusFile', path: '$.payload.lanes' });
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
    expect(readCorpus(join(dir, 'nope'))).toStrictEqual({ entries: [], problems: [], temps: [] });
  });

  test('merge unions shard corpora and counts duplicates', () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    const target = join(dir, 'merged');
    writeCorpusEntry(a, entry);
    writeCorpusEntry(b, entry);
    writeCorpusEntry(b, { ...entry, input: { kind: 'end' } });
    const result = mergeCorpora(target, [a, b]);
    // Issue #11 §4 adds the seed pools' counts (no pools here).
    expect(result).toStrictEqual({
      added: 2,
      duplicates: 1,
      replaced: [],
      problems: [],
      failed: [],
      pool: { added: 0, duplicates: 0 },
    });
    expect(readCorpus(target).entries).toHaveLength(2);
  });

  test("merge merges the shards' seed pools into the target pool, and readCorpus skips the pool", () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    const target = join(dir, 'merged');
    const pooled = { ...entry, features: ['event:sent'] };
    writeCorpusEntry(join(a, '.pool'), pooled);
    writeCorpusEntry(join(b, '.pool'), pooled);
    writeCorpusEntry(join(b, '.pool'), { ...pooled, input: { kind: 'end' } });
    writeCorpusEntry(a, entry);
    const result = mergeCorpora(target, [a, b]);
    expect(result.added).toBe(1);
    expect(result.pool).toStrictEqual({ added: 2, duplicates: 1 });
    expect(readCorpus(target).entries).toHaveLength(1);
    const pool = readCorpus(join(target, '.pool')).entries;
    expect(pool).toHaveLength(2);
    expect(pool[0]?.entry.features).toStrictEqual(['event:sent']);
  });
});

describe('nothing is lost: verified writes and minimize (issue #12 items 1-3)', () => {
  const other: CorpusEntry = { ...entry, input: { kind: 'end' } };
  const holds = (file: string, e: CorpusEntry): boolean => {
    const r = readCorpusFile(file);
    return r.ok && r.value.hash === corpusEntryHash(e.property, e.input);
  };

  test.each([
    ['empty', (bytes: Buffer) => bytes.subarray(0, 0)],
    ['truncated', (bytes: Buffer) => bytes.subarray(0, bytes.length - 3)],
    ['garbage', () => Buffer.from('\u0000\u0001 not a corpus file')],
    ['a foreign MessagePack value', () => Buffer.from([0x93, 0x01, 0x02, 0x03])],
  ])('an existing %s file under the entry name is replaced, not taken for the entry', (_, damage) => {
    const first = writeCorpusEntry(dir, entry);
    writeFileSync(first.file, damage(readFileSync(first.file)));
    const again = writeCorpusEntry(dir, entry);
    expect(again).toMatchObject({ file: first.file, created: true, replaced: { reason: 'unreadable' } });
    expect(holds(first.file, entry)).toBe(true);
    expect(readdirSync(join(dir, 'planted'))).toStrictEqual([`${first.hash}.msgpack`]);
  });

  test('a valid entry of another counterexample under the name is first saved under its own name', () => {
    const target = corpusEntryFile(dir, entry.property, corpusEntryHash(entry.property, entry.input));
    const moved = writeCorpusEntry(dir, other);
    mkdirSync(join(dir, 'planted'), { recursive: true });
    copyFileSync(moved.file, target);
    rmSync(moved.file);
    const written = writeCorpusEntry(dir, entry);
    expect(written).toMatchObject({ created: true, replaced: { reason: 'different', rescuedTo: moved.file } });
    expect(holds(target, entry)).toBe(true);
    expect(holds(moved.file, other)).toBe(true);
  });

  test('merge replaces an unreadable target file instead of calling it "already present"', () => {
    const source = join(dir, 'source');
    const target = join(dir, 'target');
    writeCorpusEntry(source, entry);
    const file = corpusEntryFile(target, entry.property, corpusEntryHash(entry.property, entry.input));
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, '');
    const result = mergeCorpora(target, [source]);
    expect(result).toMatchObject({ added: 1, duplicates: 0, problems: [] });
    expect(result.replaced.map((r) => r.file)).toStrictEqual([file]);
    expect(holds(file, entry)).toBe(true);
  });

  test('minimize keeps the only valid copy when the correctly named file is corrupt, and restores it', async () => {
    const own = writeCorpusEntry(dir, { ...entry, property: 'retired-property' });
    const copy = join(dir, 'retired-property', 'copy.msgpack');
    copyFileSync(own.file, copy);
    writeFileSync(own.file, readFileSync(own.file).subarray(0, 12));
    const preview = await minimizeCorpus(dir, { dryRun: true });
    expect(preview).toMatchObject({
      dryRun: true,
      restored: [{ file: own.file, from: copy }],
      removedDuplicates: [copy],
      removedFixed: [],
      kept: 1,
    });
    expect(readCorpusFile(own.file).ok).toBe(false);
    expect(holds(copy, { ...entry, property: 'retired-property' })).toBe(true);
    const done = await minimizeCorpus(dir);
    expect(done).toMatchObject({
      dryRun: false,
      restored: [{ file: own.file }],
      removedDuplicates: [copy],
      problems: [],
    });
    expect(holds(own.file, { ...entry, property: 'retired-property' })).toBe(true);
    expect(readdirSync(join(dir, 'retired-property'))).toStrictEqual([`${own.hash}.msgpack`]);
  });

  test('minimize never removes a file because of a name: a corrupt copy stays a problem, a valid one stays', async () => {
    const own = writeCorpusEntry(dir, { ...entry, property: 'retired-property' });
    const corrupt = join(dir, 'retired-property', `${'0'.repeat(64)}.msgpack`);
    writeFileSync(corrupt, readFileSync(own.file).subarray(0, 5));
    const result = await minimizeCorpus(dir);
    expect(result.removedDuplicates).toStrictEqual([]);
    expect(result.problems.map((p) => p.file)).toStrictEqual([corrupt]);
    expect(readdirSync(join(dir, 'retired-property')).sort()).toStrictEqual(
      [`${own.hash}.msgpack`, `${'0'.repeat(64)}.msgpack`].sort(),
    );
  });

  test('leftover temp files are listed with their age; minimize removes only those older than an hour', async () => {
    writeCorpusEntry(dir, entry);
    const stale = join(dir, 'planted', 'x.msgpack.123.abcd.tmp');
    const fresh = join(dir, 'planted', 'y.msgpack.456.ef01.tmp');
    writeFileSync(stale, 'half');
    writeFileSync(fresh, 'half');
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    utimesSync(stale, twoHoursAgo, twoHoursAgo);
    const { temps, entries } = readCorpus(dir);
    expect(entries).toHaveLength(1);
    expect(temps.map((t) => [t.file, t.stale])).toStrictEqual([
      [stale, true],
      [fresh, false],
    ]);
    expect(temps[0]?.ageMs).toBeGreaterThan(3_600_000);
    expect((await minimizeCorpus(dir, { dryRun: true })).removedTemps).toStrictEqual([stale]);
    expect(readdirSync(join(dir, 'planted'))).toHaveLength(3);
    expect((await minimizeCorpus(dir)).removedTemps).toStrictEqual([stale]);
    expect(readdirSync(join(dir, 'planted')).sort()).toStrictEqual(
      [`${corpusEntryHash(entry.property, entry.input)}.msgpack`, 'y.msgpack.456.ef01.tmp'].sort(),
    );
  });
});

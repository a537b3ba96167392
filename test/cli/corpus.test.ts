import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { readCorpus } from '../../src/corpus/readCorpus.js';
import { writeCorpusEntry } from '../../src/corpus/writeCorpusEntry.js';
import { runCli } from '../fuzz/_helpers/runCli.js';
import { failingEntry, fixedEntry, writeFixtureCorpus } from '../fuzz/_helpers/corpusFixtures.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tt-corpus-cli-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('telltale-parity corpus', () => {
  test('ls lists entries and names a corrupted file on stderr', () => {
    const { corrupted, files } = writeFixtureCorpus(join(dir, 'corpora'));
    const r = runCli(['corpus', 'ls'], { cwd: dir });
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^heap-vs-model\t[0-9a-f]{16}\t0\.0\.0-test\t/);
    expect(r.stdout).toContain(files.failing.replace(`${dir}/`, ''));
    expect(lines[3]).toBe('3 entries in corpora, 1 unreadable');
    expect(r.stderr).toContain(`skipped ${corrupted.replace(`${dir}/`, '')}: `);
  });

  test('merge unions shard corpora into --into, deduplicating', () => {
    writeCorpusEntry(join(dir, 'shard1'), fixedEntry);
    writeCorpusEntry(join(dir, 'shard2'), fixedEntry);
    writeCorpusEntry(join(dir, 'shard2'), failingEntry);
    const r = runCli(['corpus', 'merge', join(dir, 'shard1'), join(dir, 'shard2'), '--into', join(dir, 'merged')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 added, 1 already present');
    expect(readCorpus(join(dir, 'merged')).entries.map((e) => e.entry.property)).toStrictEqual([
      'heap-vs-model',
      'loader-rejects-invalid-images',
    ]);
  });

  test('minimize drops entries that no longer fail and duplicates, keeps the rest', () => {
    const corpus = join(dir, 'corpora');
    const { corrupted, files } = writeFixtureCorpus(corpus);
    const copy = join(corpus, 'loader-rejects-invalid-images', 'copy.msgpack');
    copyFileSync(files.failing, copy);
    const r = runCli(['corpus', 'minimize', corpus]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`removed (no longer fails) ${files.fixed}`);
    expect(r.stdout).toContain(`removed (duplicate) ${copy}`);
    expect(r.stdout).toContain('minimize: kept 2, removed 1 fixed and 1 duplicates');
    expect(existsSync(files.failing)).toBe(true);
    expect(existsSync(files.unknown)).toBe(true);
    expect(existsSync(corrupted)).toBe(true);
    expect(readdirSync(join(corpus, 'loader-rejects-invalid-images'))).toHaveLength(1);
  });

  test('usage errors exit 2', () => {
    const r = runCli(['corpus', 'bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^telltale-parity corpus: unknown subcommand 'bogus'/);
  });
});

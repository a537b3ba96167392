import {
  chmodSync,
  copyFileSync,
  symlinkSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { readCorpus } from '../../src/corpus/readCorpus.js';
import { readCorpusFile } from '../../src/corpus/readCorpusFile.js';
import { writeCorpusEntry } from '../../src/corpus/writeCorpusEntry.js';
import { runCli } from '../fuzz/_helpers/runCli.js';
import { failingEntry, fixedEntry, unknownEntry, writeFixtureCorpus } from '../fuzz/_helpers/corpusFixtures.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tt-corpus-cli-'));
});
afterEach(() => {
  chmodSync(dir, 0o755);
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
    expect(r.stdout).toContain('minimize: kept 2, removed 1 fixed and 1 duplicate\n' /* issue #13 §7: singular */);
    expect(existsSync(files.failing)).toBe(true);
    expect(existsSync(files.unknown)).toBe(true);
    expect(existsSync(corrupted)).toBe(true);
    expect(readdirSync(join(corpus, 'loader-rejects-invalid-images'))).toHaveLength(1);
  });

  test('minimize keeps the only valid copy of an entry whose own file is corrupt; --dry-run changes nothing', () => {
    const corpus = join(dir, 'corpora');
    const { files } = writeFixtureCorpus(corpus);
    const copy = join(corpus, 'loader-rejects-invalid-images', 'renamed-copy.msgpack');
    copyFileSync(files.failing, copy);
    const valid = readFileSync(files.failing);
    writeFileSync(files.failing, valid.subarray(0, valid.length - 7));
    const damaged = readFileSync(files.failing);

    const preview = runCli(['corpus', 'minimize', corpus, '--dry-run']);
    expect(preview.code).toBe(0);
    expect(preview.stdout).toContain(`would restore ${files.failing} from ${copy}`);
    expect(preview.stdout).toContain(`would remove (duplicate) ${copy}`);
    expect(preview.stdout).toContain(`would remove (no longer fails) ${files.fixed}`);
    expect(preview.stdout).toContain(
      'minimize (dry run, nothing changed): kept 2, would remove 1 fixed and 1 duplicate, would restore 1\n',
    );
    expect(readFileSync(files.failing).equals(damaged)).toBe(true);
    expect(existsSync(copy) && existsSync(files.fixed)).toBe(true);

    const r = runCli(['corpus', 'minimize', corpus]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`restored ${files.failing} from ${copy}`);
    expect(r.stdout).toContain(`removed (duplicate) ${copy}`);
    const restored = readCorpusFile(files.failing);
    expect(restored.ok && files.failing.endsWith(`${restored.value.hash}.msgpack`)).toBe(true);
    expect(readdirSync(join(corpus, 'loader-rejects-invalid-images'))).toHaveLength(1);
    // replay now finds the entry under its own name, still failing
    expect(runCli(['replay', files.failing]).code).toBe(1);
  });

  test('merge into a corpus with an empty file under the entry name writes the entry (not "already present")', () => {
    const source = join(dir, 'shard');
    const target = join(dir, 'merged');
    const { file } = writeCorpusEntry(source, failingEntry);
    const targetFile = file.replace(source, target);
    mkdirSync(dirname(targetFile), { recursive: true });
    writeFileSync(targetFile, '');
    const r = runCli(['corpus', 'merge', source, '--into', target]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 added, 0 already present (1 unreadable or wrong file replaced)');
    expect(r.stderr).toContain(`replaced ${targetFile}: `);
    expect(readCorpusFile(targetFile).ok).toBe(true);
  });

  test('ls names leftover temp files with their age; minimize removes the stale ones only', () => {
    const corpus = join(dir, 'corpora');
    const { file } = writeCorpusEntry(corpus, failingEntry);
    const stale = `${file}.999.dead.tmp`;
    const fresh = `${file}.998.beef.tmp`;
    writeFileSync(stale, 'partial');
    writeFileSync(fresh, 'partial');
    const old = new Date(Date.now() - 3 * 3_600_000);
    utimesSync(stale, old, old);
    const ls = runCli(['corpus', 'ls', corpus]);
    expect(ls.code).toBe(0);
    expect(ls.stderr).toContain(
      `leftover temp file ${stale} (3h old, from an interrupted write; \`corpus minimize\` removes it)`,
    );
    expect(ls.stderr).toMatch(
      new RegExp(`leftover temp file ${fresh.replace(/[.]/g, '\\.')} \\(\\d+s old; a writer may still be using it`),
    );
    expect(ls.stdout).toContain('1 entry in');
    expect(ls.stdout).toContain(', 2 leftover temp files');
    const dry = runCli(['corpus', 'minimize', corpus, '--dry-run']);
    expect(dry.stdout).toContain(`would remove (stale temp file) ${stale}`);
    expect(existsSync(stale)).toBe(true);
    const r = runCli(['corpus', 'minimize', corpus]);
    expect(r.stdout).toContain(`removed (stale temp file) ${stale}`);
    expect(r.stdout).not.toContain(fresh);
    expect([existsSync(stale), existsSync(fresh), existsSync(file)]).toStrictEqual([false, true, true]);
  });

  describe('unreadable paths are named and skipped, the command goes on (issue #12 item 15)', () => {
    // A corpus with an unreadable entry file, an unreadable property folder and a symlink loop.
    const lockedCorpus = (): { corpus: string; locked: string; lockedFile: string; fixed: string } => {
      chmodSync(dir, 0o755);
      const corpus = join(dir, 'corpora');
      const { files } = writeFixtureCorpus(corpus);
      chmodSync(files.failing, 0o000);
      const locked = join(corpus, 'locked-property');
      mkdirSync(locked);
      chmodSync(locked, 0o000);
      symlinkSync('loop', join(corpus, 'loop'));
      return { corpus, locked, lockedFile: files.failing, fixed: files.fixed };
    };
    const namesAll = (stderr: string, paths: { locked: string; lockedFile: string }): void => {
      expect(stderr).not.toMatch(/EACCES: EACCES|telltale-parity: EACCES|\n\s+at /);
      expect(stderr).toContain(`skipped ${paths.lockedFile}: permission denied (EACCES)`);
      expect(stderr).toContain(`skipped ${paths.locked}: cannot read the folder: permission denied (EACCES)`);
    };

    test('ls lists what it can read (exit 0); a single entry FILE is listed; an unreadable DIR is exit 2', () => {
      const paths = lockedCorpus();
      const r = runCli(['corpus', 'ls', paths.corpus], { unprivileged: true });
      namesAll(r.stderr, paths);
      expect(r.stdout).toContain(`heap-vs-model\t`);
      expect(r.stdout).toMatch(/2 entries in .+, 4 unreadable/);
      expect(r.code).toBe(0);
      const one = runCli(['corpus', 'ls', paths.fixed], { unprivileged: true });
      expect(one.code).toBe(0);
      expect(one.stdout).toContain(`1 entry in ${paths.fixed}`);
      const none = runCli(['corpus', 'ls', paths.locked], { unprivileged: true });
      expect(none.code).toBe(2);
      expect(none.stderr).toContain('nothing could be listed: 1 unreadable');
    });

    test('merge merges what it can read; into a FILE or an unwritable folder is exit 2 before writing', () => {
      const paths = lockedCorpus();
      const target = join(dir, 'merged');
      mkdirSync(target, { mode: 0o777 });
      chmodSync(target, 0o777);
      const r = runCli(['corpus', 'merge', paths.corpus, '--into', target], { unprivileged: true });
      namesAll(r.stderr, paths);
      expect(r.stdout).toContain('2 added, 0 already present, 4 unreadable');
      expect(r.code).toBe(0);
      const intoFile = runCli(['corpus', 'merge', paths.corpus, '--into', paths.fixed], { unprivileged: true });
      expect(intoFile.code).toBe(2);
      expect(intoFile.stderr).toContain(`cannot merge into '${paths.fixed}': '${paths.fixed}' is not a folder`);
      const readOnly = join(dir, 'read-only');
      mkdirSync(readOnly);
      chmodSync(readOnly, 0o555);
      const denied = runCli(['corpus', 'merge', paths.corpus, '--into', join(readOnly, 'sub')], { unprivileged: true });
      expect(denied.code).toBe(2);
      expect(denied.stderr).toMatch(
        /cannot merge into .+: cannot write into '.+read-only': permission denied \(EACCES\)/,
      );
    });

    test('minimize judges what it can read and leaves unreadable paths alone', () => {
      const paths = lockedCorpus();
      chmodSync(join(paths.corpus, 'heap-vs-model'), 0o777);
      const r = runCli(['corpus', 'minimize', paths.corpus], { unprivileged: true });
      namesAll(r.stderr, paths);
      expect(r.stdout).toContain(`removed (no longer fails) ${paths.fixed}`);
      expect(r.code).toBe(0);
    });

    test('minimize that can judge no entry says why and exits 2', () => {
      const corpus = join(dir, 'only-unknown');
      writeCorpusEntry(corpus, unknownEntry);
      const r = runCli(['corpus', 'minimize', corpus]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        "no entry could be judged, so none was found fixed: unknown property 'retired-property'",
      );
    });
  });

  test('usage errors exit 2', () => {
    const r = runCli(['corpus', 'bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^telltale-parity corpus: unknown subcommand 'bogus'/);
  });
});

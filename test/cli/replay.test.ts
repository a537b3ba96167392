import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { runCli } from '../fuzz/_helpers/runCli.js';
import { fixedEntry, unknownEntry, writeFixtureCorpus } from '../fuzz/_helpers/corpusFixtures.js';
import { writeCorpusEntry } from '../../src/corpus/writeCorpusEntry.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tt-replay-'));
});
afterEach(() => {
  chmodSync(dir, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

describe('telltale-parity replay', () => {
  test('reports which entries still fail (exit 1), names and skips a corrupted file', () => {
    const { corrupted, files } = writeFixtureCorpus(join(dir, 'corpora'));
    const r = runCli(['replay', join(dir, 'corpora')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`FAIL   loader-rejects-invalid-images ${files.failing}`);
    expect(r.stdout).toContain(`fixed  heap-vs-model ${files.fixed}`);
    expect(r.stdout).toContain(
      `SKIP   retired-property ${files.unknown}: unknown property 'retired-property' in this version`,
    );
    expect(r.stdout).toContain('replay: 3 entries, 1 still failing, 1 fixed, 1 skipped, 1 unreadable');
    expect(r.stderr).toContain(`skipped ${corrupted}: `);
  });

  test('defaults to corpora/ in the working directory; replays a single file; usage errors exit 2', () => {
    const { files } = writeFixtureCorpus(join(dir, 'corpora'));
    const all = runCli(['replay'], { cwd: dir });
    expect(all.code).toBe(1);
    expect(all.stdout).toContain('replay: 3 entries, 1 still failing');
    const one = runCli(['replay', files.fixed]);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('replay: 1 entry, 0 still failing, 1 fixed');
    const usage = runCli(['replay', 'a', 'b']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^telltale-parity replay: expected at most one DIR or FILE/);
  });

  test('a corpus the user named must exist (exit 2, saying what to give); a missing default one is nothing to replay (exit 2)', () => {
    const named = runCli(['replay', join(dir, 'no-such-corpus')]);
    expect(named.code).toBe(2);
    expect(named.stderr).toContain(`no corpus directory or file at '${join(dir, 'no-such-corpus')}'`);
    for (const sub of [['ls'], ['merge'], ['minimize']]) {
      const r = runCli(['corpus', ...sub, join(dir, 'no-such-corpus')]);
      expect(r.code, sub[0]).toBe(2);
      expect(r.stderr).toContain('no corpus directory at');
    }
    const empty = mkdtempSync(join(dir, 'fresh-'));
    const fresh = runCli(['replay'], { cwd: empty });
    // issue #12 item 13: replay exits 0 only when at least one entry was replayed
    expect(fresh.code).toBe(2);
    expect(fresh.stderr).toContain("nothing to replay: no corpus at 'corpora' yet");
  });

  describe('exit 0 only when at least one entry was replayed and none still fails (issue #12 item 13)', () => {
    test.each([
      [
        'a corrupt entry',
        () => {
          const file = join(dir, 'bad.msgpack');
          writeFileSync(file, Buffer.from([0x83, 0xa6]));
          return file;
        },
        '1 unreadable',
      ],
      [
        'a folder of only corrupt files',
        () => {
          mkdirSync(join(dir, 'c', 'heap-vs-model'), { recursive: true });
          writeFileSync(join(dir, 'c', 'heap-vs-model', 'a.msgpack'), '');
          writeFileSync(join(dir, 'c', 'heap-vs-model', 'b.msgpack'), 'garbage');
          return join(dir, 'c');
        },
        '2 unreadable',
      ],
      [
        'a .json file',
        () => {
          const file = join(dir, 'request.json');
          writeFileSync(file, '{"schema_version":"lean_bridge.v1"}');
          return file;
        },
        '1 unreadable',
      ],
      [
        'every entry skipped',
        () => {
          writeCorpusEntry(join(dir, 'c'), unknownEntry);
          return join(dir, 'c');
        },
        '1 entry skipped',
      ],
      ['an empty corpus folder', () => mkdtempSync(join(dir, 'empty-')), 'no corpus entries in'],
    ])('%s: exit 2, saying why', (_, make, why) => {
      const r = runCli(['replay', make()]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`telltale-parity replay: nothing was replayed: `);
      expect(r.stderr).toContain(why);
    });

    test('a replayed entry beside corrupt and skipped ones: exit 0 (the others named)', () => {
      const only = join(dir, 'mixed');
      writeCorpusEntry(only, fixedEntry);
      writeCorpusEntry(only, unknownEntry);
      mkdirSync(join(only, 'x'));
      writeFileSync(join(only, 'x', 'y.msgpack'), '');
      const r = runCli(['replay', only]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('replay: 2 entries, 0 still failing, 1 fixed, 1 skipped, 1 unreadable');
    });
  });

  test('an unreadable sub-folder or file is named and skipped; the rest is replayed (issue #12 item 15)', () => {
    chmodSync(dir, 0o755);
    const corpus = join(dir, 'corpora');
    const { files } = writeFixtureCorpus(corpus);
    chmodSync(files.failing, 0o000);
    const locked = join(corpus, 'locked-property');
    mkdirSync(locked);
    chmodSync(locked, 0o000);
    symlinkSync('loop', join(corpus, 'loop'));
    const r = runCli(['replay', corpus], { unprivileged: true });
    expect(r.stderr).not.toMatch(/EACCES: EACCES|\n\s+at /);
    expect(r.stderr).toContain(`skipped ${files.failing}: permission denied (EACCES)`);
    expect(r.stderr).toContain(`skipped ${locked}: cannot read the folder: permission denied (EACCES)`);
    expect(r.stderr).toContain(`skipped ${join(corpus, 'loop')}: cannot read: too many symbolic links (ELOOP)`);
    expect(r.stdout).toContain(`fixed  heap-vs-model ${files.fixed}`);
    expect(r.code).toBe(0);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { runCli } from '../fuzz/_helpers/runCli.js';
import { writeFixtureCorpus } from '../fuzz/_helpers/corpusFixtures.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tt-replay-'));
});
afterEach(() => {
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
    expect(one.stdout).toContain('replay: 1 entries, 0 still failing, 1 fixed');
    const usage = runCli(['replay', 'a', 'b']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^telltale-parity replay: expected at most one DIR or FILE/);
  });

  test('a corpus the user named must exist (exit 2, saying what to give); the default one need not', () => {
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
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toContain('replay: 0 entries');
  });
});

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
    expect(r.stdout).toContain(`SKIP   retired-property ${files.unknown}: unknown property 'retired-property' in this version`);
    expect(r.stdout).toContain('replay: 3 entries, 1 still failing, 1 fixed, 1 skipped, 1 unreadable');
    expect(r.stderr).toContain(`skipped ${corrupted}: `);
  });

  test('defaults to corpora/ in the working directory, exit 0 when nothing fails', () => {
    const r = runCli(['replay'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('replay: 0 entries');
  });

  test('replays a single file', () => {
    const { files } = writeFixtureCorpus(join(dir, 'corpora'));
    expect(runCli(['replay', files.fixed]).code).toBe(0);
    expect(runCli(['replay', files.failing]).code).toBe(1);
  });

  test('usage errors exit 2', () => {
    expect(runCli(['replay', 'a', 'b']).code).toBe(2);
    expect(runCli(['replay', '--bogus']).code).toBe(2);
  });
});

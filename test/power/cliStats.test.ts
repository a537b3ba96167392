/**
 * Issue #11 §3-4 through the CLI: `fuzz --stats` prints the per-property distributions and what
 * was not exercised; `--pool DIR` keeps the seed pool where asked, and the next campaign replays it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readCorpus } from '../../src/corpus/readCorpus.js';
import { runCli } from '../fuzz/_helpers/runCli.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tt-cli-stats-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('fuzz --stats and --pool', () => {
  test('--stats prints every dimension with shares; --pool keeps the pool there; a second campaign replays it', () => {
    const pool = join(dir, 'pool');
    const args = [
      'fuzz',
      '--runs',
      '60',
      '--seed',
      '11',
      '--workers',
      '1',
      '--properties',
      'cooperative-vs-reference',
      '--corpus',
      join(dir, 'corpus'),
      '--pool',
      pool,
      '--stats',
    ];
    const first = runCli(args);
    expect(first.code).toBe(0);
    for (const dimension of ['verdict', 'roles', 'depth', 'steps', 'names', 'status', 'faults', 'swarm'])
      expect(first.stdout).toMatch(new RegExp(`\\n {2}${dimension}\\n {4}\\S.* +\\d+\\.\\d\\d% \\(\\d+\\)`));
    expect(first.stdout).toMatch(/not exercised \(\d+ known features\): /);
    const added = Number(/seed pool: 0 replayed first, (\d+) added/.exec(first.stdout)?.[1] ?? Number.NaN);
    expect(added).toBeGreaterThan(0);
    expect(readCorpus(pool).entries).toHaveLength(added);
    expect(readCorpus(join(dir, 'corpus', '.pool')).entries).toHaveLength(0);
    const second = runCli(args);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`seed pool: ${added} replayed first, 0 added`);
    // Without --stats nothing of it is printed.
    const quiet = runCli(args.filter((a) => a !== '--stats'));
    expect(quiet.stdout).not.toContain('not exercised');
  });
});

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { failingEntry, fixedEntry, unknownEntry } from '../fuzz/_helpers/corpusFixtures.js';
import { writeCorpusEntry } from '../../src/corpus/writeCorpusEntry.js';

const corpusTestsModule = fileURLToPath(new URL('../../src/plugin/corpusTests.ts', import.meta.url));
const vitestBin = fileURLToPath(new URL('../../node_modules/vitest/vitest.mjs', import.meta.url));
const project = mkdtempSync(join(tmpdir(), 'tt-corpus-tests-'));
afterAll(() => {
  rmSync(project, { recursive: true, force: true });
});

describe('corpusTests (Vitest run on a fixture project)', () => {
  test('one test per entry, named by property and hash: fixed passes, failing fails with the failure block, unknown and corrupted are skipped', () => {
    const corpus = join(project, 'corpora');
    const fixed = writeCorpusEntry(corpus, fixedEntry);
    const failing = writeCorpusEntry(corpus, failingEntry);
    writeCorpusEntry(corpus, unknownEntry);
    mkdirSync(join(corpus, 'heap-vs-model'), { recursive: true });
    writeFileSync(join(corpus, 'heap-vs-model', 'broken.msgpack'), 'garbage');
    writeFileSync(
      join(project, 'corpora.test.ts'),
      `import { corpusTests } from ${JSON.stringify(corpusTestsModule)};\ncorpusTests('corpora');\n`,
    );
    writeFileSync(join(project, 'vitest.config.mjs'), 'export default { test: { include: ["*.test.ts"] } };\n');

    const r = spawnSync(process.execPath, [vitestBin, 'run', '--reporter', 'verbose'], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', CI: '1' },
      timeout: 60_000,
    });
    const out = `${r.stdout}\n${r.stderr}`;
    expect(r.status).toBe(1);
    expect(out).toMatch(new RegExp(`✓ .*heap-vs-model > heap-vs-model ${fixed.hash.slice(0, 16)}`));
    expect(out).toMatch(
      new RegExp(`× .*loader-rejects-invalid-images > loader-rejects-invalid-images ${failing.hash.slice(0, 16)}`),
    );
    // Issue #13 §7: a replayed entry's failure says what the entry is and how to replay it; it no
    // longer prints the campaign's block ("shrunk 0 times … saved as").
    expect(out).toContain('Saved counterexample of "loader-rejects-invalid-images" fails again');
    expect(out).toMatch(
      /Entry: corpora[/\\]loader-rejects-invalid-images[/\\][0-9a-f]{64}\.msgpack \(found by telltale-parity 0\.0\.0-test/,
    );
    expect(out).toMatch(/Replay: telltale-parity replay corpora[/\\]loader-rejects-invalid-images/);
    expect(out).not.toMatch(/shrunk \d+ times?|saved as/);
    expect(out).toMatch(/↓ .*retired-property > retired-property [0-9a-f]{16}/);
    expect(out).toMatch(/↓ .*unreadable corpus file corpora[/\\]heap-vs-model[/\\]broken\.msgpack/);
    expect(out).toMatch(/Tests\s+1 failed \| 1 passed \| 2 skipped/);
  });
});

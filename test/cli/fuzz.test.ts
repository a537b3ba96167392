import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readCorpus } from '../../src/corpus/readCorpus.js';
import { readCorpusFile } from '../../src/corpus/readCorpusFile.js';
import { runCli } from '../fuzz/_helpers/runCli.js';
import { testSeed } from '../_helpers/seed.js';

const SEED = testSeed(4242);
const wrongLane = fileURLToPath(new URL('../fuzz/_helpers/wrongLane.mjs', import.meta.url));
const BUILTIN = [
  'json-roundtrip',
  'tier2-json-roundtrip',
  'projection-core-vs-merge',
  'cooperative-vs-reference',
  'cooperative-vs-reference-images',
  'cooperative-vs-threaded-n1',
  'cooperative-vs-threaded-envelope',
  'cooperative-vs-threaded-images',
  'cooperative-schedule-invariants',
  'threaded-certificates',
  'loader-rejects-invalid-images',
  'heap-vs-model',
  'lean-vs-cooperative',
];

interface JsonReport {
  version: string;
  seed: string;
  budget: { runs: number | null; timeMs: number | null; shard: string | null; workers: number };
  properties: {
    id: string;
    description: string;
    cases: number;
    failures: number;
    seconds: number;
    casesPerSecond: number;
    skipped?: string;
    counterexamples: string[];
  }[];
}
const readReport = (file: string): JsonReport => JSON.parse(readFileSync(file, 'utf8')) as JsonReport;
const cases = (r: JsonReport) =>
  r.properties.map(({ id, cases: n, failures, skipped, counterexamples }) => ({
    id,
    cases: n,
    failures,
    skipped,
    counterexamples,
  }));

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tt-fuzz-cli-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe(`telltale-parity fuzz (seed ${SEED})`, () => {
  test('--list prints every built-in property with a description, and lane properties for --lane', () => {
    const r = runCli(['fuzz', '--list']);
    expect(r.code).toBe(0);
    const ids = r.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/)[0]);
    expect(ids).toStrictEqual(BUILTIN);
    expect(r.stdout).toMatch(/cooperative-vs-reference\s+\S.+/);
    const withLane = runCli(['fuzz', '--list', '--lane', 'ref=serve:telltale-lean-ref --serve']);
    expect(withLane.stdout).toMatch(/^lane-ref-vs-cooperative\s/m);
  });

  test.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['--time', '1s', '--runs', '3'], /either --time or --runs/],
    [['--shard', '3/2'], /--shard expects i\/n/],
    [['--runs', '1', '--properties', 'no-such-property'], /unknown property 'no-such-property'/],
  ])('usage error %j exits 2 with a message and no stack trace', (args, message) => {
    const r = runCli(['fuzz', ...args, '--corpus', join(dir, 'unused')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^telltale-parity fuzz: /);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('same seed and runs give the same report with 1 and 2 workers; lean is SKIPPED with its reason', () => {
    const one = join(dir, 'w1.json');
    const two = join(dir, 'w2.json');
    const props = [
      'json-roundtrip',
      'cooperative-vs-reference',
      'cooperative-schedule-invariants',
      'heap-vs-model',
      'lean-vs-cooperative',
    ];
    const r1 = runCli([
      'fuzz',
      '--runs',
      '30',
      '--seed',
      String(SEED),
      '--workers',
      '1',
      '--properties',
      props.join(','),
      '--corpus',
      join(dir, 'c1'),
      '--report',
      one,
    ]);
    const r2 = runCli([
      'fuzz',
      '--runs',
      '30',
      '--seed',
      String(SEED),
      '--workers',
      '2',
      '--properties',
      props.join(','),
      '--corpus',
      join(dir, 'c2'),
      '--report',
      two,
    ]);
    expect(r1.stderr).toContain(
      'SKIPPED lean-vs-cooperative: lean lane: no Lean runner configured or found (pass --lean CMD or set TELLTALE_LEAN_RUNNER)',
    );
    expect([r1.code, r2.code]).toStrictEqual([0, 0]);
    const a = readReport(one);
    const b = readReport(two);
    expect(a.budget).toStrictEqual({ runs: 30, timeMs: null, shard: null, workers: 1 });
    expect(b.budget.workers).toBe(2);
    expect(cases(b)).toStrictEqual(cases(a));
    expect(a.properties.map((p) => p.id)).toStrictEqual(props);
    const lean = a.properties.find((p) => p.id === 'lean-vs-cooperative');
    expect(lean).toMatchObject({ cases: 0, failures: 0, skipped: expect.stringMatching(/no Lean runner configured/) });
    expect(a.properties.filter((p) => p.skipped === undefined).map((p) => p.cases)).toEqual(
      a.properties.filter((p) => p.skipped === undefined).map(() => 30),
    );
  });

  test('shards split the chunks (their union is the whole campaign); a .md report is a table', () => {
    const props = 'json-roundtrip,heap-vs-model,lean-vs-cooperative';
    const json = join(dir, 'shard1.json');
    const md = join(dir, 'shard2.md');
    const r1 = runCli([
      'fuzz',
      '--runs',
      '50',
      '--seed',
      String(SEED),
      '--workers',
      '1',
      '--properties',
      props,
      '--shard',
      '1/2',
      '--corpus',
      join(dir, 's'),
      '--report',
      json,
    ]);
    const r2 = runCli([
      'fuzz',
      '--runs',
      '50',
      '--seed',
      String(SEED),
      '--workers',
      '1',
      '--properties',
      props,
      '--shard',
      '2/2',
      '--corpus',
      join(dir, 's'),
      '--report',
      md,
    ]);
    expect([r1.code, r2.code]).toStrictEqual([0, 0]);
    const first = readReport(json);
    expect(first.budget.shard).toBe('1/2');
    // chunks of 20: 0, 1, 2 (20, 20, 10 cases) -> shard 1/2 runs chunks 0 and 2, shard 2/2 chunk 1
    expect(first.properties.map((p) => p.cases)).toStrictEqual([30, 30, 0]);
    const text = readFileSync(md, 'utf8');
    // Issue #13 §3: the Markdown report gains a verdict, a campaign table and a status column.
    expect(text).toContain(`| seed | \`${SEED}\` |`);
    expect(text).toContain('shard 2/2');
    expect(text).toContain('| property | description | status | cases | failures | seconds | cases/s | notes |');
    expect(text).toMatch(/^\| json-roundtrip \| .+ \| passed \| 20 \| 0 \| [\d.]+ \| \d+ \| {2}\|$/m);
    expect(text).toMatch(/^\| heap-vs-model \| .+ \| passed \| 20 \| 0 \| [\d.]+ \| \d+ \| {2}\|$/m);
    expect(text).toMatch(
      /^\| lean-vs-cooperative \| .+ \| skipped \| 0 \| 0 \| 0 \| 0 \| lean lane: no Lean runner configured .+ \|$/m,
    );
  });

  test('--lean CMD runs the lean lane once per request (here a protocol-speaking stand-in) and agrees with cooperative', () => {
    const standIn = fileURLToPath(new URL('../fixtures/runners/lean-stand-in.mjs', import.meta.url));
    const report = join(dir, 'lean.json');
    const r = runCli([
      'fuzz',
      '--runs',
      '4',
      '--seed',
      String(SEED),
      '--workers',
      '1',
      '--properties',
      'lean-vs-cooperative',
      '--lean',
      `${process.execPath} ${standIn}`,
      '--corpus',
      join(dir, 'lean'),
      '--report',
      report,
    ]);
    expect(r.code).toBe(0);
    expect(readReport(report).properties).toMatchObject([{ id: 'lean-vs-cooperative', cases: 4, failures: 0 }]);
  });

  test('--lean telltale-lean-ref is refused: the property is SKIPPED with the reason, never reported as Lean', () => {
    const ref = fileURLToPath(new URL('../../dist/src/reference/bin.js', import.meta.url));
    const report = join(dir, 'lean-ref.json');
    const r = runCli([
      'fuzz',
      '--runs',
      '4',
      '--seed',
      String(SEED),
      '--workers',
      '1',
      '--properties',
      'lean-vs-cooperative',
      '--lean',
      `${process.execPath} ${ref}`,
      '--corpus',
      join(dir, 'lean-ref'),
      '--report',
      report,
    ]);
    // the only property was SKIPPED: nothing was checked, which never exits 0 (issue #12 item 13)
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nothing was checked: every selected property was SKIPPED');
    expect(r.stderr).toContain('runs telltale-lean-ref, the reference runner, not Lean');
    expect(readReport(report).properties).toMatchObject([
      {
        id: 'lean-vs-cooperative',
        cases: 0,
        failures: 0,
        skipped: expect.stringContaining('the reference runner, not Lean'),
      },
    ]);
  });

  test('a wrong external lane (serve:CMD line protocol) is a counterexample: exit 1, failure block, corpus entry, replayable', () => {
    const corpus = join(dir, 'lane-corpus');
    const lane = `bad=serve:${process.execPath} ${wrongLane} --serve`;
    const r = runCli([
      'fuzz',
      '--runs',
      '40',
      '--seed',
      String(SEED),
      '--workers',
      '1',
      '--properties',
      'lane-bad-vs-cooperative',
      '--lane',
      lane,
      '--corpus',
      corpus,
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Property "lane-bad-vs-cooperative" failed after \d+ cases?\n/);
    expect(r.stdout).toMatch(/\{ seed: -?\d+, path: "[\d:]+" \} {2}replay: telltale-parity replay .+\.msgpack/);
    expect(r.stdout).toMatch(/Counterexample \(shrunk \d+ times?\) saved as .+lane-bad-vs-cooperative.+\.msgpack/);
    expect(r.stdout).toMatch(/First divergence: /);
    expect(r.stdout).toMatch(/Hint: /);
    const { entries } = readCorpus(corpus);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.entry.property).toBe('lane-bad-vs-cooperative');
    // replay with the lane: still failing (exit 1); without it: skipped with the reason, and as
    // nothing was replayed, exit 2 (issue #12 item 13)
    expect(runCli(['replay', corpus, '--lane', lane]).code).toBe(1);
    const skipped = runCli(['replay', corpus]);
    expect(skipped.code).toBe(2);
    expect(skipped.stderr).toContain('nothing was replayed: 1 entry skipped');
    // Issue #13 §1: the entry records the lane's command, so the advice is a flag that works as pasted.
    expect(skipped.stdout).toContain(
      `lane 'bad' is not configured; pass --lane 'bad=serve:${process.execPath} ${wrongLane} --serve' (the command it was found with)`,
    );
    expect(entries[0]?.entry.lanes).toStrictEqual({ bad: `serve:${process.execPath} ${wrongLane} --serve` });
    expect(existsSync(join(corpus, 'lane-bad-vs-cooperative'))).toBe(true);
  });

  test('a new counterexample whose file exists but is empty replaces it (never "saved" into a corrupt file)', () => {
    const corpus = join(dir, 'lane-corpus-empty');
    const args = [
      'fuzz',
      '--runs',
      '40',
      '--seed',
      String(SEED),
      '--workers',
      '1',
      '--properties',
      'lane-bad-vs-cooperative',
      '--lane',
      `bad=${process.execPath} ${wrongLane}`,
      '--corpus',
      corpus,
    ];
    expect(runCli(args).code).toBe(1);
    const [saved] = readCorpus(corpus).entries;
    expect(saved).toBeDefined();
    const file = saved?.file ?? '';
    writeFileSync(file, '');
    const again = runCli(args);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain(`saved as ${file}`);
    expect(again.stderr).toContain(`warning: replaced ${file} while saving lane-bad-vs-cooperative: `);
    const reread = readCorpusFile(file);
    expect(reread.ok && reread.value.hash).toBe(saved?.hash);
  });

  describe('a lane that cannot start is a set-up problem: SKIPPED, nothing saved (issue #12 item 12)', () => {
    const refBin = fileURLToPath(new URL('../../dist/src/reference/bin.js', import.meta.url));
    const fuzz = (corpus: string, extra: readonly string[], env?: NodeJS.ProcessEnv) =>
      runCli(
        ['fuzz', '--runs', '20', '--seed', String(SEED), '--workers', '1', '--corpus', corpus, ...extra],
        env === undefined ? {} : { env },
      );

    test.each([
      ['--lane x=/nonexistent', ['--properties', 'lane-x-vs-cooperative', '--lane', 'x=/nonexistent/runner']],
      ['--lean /nonexistent', ['--properties', 'lean-vs-cooperative', '--lean', '/nonexistent/runner']],
    ])('%s: SKIPPED with the reason, no corpus entry, exit 2 (nothing checked)', (_, extra) => {
      const corpus = join(dir, `missing-${extra[1] ?? ''}`);
      const r = fuzz(corpus, extra);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /SKIPPED (lane-x|lean)-vs-cooperative: protocol-machine runner binary not found at \/nonexistent\/runner/,
      );
      expect(r.stderr).toContain('nothing was checked');
      expect(r.stdout).not.toMatch(/Counterexample|saved as/);
      expect(existsSync(corpus)).toBe(false);
    });

    test('a bad TELLTALE_LEAN_RUNNER: lean SKIPPED with the reason while the other properties run (exit 0)', () => {
      const corpus = join(dir, 'missing-env');
      const r = fuzz(corpus, ['--properties', 'lean-vs-cooperative,json-roundtrip'], {
        TELLTALE_LEAN_RUNNER: '/nonexistent/lean-runner',
      });
      expect(r.code).toBe(0);
      expect(r.stderr).toContain(
        'SKIPPED lean-vs-cooperative: protocol-machine runner binary not found at /nonexistent/lean-runner (pass --lean CMD or set TELLTALE_LEAN_RUNNER)',
      );
      expect(r.stdout).toMatch(/json-roundtrip\s+20 cases .+passed/);
      // No corpus entry; since issue #11 §4 the passing property's seed pool lives in corpus/.pool.
      expect(readCorpus(corpus).entries).toStrictEqual([]);
    });

    test('a runner file that cannot be executed is SKIPPED too (not a crash counterexample)', () => {
      const script = join(dir, 'not-executable.sh');
      writeFileSync(script, '#!/bin/sh\nexit 0\n');
      chmodSync(script, 0o644);
      const corpus = join(dir, 'noexec');
      const r = fuzz(corpus, ['--properties', 'lane-x-vs-cooperative', '--lane', `x=${script}`]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        `SKIPPED lane-x-vs-cooperative: protocol-machine runner ${script} cannot be started (EACCES)`,
      );
      expect(existsSync(corpus)).toBe(false);
    });

    test('a runner that disappears during the campaign turns the property SKIPPED, never a counterexample', () => {
      // Deletes itself on its first real request (the start-up probe sends no input), answering that one.
      const script = join(dir, 'vanishing-runner.sh');
      writeFileSync(
        script,
        `#!/bin/sh\nin=$(cat)\nif [ -n "$in" ]; then rm -f "$0"; fi\nprintf '%s' "$in" | exec '${process.execPath}' '${refBin}'\n`,
      );
      chmodSync(script, 0o755);
      const corpus = join(dir, 'vanishing');
      const r = fuzz(corpus, ['--properties', 'lane-v-vs-cooperative', '--lane', `v=${script}`]);
      expect(existsSync(script)).toBe(false);
      expect(r.stderr).toContain(
        `SKIPPED lane-v-vs-cooperative: protocol-machine runner binary not found at ${script}`,
      );
      expect(r.code).toBe(2);
      expect(existsSync(corpus)).toBe(false);
    });

    test('replay of a lane entry with a runner that cannot start: SKIP with the reason, exit 2', () => {
      const corpus = join(dir, 'lane-corpus');
      expect(existsSync(corpus)).toBe(true); // saved by the wrong-lane test above
      const r = runCli(['replay', corpus, '--lane', 'bad=/nonexistent/runner']);
      expect(r.code).toBe(2);
      expect(r.stdout).toMatch(
        /SKIP\s+lane-bad-vs-cooperative .+: protocol-machine runner binary not found at \/nonexistent\/runner/,
      );
      expect(r.stderr).toContain('nothing was replayed: 1 entry skipped');
    });
  });

  test('--report into a missing folder is refused before the campaign runs (exit 2), as is --workers beyond the cap', () => {
    const corpus = join(dir, 'report-missing');
    const report = join(dir, 'no', 'such', 'folder', 'report.json');
    const r = runCli([
      'fuzz',
      '--time',
      '10m',
      '--properties',
      'json-roundtrip',
      '--corpus',
      corpus,
      '--report',
      report,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `telltale-parity fuzz: cannot write the report to '${report}': the folder '${join(dir, 'no', 'such', 'folder')}' does not exist; create it first`,
    );
    expect(r.stdout).toBe('');
    const folder = runCli(['fuzz', '--runs', '1', '--corpus', corpus, '--report', dir]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain(`'${dir}' is a folder, not a file`);
    for (const n of ['100000', '512']) {
      const many = runCli(['fuzz', '--runs', '1', '--workers', n, '--corpus', corpus]);
      expect(many.code).toBe(2);
      expect(many.stderr).toMatch(
        new RegExp(`--workers ${n} is more than \\d+ \\(4 per available core, \\d+ cores? here\\); use at most \\d+`),
      );
    }
  });

  test.each(['1', '2'])(
    '--time bounds shrinking against a hanging lane (--workers %s): a cut shrink is saved, marked not fully shrunk',
    (workers) => {
      const hang = fileURLToPath(new URL('../fixtures/runners/hang.mjs', import.meta.url));
      const corpus = join(dir, `time-bound-${workers}`);
      const started = Date.now();
      const r = runCli(
        [
          'fuzz',
          '--time',
          '4s',
          '--seed',
          String(SEED),
          '--workers',
          workers,
          '--properties',
          'lane-h-vs-cooperative',
          '--lane',
          `h=${process.execPath} ${hang}`,
          '--corpus',
          corpus,
        ],
        { env: { TELLTALE_PROTOCOL_MACHINE_TIMEOUT_MS: '2000' } },
      );
      const elapsed = Date.now() - started;
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(
        /Counterexample \(shrunk \d+ times?, not fully shrunk: the time budget ran out or the campaign was stopped while shrinking\) saved as /,
      );
      const { entries } = readCorpus(corpus);
      expect(entries.map((e) => e.entry.fullyShrunk)).toContain(false);
      // budget + one runner timeout, with generous room for a loaded machine (it used to run on
      // shrinking one runner timeout per step)
      expect(elapsed).toBeLessThan(4000 + 2000 + 20_000);
    },
  );
});

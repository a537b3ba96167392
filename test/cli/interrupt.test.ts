import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { readCorpus } from '../../src/corpus/readCorpus.js';
import { writeCorpusEntry } from '../../src/corpus/writeCorpusEntry.js';
import { fixedEntry } from '../fuzz/_helpers/corpusFixtures.js';
import { kCliPath } from '../fuzz/_helpers/runCli.js';
import { processesWith, uniqueMarker, waitFor } from '../_helpers/processes.js';

// Issue #13 §2: Ctrl-C or a CI timeout keeps what the campaign learned. Real signals, built bin.
const runner = fileURLToPath(new URL('../../examples/buggy-runner/runner.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tt-interrupt-'));
// A failed test must not leave its campaign running.
const started: { kill(signal: NodeJS.Signals): unknown; exitCode: number | null; signalCode: string | null }[] = [];
afterAll(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

interface Running {
  readonly pid: number;
  stdout: string;
  stderr: string;
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
  kill(signal: NodeJS.Signals): void;
}

function start(args: readonly string[]): Running {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CI: '1' };
  delete env.TELLTALE_LEAN_RUNNER;
  const child = spawn(process.execPath, [kCliPath, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let signalledAt = 0;
  const running: Running = {
    pid: child.pid ?? -1,
    stdout: '',
    stderr: '',
    exit: new Promise((resolve) =>
      child.on('exit', (code, signal) =>
        resolve({ code, signal, ms: signalledAt === 0 ? 0 : Date.now() - signalledAt }),
      ),
    ),
    kill(signal) {
      signalledAt = Date.now();
      child.kill(signal);
    },
  };
  child.stdout.on('data', (d: Buffer) => (running.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (running.stderr += d.toString()));
  return running;
}

describe('interrupting a campaign (SIGINT, SIGTERM)', () => {
  test('SIGINT: workers stop, the summary is printed, the counterexample is saved, the report says interrupted, exit 130', async () => {
    const corpus = join(dir, 'corpus-int');
    const report = join(dir, 'report-int.json');
    // An entry saved by an earlier campaign stays saved.
    const earlier = writeCorpusEntry(corpus, fixedEntry).file;
    const marker = uniqueMarker('interrupt');
    const run = start([
      'fuzz',
      '--time',
      '5m',
      '--seed',
      '7',
      '--workers',
      '2',
      '--properties',
      'lane-buggy-vs-cooperative,json-roundtrip,heap-vs-model',
      '--lane',
      `buggy=serve:${process.execPath} ${runner} --serve ${marker}`,
      '--corpus',
      corpus,
      '--report',
      report,
    ]);
    // The seed and budget come first, before any case.
    expect(await waitFor(() => run.stderr.includes('\n'), 30_000)).toBe(true);
    expect(run.stderr.split('\n')[0]).toBe(
      'telltale-parity fuzz: seed 7, budget 5 min, 2 workers (re-run this campaign with --seed 7)',
    );
    // Wait until the buggy lane's failure is known (the piped progress line counts it), then Ctrl-C.
    expect(await waitFor(() => /1 failure/.test(run.stderr), 60_000)).toBe(true);
    run.kill('SIGINT');
    const { code, ms } = await run.exit;
    expect(code, run.stderr).toBe(130);
    expect(ms).toBeLessThan(30_000);
    expect(run.stderr).toContain('SIGINT: stopping; the checks under way end first');
    expect(run.stderr).toMatch(/interrupted by SIGINT after .+; 1 counterexample kept \(exit 130\)/);
    expect(run.stdout).toMatch(
      /^telltale-parity fuzz: INTERRUPTED \(SIGINT\): seed 7, 5 min, 2 workers, \d+ cases? in .+, 1 counterexample$/m,
    );
    expect(run.stdout).toMatch(/^ {2}lane-buggy-vs-cooperative\s+\d+ cases?\s+\d+\/s {2}FAILED$/m);
    expect(run.stdout).toMatch(/^ {2}json-roundtrip\s+\d+ cases?\s+\d+\/s {2}interrupted$/m);
    expect(run.stdout).toMatch(
      /Property "lane-buggy-vs-cooperative" failed after \d+ cases?\n.+replay: telltale-parity replay /,
    );
    // The counterexample is on disk next to the earlier entry, and the report says what happened.
    const entries = readCorpus(corpus).entries;
    expect(entries.map((e) => e.entry.property).sort()).toStrictEqual(['heap-vs-model', 'lane-buggy-vs-cooperative']);
    expect(existsSync(earlier)).toBe(true);
    const doc = JSON.parse(readFileSync(report, 'utf8')) as {
      status: string;
      interruptedBy: string;
      properties: { id: string; status: string }[];
      counterexamples: { corpusFile: string }[];
    };
    expect(doc.status).toBe('interrupted');
    expect(doc.interruptedBy).toBe('SIGINT');
    expect(Object.fromEntries(doc.properties.map((p) => [p.id, p.status]))).toStrictEqual({
      'lane-buggy-vs-cooperative': 'failed',
      'json-roundtrip': 'interrupted',
      'heap-vs-model': 'interrupted',
    });
    expect(doc.counterexamples.map((c) => c.corpusFile)).toStrictEqual(
      entries.filter((e) => e.entry.property !== 'heap-vs-model').map((e) => e.file),
    );
    // No runner outlives the campaign.
    expect(await waitFor(() => processesWith(marker).length === 0, 20_000)).toBe(true);
  });

  test('SIGTERM on an in-process campaign: exit 143 and an HTML report with status interrupted', async () => {
    const report = join(dir, 'report-term.html');
    const run = start([
      'fuzz',
      '--time',
      '5m',
      '--workers',
      '1',
      '--properties',
      'json-roundtrip,cooperative-vs-reference',
      '--corpus',
      join(dir, 'corpus-term'),
      '--report',
      report,
    ]);
    expect(await waitFor(() => /^fuzz /m.test(run.stderr), 60_000)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    run.kill('SIGTERM');
    const { code } = await run.exit;
    expect(code, run.stderr).toBe(143);
    expect(run.stdout).toMatch(
      /^telltale-parity fuzz: INTERRUPTED \(SIGTERM\): seed \d+, 5 min, 1 worker, \d+ cases?/m,
    );
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('<p class="status" data-status="interrupted">INTERRUPTED by SIGTERM:');
  });

  test.each([1, 2])(
    'a failure still being shrunk at the signal is saved as it stands, marked not fully shrunk (%i workers)',
    async (workers) => {
      // The buggy runner, one process per request, each taking 1.5 s: shrinking is slow for sure.
      const sleepy = join(dir, 'sleepy.mjs');
      writeFileSync(
        sleepy,
        `await new Promise((resolve) => setTimeout(resolve, 1500));\nawait import(${JSON.stringify(pathToFileURL(runner).href)});\n`,
      );
      const corpus = join(dir, `corpus-shrinking-${workers}`);
      const run = start([
        'fuzz',
        '--runs',
        '200',
        '--seed',
        '1',
        '--workers',
        String(workers),
        '--properties',
        'lane-buggy-vs-cooperative',
        '--lane',
        `buggy=${process.execPath} ${sleepy}`,
        '--corpus',
        corpus,
      ]);
      expect(await waitFor(() => /\| shrinking lane-buggy-vs-cooperative \(step \d+\)/.test(run.stderr), 60_000)).toBe(
        true,
      );
      const signalled = Date.now();
      run.kill('SIGINT');
      const { code } = await run.exit;
      expect(code, run.stderr).toBe(130);
      // The check under way (at most 1.5 s) ended the chunk, well before the 10 s grace.
      expect(Date.now() - signalled).toBeLessThan(8_000);
      expect(run.stderr).not.toContain('was not saved');
      expect(run.stdout).toMatch(/^ {2}lane-buggy-vs-cooperative\s+\d+ cases?\s+\d+\/s {2}FAILED$/m);
      expect(run.stdout).toContain(
        'not fully shrunk: the time budget ran out or the campaign was stopped while shrinking',
      );
      const entries = readCorpus(corpus).entries;
      expect(entries.map((e) => [e.entry.property, e.entry.fullyShrunk])).toStrictEqual([
        ['lane-buggy-vs-cooperative', false],
      ]);
    },
  );

  test('a second Ctrl-C stops at once (exit 130)', async () => {
    const run = start([
      'fuzz',
      '--time',
      '5m',
      '--workers',
      '1',
      '--properties',
      'json-roundtrip',
      '--corpus',
      join(dir, 'c2'),
    ]);
    expect(await waitFor(() => /^fuzz /m.test(run.stderr), 60_000)).toBe(true);
    run.kill('SIGINT');
    run.kill('SIGINT');
    const { code } = await run.exit;
    expect(code).toBe(130);
  });
});

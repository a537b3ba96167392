import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

// Issue #13 §6: the walk-through of examples/buggy-runner/README.md runs as written, in a user
// project (the README's `npm install` is played by symlinks to this checkout and its dist/). Every
// command is pasted into a shell, and so is every command the tool prints (issue #13 §1).
const repo = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(join(repo, 'examples/buggy-runner/README.md'), 'utf8');
const blocks = (lang: string): string[] =>
  [...readme.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1] as string);
const shell = blocks('sh');
let dir = '';

function sh(command: string): { code: number; out: string; stdout: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CI: '1' };
  for (const k of [
    'TELLTALE_LEAN_RUNNER',
    'VITEST',
    'VITEST_POOL_ID',
    'VITEST_WORKER_ID',
    'VITEST_MODE',
    'NODE_OPTIONS',
    'TEST',
  ])
    delete env[k];
  // What `npm install` gives a project: its bins on PATH for pasted `telltale-parity …` commands.
  env.PATH = `${join(dir, 'node_modules', '.bin')}:${env.PATH ?? ''}`;
  const r = spawnSync('sh', ['-c', command], { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });
  const stdout = stripVTControlCharacters(r.stdout);
  return { code: r.status ?? -1, stdout, out: `${stdout}\n${stripVTControlCharacters(r.stderr)}` };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'telltale-parity-buggy-demo-'));
  // Step 1 of the README: its first commands make the project; the rest of the block runs as written.
  const setup = (shell[0] ?? '').split('\n').filter((l) => l.trim() !== '');
  const made = [
    'mkdir buggy-demo && cd buggy-demo',
    'npm init -y && npm pkg set type=module',
    'npm install --save-dev telltale-parity vitest',
  ];
  if (setup.slice(0, 3).join('\n') !== made.join('\n'))
    throw new Error(`examples/buggy-runner/README.md step 1 changed; this test plays:\n${made.join('\n')}`);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'buggy-demo', version: '1.0.0', type: 'module' }));
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(repo, join(dir, 'node_modules', 'telltale-parity'), 'dir');
  for (const dep of ['vitest', 'fast-check'])
    symlinkSync(join(repo, 'node_modules', dep), join(dir, 'node_modules', dep), 'dir');
  symlinkSync(join(repo, 'dist/src/cli/main.js'), join(dir, 'node_modules/.bin/telltale-parity'));
  symlinkSync(join(repo, 'node_modules/vitest/vitest.mjs'), join(dir, 'node_modules/.bin/vitest'));
  for (const line of setup.slice(3)) {
    const r = sh(line);
    if (r.code !== 0) throw new Error(`${line} failed: ${r.out}`);
  }
});

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('examples/buggy-runner walk-through', () => {
  test('fuzz → shrink → corpus show → fix → replay → corpusTests, each command as written', () => {
    expect(shell).toHaveLength(5);
    const [, fuzzBlock, showBlock, replayBlock, vitestBlock] = shell.map((b) => b.trim());

    // 2. The campaign finds the bug, shrinks it, saves it and writes the HTML report (exit 1).
    const fuzz = sh(fuzzBlock ?? '');
    expect(fuzz.code, fuzz.out).toBe(1);
    expect(fuzz.stdout).toMatch(/Property "lane-buggy-vs-cooperative" failed after \d+ cases?\n/);
    expect(fuzz.stdout).toContain(
      'First divergence: buggy\'s trace ends after 3 events; cooperative continues with event 3 in session 0: sent A->B "c"',
    );
    expect(fuzz.stdout).toMatch(/Counterexample \(shrunk \d+ times\) saved as corpora\/lane-buggy-vs-cooperative\//);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('data-divergent="true"');
    const saved = readdirSync(join(dir, 'corpora', 'lane-buggy-vs-cooperative'));
    expect(saved).toHaveLength(1);

    // The printed replay command, pasted: it reproduces the failure.
    const printedReplay = /replay: (telltale-parity replay .+)$/m.exec(fuzz.stdout)?.[1] ?? '';
    expect(printedReplay).toContain("--lane 'buggy=serve:node runner.mjs --serve'");
    const replayed = sh(printedReplay);
    expect(replayed.code, replayed.out).toBe(1);
    expect(replayed.stdout).toContain("buggy's trace ends after 3 events");

    // 3. corpus show prints the entry and the commands that reproduce it; each works when pasted.
    const show = sh(showBlock ?? '');
    expect(show.code, show.out).toBe(0);
    expect(show.stdout).toContain('property    lane-buggy-vs-cooperative');
    expect(show.stdout).toContain('lane buggy  serve:node runner.mjs --serve');
    const reproduce = (show.stdout.split('  reproduce:\n')[1] ?? '')
      .split('\n')
      .filter((l) => l.startsWith('    telltale-parity '))
      .map((l) => l.trim());
    expect(reproduce.map((c) => c.split(' ').slice(0, 2).join(' '))).toStrictEqual([
      'telltale-parity replay',
      'telltale-parity run',
      'telltale-parity run',
    ]);
    expect(sh(reproduce[0] ?? '').code).toBe(1);
    const cooperative = sh(reproduce[1] ?? '');
    const buggy = sh(reproduce[2] ?? '');
    expect(cooperative.code, cooperative.out).toBe(0);
    expect(buggy.code, buggy.out).toBe(0);
    expect(reproduce[1]).toContain('--lane cooperative');
    expect(reproduce[2]).toContain("--lane 'buggy=serve:node runner.mjs --serve'");
    // The two lanes' outputs differ: the buggy one has fewer events.
    const events = (text: string): number => (text.match(/"kind":\s*"(sent|received)"/g) ?? []).length;
    expect(events(buggy.stdout)).toBeLessThan(events(cooperative.stdout));

    // 4. The fix, as the README gives it.
    const fixedLine = blocks('js')[0]?.replace(/\n$/, '') ?? '';
    const runnerPath = join(dir, 'runner.mjs');
    const runner = readFileSync(runnerPath, 'utf8');
    expect(runner).toMatch(/^ {4}const key = .*$/m);
    writeFileSync(runnerPath, runner.replace(/^ {4}const key = .*$/m, fixedLine));
    expect(readFileSync(runnerPath, 'utf8')).not.toBe(runner);

    // 5. The saved counterexample passes now.
    const fixed = sh(replayBlock ?? '');
    expect(fixed.code, fixed.out).toBe(0);

    // 6. It stays as a Vitest test.
    const testFile = blocks('ts')[0] ?? '';
    expect(testFile.startsWith('// corpora.test.ts\n')).toBe(true);
    writeFileSync(join(dir, 'corpora.test.ts'), testFile);
    const vitest = sh(`${vitestBlock ?? ''} --reporter=verbose`);
    expect(vitest.out).toMatch(/✓ corpora\.test\.ts > .*lane-buggy-vs-cooperative/);
    expect(vitest.code, vitest.out).toBe(0);
    expect(existsSync(join(dir, 'corpora'))).toBe(true);
  });
});

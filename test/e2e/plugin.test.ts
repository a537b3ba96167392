import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

// End-to-end: a throw-away user project whose node_modules/telltale-parity is this checkout (built
// dist/, as `npm test` builds it first) and whose vitest is ours. Real Vitest runs on it.
const repo = fileURLToPath(new URL('../../', import.meta.url));
const vitestBin = join(repo, 'node_modules', 'vitest', 'vitest.mjs');
const tscBin = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');

const request = {
  schema_version: 'lean_bridge.v1',
  choreographies: [
    {
      schema_version: 'lean_bridge.v1',
      global_type: {
        kind: 'comm',
        sender: 'Client',
        receiver: 'Server',
        branches: [
          {
            label: { name: 'req', sort: 'unit' },
            continuation: {
              kind: 'comm',
              sender: 'Server',
              receiver: 'Client',
              branches: [{ label: { name: 'ack', sort: 'unit' }, continuation: { kind: 'end' } }],
            },
          },
        ],
      },
      roles: ['Server', 'Client'],
    },
  ],
  concurrency: 1,
  max_steps: 64,
};

const files: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'user-project', private: true, type: 'module' }),
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
      typeRoots: [join(repo, 'node_modules', '@types')],
    },
    include: ['*.ts'],
  }),
  'vitest.config.ts': [
    "import { defineConfig } from 'vitest/config';",
    "import { telltaleParity } from 'telltale-parity/vitest';",
    'export default defineConfig({ plugins: [telltaleParity({ numRuns: 7 })] });',
    '',
  ].join('\n'),
  'misspelt.config.ts': [
    "import { defineConfig } from 'vitest/config';",
    "import { telltaleParity } from 'telltale-parity/vitest';",
    "export default defineConfig({ plugins: [telltaleParity({ leanRunnner: '/opt/lean/runner' } as never)] });",
    '',
  ].join('\n'),
  'parity.test.ts': [
    "import fc from 'fast-check';",
    "import { expect, inject, test } from 'vitest';",
    "import { describeLean, lanes, leanTest } from 'telltale-parity/vitest';",
    `const request = ${JSON.stringify(request)};`,
    "test('cooperative agrees with reference', async () => {",
    '  const [a, b] = await Promise.all([lanes.cooperative.run(request), lanes.reference.run(request)]);',
    "  if (!a.ok || !b.ok) throw new Error('lane failed');",
    '  expect(a.value).toBeObservationallyEquivalent(b.value);',
    "  expect(a.value).toBeObservationallyEquivalent(b.value.output, { profile: 'ModuloCommutativity', ticks: 'exact' });",
    '  // @ts-expect-error: not a determinism profile',
    "  expect(() => expect(a.value).toBeObservationallyEquivalent(b.value, { profile: 'Bogus' })).toThrow();",
    '});',
    "test('options reach the worker', () => {",
    "  expect(inject('telltaleParity').numRuns).toBe(7);",
    '  expect(fc.readConfigureGlobal().numRuns).toBe(7);',
    '  expect(lanes.lean).toBeUndefined();',
    '});',
    "leanTest('cooperative agrees with Lean', async (lean) => {",
    '  const [a, b] = await Promise.all([lanes.cooperative.run(request), lean.run(request)]);',
    '  expect(a.ok).toBe(true);',
    '  expect(b).toMatchObject({ ok: true });',
    '  if (a.ok && b.ok) expect(a.value).toBeObservationallyEquivalent(b.value);',
    '});',
    "describeLean('Lean suite', () => { test('never runs here', () => { throw new Error('ran'); }); });",
    '',
  ].join('\n'),
  'divergent.test.ts': [
    "import { expect, test } from 'vitest';",
    "import { lanes } from 'telltale-parity/vitest';",
    `const request = ${JSON.stringify(request)};`,
    "test('a tampered label is reported', async () => {",
    '  const a = await lanes.cooperative.run(request);',
    "  if (!a.ok) throw new Error('lane failed');",
    "  const tampered = a.value.output.trace.map((e) => (e.kind === 'sent' && e.label === 'ack' ? { ...e, label: 'nack' } : e));",
    "  expect(a.value).toBeObservationallyEquivalent(tampered, { rightLane: 'tampered' });",
    '});',
    '',
  ].join('\n'),
};

let dir = '';
const run = (cmd: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  new Promise<{ code: number; out: string }>((resolve) => {
    const clean: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CI: '1', ...env };
    for (const k of [
      'TELLTALE_LEAN_RUNNER',
      'TELLTALE_REQUIRE_PROTOCOL_MACHINE_RUNNER',
      'VITEST',
      'VITEST_POOL_ID',
      'VITEST_WORKER_ID',
      'VITEST_MODE',
      'NODE_OPTIONS',
      'TEST',
    ]) {
      if (!(k in env)) delete clean[k];
    }
    execFile(
      process.execPath,
      [cmd, ...args],
      { cwd: dir, env: clean, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, out: stripVTControlCharacters(`${stdout}\n${stderr}`) });
      },
    );
  });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'telltale-parity-e2e-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(repo, join(dir, 'node_modules', 'telltale-parity'), 'dir');
  symlinkSync(join(repo, 'node_modules', 'vitest'), join(dir, 'node_modules', 'vitest'), 'dir');
  symlinkSync(join(repo, 'node_modules', 'fast-check'), join(dir, 'node_modules', 'fast-check'), 'dir');
});

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('telltale-parity/vitest in a user project (real Vitest, built dist/)', () => {
  test('passing, failing and skipped tests, with the divergence explained and the skip reason shown', async () => {
    // Arrange: the project above. Act:
    const { code, out } = await run(vitestBin, [
      'run',
      '--reporter=verbose',
      '--pool=threads',
      '--no-file-parallelism',
    ]);
    // Assert:
    expect(code, out).toBe(1);
    expect(out).toMatch(/✓ parity\.test\.ts > cooperative agrees with reference/);
    expect(out).toMatch(/✓ parity\.test\.ts > options reach the worker/);
    expect(out).toMatch(
      /↓ parity\.test\.ts > cooperative agrees with Lean.*\[lean lane: no Lean runner configured or found\]/,
    );
    expect(out).toMatch(
      /↓ parity\.test\.ts > Lean suite \[skipped: lean lane: no Lean runner configured or found\] > never runs here/,
    );
    expect(out).toMatch(/× divergent\.test\.ts > a tampered label is reported/);
    expect(out).toContain(
      'event 3 differs in session 0: cooperative sent Server->Client "ack", tampered sent Server->Client "nack"',
    );
    expect(out).toContain('> 3  sent Server->Client "ack" @3');
    expect(out).toMatch(/Tests\s+1 failed \| 2 passed \| 2 skipped/);
    // Issue #13 §7: one closing line sums up the skipped parity tests and says what to configure.
    expect(out).toContain(
      'telltale-parity: 2 parity tests skipped: 2 Lean tests (lean lane: no Lean runner configured or found; set telltaleParity({ leanRunner }) in vitest.config.ts or TELLTALE_LEAN_RUNNER)',
    );
  });

  test('TypeScript sees the matcher types through the ./vitest entry with no extra steps', async () => {
    const { code, out } = await run(tscBin, ['-p', 'tsconfig.json']);
    expect(out.trim()).toBe('');
    expect(code).toBe(0);
  });

  test('a misspelt plugin option stops Vitest at start-up, naming it with a "did you mean"', async () => {
    const { code, out } = await run(vitestBin, ['run', '--config', 'misspelt.config.ts']);
    expect(code).not.toBe(0);
    expect(out).toContain("telltaleParity({ leanRunnner }): unknown option; did you mean 'leanRunner'?");
    expect(out).not.toMatch(/✓|Tests\s+\d/);
  });

  test('a configured Lean runner that does not resolve is warned about at start-up', async () => {
    // No test file matches: only the config (and so the start-up check) is loaded.
    const { out } = await run(vitestBin, ['run', 'no-such-test-file', '--passWithNoTests'], {
      TELLTALE_LEAN_RUNNER: '/nonexistent/protocol_machine_runner',
    });
    expect(out).toContain(
      "telltale-parity: leanRunner '/nonexistent/protocol_machine_runner' does not resolve to a file",
    );
  });

  test('a configured Lean runner makes the lean lane exist (here: a protocol-speaking stand-in)', async () => {
    const { code, out } = await run(vitestBin, ['run', 'parity.test.ts', '--reporter=verbose', '--pool=threads'], {
      TELLTALE_LEAN_RUNNER: `${process.execPath} ${join(repo, 'test', 'fixtures', 'runners', 'lean-stand-in.mjs')}`,
    });
    expect(out, out).toMatch(/✓ parity\.test\.ts > cooperative agrees with Lean/);
    // The stand-in makes `lanes.lean` defined, which the options test asserts against.
    expect(out).toMatch(/× parity\.test\.ts > options reach the worker/);
    expect(code).toBe(1);
  });
});

import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

// The README's tour is a contract with users: its two code blocks (vitest.config.ts and
// parity.test.ts) run as a user project against this checkout's built dist/, and type-check.
const repo = fileURLToPath(new URL('../../', import.meta.url));
const vitestBin = join(repo, 'node_modules', 'vitest', 'vitest.mjs');
const tscBin = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');

function readmeBlock(firstLine: string): string {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
  const block = blocks.find((b) => b.startsWith(firstLine));
  if (block === undefined) throw new Error(`README.md has no ts block starting with ${firstLine}`);
  return block;
}

let dir = '';
const run = (cmd: string, args: string[]) =>
  new Promise<{ code: number; out: string }>((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CI: '1' };
    for (const k of [
      'TELLTALE_LEAN_RUNNER',
      'TELLTALE_REQUIRE_PROTOCOL_MACHINE_RUNNER',
      'VITEST',
      'VITEST_POOL_ID',
      'VITEST_WORKER_ID',
      'VITEST_MODE',
      'NODE_OPTIONS',
      'TEST',
    ])
      delete env[k];
    execFile(
      process.execPath,
      [cmd, ...args],
      { cwd: dir, env, timeout: 90_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        resolve({
          code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1,
          out: stripVTControlCharacters(`${stdout}\n${stderr}`),
        });
      },
    );
  });

/** The README's install steps ("Use it in your project"): an ESM project and its tsconfig.json. */
function readmeInstall(): { commands: string[]; tsconfig: Record<string, unknown> } {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const section = readme.split('## Use it in your project')[1]?.split('\n## ')[0] ?? '';
  const commands = (/```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '').split('\n').filter((l) => l.trim() !== '');
  const tsconfig = JSON.parse(/```json\n([\s\S]*?)```/.exec(section)?.[1] ?? '{}') as Record<string, unknown>;
  return { commands, tsconfig };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'telltale-parity-readme-'));
  // The README's steps, played: `npm init -y && npm pkg set type=module` makes this package.json;
  // `npm install` is played by symlinks to this checkout (below).
  const { commands, tsconfig } = readmeInstall();
  if (
    commands[0] !== 'npm init -y && npm pkg set type=module' ||
    !/^npm install --save-dev telltale-parity vitest fast-check typescript$/.test(commands[1] ?? '')
  )
    throw new Error(`README.md "Use it in your project" changed; this test plays its steps: ${commands.join(' / ')}`);
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'readme-project', version: '1.0.0', type: 'module' }),
  );
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ ...tsconfig, include: ['*.ts'] }));
  writeFileSync(join(dir, 'vitest.config.ts'), readmeBlock('// vitest.config.ts'));
  writeFileSync(join(dir, 'parity.test.ts'), readmeBlock('// parity.test.ts'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(repo, join(dir, 'node_modules', 'telltale-parity'), 'dir');
  for (const dep of ['vitest', 'fast-check', 'typescript'])
    symlinkSync(join(repo, 'node_modules', dep), join(dir, 'node_modules', dep), 'dir');
});

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('README tour', () => {
  test('runs as written: three tests pass, the Lean test is skipped with its reason', async () => {
    const { code, out } = await run(vitestBin, ['run', '--reporter=verbose', '--pool=threads']);
    expect(out).toMatch(/✓ parity\.test\.ts > cooperative and reference agree/);
    expect(out).toMatch(/✓ parity\.test\.ts > threaded at n = 4 stays within the envelope/);
    expect(out).toMatch(/✓ parity\.test\.ts > projection/);
    expect(out).toMatch(/↓ parity\.test\.ts > Lean agrees.*no Lean runner configured or found/);
    // Without the verbose reporter too, the skip and its reason show in one closing line.
    expect(out).toContain(
      'telltale-parity: 1 parity test skipped: 1 Lean test (lean lane: no Lean runner configured or found;',
    );
    expect(code, out).toBe(0);
  });

  test("type-checks as written, with the README's tsconfig.json", async () => {
    const { code, out } = await run(tscBin, ['-p', 'tsconfig.json']);
    expect(out.trim()).toBe('');
    expect(code).toBe(0);
  });

  test('the published types of telltale-parity, /arbitraries and /matchers need no @types/node', async () => {
    // No Node types at all (types: []), and our declarations checked too (skipLibCheck off).
    writeFileSync(
      join(dir, 'tsconfig.nonode.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: [],
        },
        files: ['entries.ts'],
      }),
    );
    writeFileSync(
      join(dir, 'entries.ts'),
      [
        "import * as main from 'telltale-parity';",
        "import * as arbitraries from 'telltale-parity/arbitraries';",
        "import * as matchers from 'telltale-parity/matchers';",
        'export const used = [main.runReference, arbitraries.globalTypeArb, matchers];',
        '',
      ].join('\n'),
    );
    const { code, out } = await run(tscBin, ['-p', 'tsconfig.nonode.json']);
    expect(out.trim()).toBe('');
    expect(code).toBe(0);
  });
});

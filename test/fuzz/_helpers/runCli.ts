import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Absolute path of the built CLI (tests run `npx tsc -p tsconfig.build.json` / `pretest` first). */
export const kCliPath = fileURLToPath(new URL('../../../dist/src/cli/main.js', import.meta.url));

/** Runs `telltale-parity ...args` and returns exit code and output (no colours, no CI progress). */
export function runCli(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): { code: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...options.env };
  delete env.TELLTALE_LEAN_RUNNER;
  const r = spawnSync(process.execPath, [kCliPath, ...args], {
    cwd: options.cwd,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

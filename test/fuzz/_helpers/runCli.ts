import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Absolute path of the built CLI (`npm test` builds it first; locally run `npm run build`). */
export const kCliPath = fileURLToPath(new URL('../../../dist/src/cli/main.js', import.meta.url));

/** True when file permissions do not apply to this process (root): permission tests then run the CLI as `nobody`. */
export const kIsRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Runs `telltale-parity ...args` and returns exit code and output (no colours, no CI progress).
 * `TELLTALE_LEAN_RUNNER` is cleared unless `env` sets it. `unprivileged`: as root, run the CLI as
 * `nobody` (uid 65534), so that `chmod 000` is an obstacle as it is for a normal user.
 */
export function runCli(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; unprivileged?: boolean } = {},
): { code: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.TELLTALE_LEAN_RUNNER;
  Object.assign(env, options.env);
  const r = spawnSync(process.execPath, [kCliPath, ...args], {
    cwd: options.cwd,
    env,
    encoding: 'utf8',
    timeout: 120_000,
    ...(options.unprivileged === true && kIsRoot ? { uid: 65534, gid: 65534 } : {}),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

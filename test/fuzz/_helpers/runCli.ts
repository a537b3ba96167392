import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Absolute path of the built CLI (`npm test` builds it first; locally run `npm run build`). */
export const kCliPath = fileURLToPath(new URL('../../../dist/src/cli/main.js', import.meta.url));

/** True when file permissions do not apply to this process (root): permission tests then drop that power. */
export const kIsRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * util-linux `setpriv`, which starts a command as root without the capabilities that bypass file
 * permissions. Preferred over switching to `nobody`, which fails when the checkout lives under a
 * folder only root may enter (a `mktemp -d` clone, a CI workspace under /root).
 */
const kSetpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p)) ?? null;
const kDropDac = ['--bounding-set=-dac_override,-dac_read_search', '--inh-caps=-dac_override,-dac_read_search'];

/**
 * Runs `telltale-parity ...args` and returns exit code and output (no colours, no CI progress).
 * `TELLTALE_LEAN_RUNNER` is cleared unless `env` sets it. `unprivileged`: as root, run the CLI
 * without the file-permission capabilities (or, without `setpriv`, as `nobody`), so that `chmod 000`
 * is an obstacle as it is for a normal user.
 */
export function runCli(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; unprivileged?: boolean } = {},
): { code: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.TELLTALE_LEAN_RUNNER;
  Object.assign(env, options.env);
  const drop = options.unprivileged === true && kIsRoot;
  const [command, argv] =
    drop && kSetpriv !== null
      ? [kSetpriv, [...kDropDac, process.execPath, kCliPath, ...args]]
      : [process.execPath, [kCliPath, ...args]];
  const r = spawnSync(command, argv, {
    cwd: options.cwd,
    env,
    encoding: 'utf8',
    timeout: 120_000,
    ...(drop && kSetpriv === null ? { uid: 65534, gid: 65534 } : {}),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

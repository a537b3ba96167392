/**
 * Every runner process this package starts goes through {@link spawnOwned}, so none outlives us:
 *
 * - each child leads its own process group (POSIX), which is killed when the child exits, times
 *   out or is closed — descendants that stayed in the group go with it;
 * - each child carries `TELLTALE_PARITY_RUNNER=<owner>/<n>` in its environment, which its
 *   descendants inherit even when they start a new session (`setsid`) and leave the group: on Linux
 *   they are found through `/proc/<pid>/environ` and killed as well;
 * - a parent-death watch: one small watchdog process per thread, started with the first runner,
 *   reads a pipe from us and is told each child's process group. When the pipe closes — we exited,
 *   were killed (even by SIGKILL), or this worker thread was terminated — it kills every group still
 *   registered and every process carrying our marker, then exits.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
import type { EnvironmentVariables } from '../types/environment.js';

/** Environment variable that marks our runner processes and their descendants. */
export const kRunnerMarkerEnv = 'TELLTALE_PARITY_RUNNER';

const kPosix = process.platform !== 'win32';
const owner = `${process.pid}.${threadId}.${randomBytes(4).toString('hex')}`;
let sequence = 0;
const markers = new WeakMap<ChildProcess, string>();

/**
 * Spawns a runner process owned by this thread (see the module comment): own process group,
 * marker in the environment, registered with the watchdog, its group killed when it exits.
 */
export function spawnOwned(
  file: string,
  args: readonly string[],
  options: {
    readonly cwd?: string | undefined;
    readonly env?: EnvironmentVariables | undefined;
    readonly stdio: StdioOptions;
  },
): ChildProcess {
  const watchdog = ensureWatchdog();
  sequence += 1;
  const marker = `${owner}/${sequence}`;
  const child = spawn(file, [...args], {
    cwd: options.cwd,
    env: { ...(options.env ?? process.env), [kRunnerMarkerEnv]: marker },
    stdio: options.stdio,
    detached: kPosix,
    windowsHide: true,
  });
  markers.set(child, marker);
  const pid = child.pid;
  if (pid !== undefined) {
    watchdog?.(`+${pid}`);
    child.once('exit', () => {
      // The runner's answer is final once it exits; what it left in its group goes now.
      killGroup(pid);
      watchdog?.(`-${pid}`);
    });
  }
  return child;
}

/**
 * Kills a child we started, its process group, and (with `marked`) every process that carries its
 * marker — descendants that left the group with `setsid` and may still hold our pipes. The marker
 * scan reads `/proc` (Linux only), so callers use it only when something is left over.
 */
export function killOwned(child: ChildProcess, options: { readonly marked?: boolean } = {}): void {
  const pid = child.pid;
  if (pid !== undefined) killGroup(pid);
  if (child.exitCode === null && child.signalCode === null) {
    try {
      child.kill('SIGKILL');
    } catch {
      // Already exited.
    }
  }
  const marker = markers.get(child);
  if (options.marked === true && marker !== undefined) killMarked(`${kRunnerMarkerEnv}=${marker}\u0000`);
}

function killGroup(pid: number): void {
  if (!kPosix) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // No such group any more.
  }
}

/** SIGKILL to every process whose environment contains `entry` (a `NAME=value` prefix). Linux only. */
function killMarked(entry: string): void {
  if (process.platform !== 'linux') return;
  let pids: string[];
  try {
    pids = readdirSync('/proc');
  } catch {
    return;
  }
  for (const name of pids) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    let environ: string;
    try {
      environ = readFileSync(`/proc/${name}/environ`, 'latin1');
    } catch {
      continue;
    }
    if (!environ.startsWith(entry) && !environ.includes(`\u0000${entry}`)) continue;
    try {
      process.kill(Number(name), 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
}

// The watchdog runs as `node -e`, so it works from src/ (tests) and dist/ alike. It must not carry
// our marker (it would kill itself first); it leaves its own group alone.
const kWatchdogSource = `
const fs = require('node:fs');
const owner = process.argv[1];
const groups = new Set();
let pending = '';
const cleanup = () => {
  for (const pid of groups) { try { process.kill(-pid, 'SIGKILL'); } catch {} }
  if (process.platform === 'linux') {
    const entry = '${kRunnerMarkerEnv}=' + owner + '/';
    let names = [];
    try { names = fs.readdirSync('/proc'); } catch {}
    for (const name of names) {
      if (!/^\\d+$/.test(name) || Number(name) === process.pid) continue;
      let environ = '';
      try { environ = fs.readFileSync('/proc/' + name + '/environ', 'latin1'); } catch { continue; }
      if (environ.startsWith(entry) || environ.includes('\\u0000' + entry)) { try { process.kill(Number(name), 'SIGKILL'); } catch {} }
    }
  }
  process.exit(0);
};
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  for (let nl = pending.indexOf('\\n'); nl >= 0; nl = pending.indexOf('\\n')) {
    const line = pending.slice(0, nl);
    pending = pending.slice(nl + 1);
    const pid = Number(line.slice(1));
    if (line[0] === '+') groups.add(pid); else if (line[0] === '-') groups.delete(pid);
  }
});
process.stdin.on('end', cleanup);
process.stdin.on('error', cleanup);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, cleanup);
`;

type Tell = (line: string) => void;
let watchdog: Tell | null | undefined;

/** The watchdog of this thread, started on first use; null where it cannot run (then groups and markers still apply). */
function ensureWatchdog(): Tell | null {
  if (watchdog !== undefined) return watchdog;
  const env = { ...process.env };
  delete env[kRunnerMarkerEnv];
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, ['-e', kWatchdogSource, owner], {
      stdio: ['pipe', 'ignore', 'ignore'],
      detached: kPosix,
      windowsHide: true,
      env,
    });
  } catch {
    watchdog = null;
    return watchdog;
  }
  const stdin = child.stdin;
  if (stdin === null) {
    watchdog = null;
    return watchdog;
  }
  child.on('error', () => {
    watchdog = null;
  });
  stdin.on('error', () => undefined);
  // Never keeps us alive: the pipe closing when we go is the whole point.
  child.unref();
  (stdin as unknown as { unref?: () => void }).unref?.();
  watchdog = (line) => {
    stdin.write(`${line}\n`);
  };
  return watchdog;
}

/** Test and diagnostics hook: the marker value prefix of this thread's runners. @internal */
export function ownerMarker(): string {
  return owner;
}

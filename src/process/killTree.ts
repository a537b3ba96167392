import type { ChildProcess } from 'node:child_process';

/**
 * Kills a child we started, with its process group (spawned `detached` on POSIX), so grandchildren
 * that still hold our pipes go too — even when the direct child has already exited.
 */
export function killTree(child: ChildProcess): void {
  const pid = child.pid;
  if (pid !== undefined && process.platform !== 'win32') {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // No such group any more.
    }
  }
  if (child.exitCode === null && child.signalCode === null) {
    try {
      child.kill('SIGKILL');
    } catch {
      // Already exited.
    }
  }
}

import type { LaneAvailability } from '../Lane.js';
import { killOwned, spawnOwned } from '../../process/ownedProcesses.js';
import { resolveBinary } from '../../process/resolveBinary.js';
import { binaryNotFound } from '../../process/spawnProcess.js';
import type { EnvironmentVariables } from '../../types/environment.js';

/**
 * Checks that a runner command can start: it resolves to a regular file, and the OS agrees to
 * execute it (not a directory, executable bit, a working `#!` interpreter). The probe child gets no
 * input and is killed, with its process group, as soon as it has started.
 */
export function probeStart(
  command: string,
  args: readonly string[],
  options: { readonly cwd?: string; readonly env?: EnvironmentVariables },
): Promise<LaneAvailability> {
  const resolved = resolveBinary(command, options.cwd, options.env);
  if (resolved === null) {
    const error = binaryNotFound(command);
    return Promise.resolve({ ok: false, reason: error.message, error });
  }
  return new Promise((resolve) => {
    const child = spawnOwned(resolved, args, { cwd: options.cwd, env: options.env, stdio: 'ignore' });
    child.once('spawn', () => {
      // Whatever it managed to start before the kill goes too (marked: even with setsid).
      killOwned(child, { marked: true });
      resolve({ ok: true });
    });
    child.once('error', (e: NodeJS.ErrnoException) => {
      const message = `protocol-machine runner ${command} cannot be started (${e.code ?? e.message})`;
      resolve({
        ok: false,
        reason: message,
        error: {
          code: 'ProcessFailed',
          path: '$',
          exitCode: -1,
          stderr: e.message,
          message: `protocol-machine runner failed with exit code -1: ${message}`,
        },
      });
    });
  });
}

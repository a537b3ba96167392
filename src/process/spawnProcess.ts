/**
 * The one child-process runner of the product (bridge.md §5.2, §7): every external lane and the heap
 * parity runner go through it, so timeouts, output limits and killing behave the same everywhere.
 */
import { spawn } from 'node:child_process';
import type { BridgeError, RunnerErrorCode } from '../types/errors.js';
import { err, ok, type Result } from '../types/result.js';
import { resolveBinary } from './resolveBinary.js';
import { killTree } from './killTree.js';

/** Options of {@link spawnProcess}. @public */
export interface SpawnProcessOptions {
  /** Executable: a path (absolute or relative to `cwd`) or a bare name looked up on `PATH`. */
  readonly command: string;
  /** Arguments, passed as-is (no shell). */
  readonly args: readonly string[];
  /** Text written to stdin, which is then closed. Absent = stdin closed at once. */
  readonly input?: string;
  /** Wall-clock limit; on expiry the child is killed and reaped → `TimedOut`. */
  readonly timeoutMs: number;
  /** stdout limit in bytes; past it the child is killed → `OutputTooLarge`. */
  readonly maxOutputBytes: number;
  /** Name used in `TimedOut` (`"run"` for run mode, else the operation name). */
  readonly operation: string;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** What a finished child left behind. `exitCode` is always 0 here: non-zero exits are `ProcessFailed`. @public */
export interface SpawnProcessOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** stderr is diagnostics only: its last 64 KiB are kept (bridge.md §7). @example `STDERR_TAIL_BYTES // 65536` @public */
export const STDERR_TAIL_BYTES = 64 * 1024;

/**
 * Runs a command without a shell, writes `input`, reads stdout/stderr to EOF and reports every
 * failure as a {@link BridgeError} with the codes and texts of bridge.md §5.2: `BinaryNotFound`,
 * `ProcessFailed` (`exitCode` −1 when killed by a signal or the spawn failed; `stderr` tail),
 * `TimedOut` (`operation`, `timeoutMs`), `OutputTooLarge` (`limitBytes`). Whatever happens, the child
 * (and its process group) is killed and reaped before the promise settles.
 * @example
 * ```ts
 * const r = await spawnProcess({ command: 'node', args: ['runner.mjs'], input: '{}', timeoutMs: 5000, maxOutputBytes: 1 << 20, operation: 'run' });
 * if (r.ok) console.log(r.value.stdout); else console.error(r.error.code, r.error.message);
 * ```
 * @public
 */
export async function spawnProcess(
  options: SpawnProcessOptions,
): Promise<Result<SpawnProcessOutput, BridgeError<RunnerErrorCode>>> {
  const resolved = resolveBinary(options.command, options.cwd, options.env);
  if (resolved === null) return err(binaryNotFound(options.command));

  return new Promise((resolve) => {
    const child = spawn(resolved, [...options.args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      // Own process group, so a timeout also takes down grandchildren (shell wrappers, `lake env`).
      detached: process.platform !== 'win32',
      windowsHide: true,
    });
    const stdoutChunks: Buffer[] = [];
    let stdoutBytes = 0;
    let stderrTail = Buffer.alloc(0);
    let failure: BridgeError<RunnerErrorCode> | null = null;
    let settled = false;

    const fail = (e: BridgeError<RunnerErrorCode>): void => {
      if (failure === null) failure = e;
      killTree(child);
    };

    const timer = setTimeout(
      () => {
        fail({
          code: 'TimedOut',
          path: '$',
          operation: options.operation,
          timeoutMs: options.timeoutMs,
          message: `protocol-machine runner operation '${options.operation}' timed out after ${options.timeoutMs}ms`,
        });
      },
      Math.max(1, options.timeoutMs),
    );

    child.stdout.on('data', (chunk: Buffer) => {
      if (failure !== null) return;
      stdoutBytes += chunk.length;
      if (stdoutBytes > options.maxOutputBytes) {
        fail({
          code: 'OutputTooLarge',
          path: '$',
          limitBytes: options.maxOutputBytes,
          message: `protocol-machine runner output exceeds ${options.maxOutputBytes} bytes`,
        });
        return;
      }
      stdoutChunks.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderrTail = Buffer.concat([stderrTail, chunk]);
      if (stderrTail.length > STDERR_TAIL_BYTES)
        stderrTail = stderrTail.subarray(stderrTail.length - STDERR_TAIL_BYTES);
    });
    // A child that exits without reading its stdin makes our write fail with EPIPE; its exit status says more.
    child.stdin.on('error', () => undefined);

    let spawnError: Error | null = null;
    child.on('error', (e) => {
      spawnError = e;
    });

    child.on('close', (code, signal) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const stderr = stderrTail.toString('utf8');
      if (failure !== null) {
        resolve(err(failure));
        return;
      }
      if (spawnError !== null) {
        // The 'error' event of a spawn gives a system error.
        const e = spawnError as NodeJS.ErrnoException;
        if (e.code === 'ENOENT') {
          resolve(err(binaryNotFound(options.command)));
          return;
        }
        resolve(err(processFailed(-1, stderr === '' ? e.message : stderr)));
        return;
      }
      const exitCode = code ?? -1;
      if (signal !== null || exitCode !== 0) {
        resolve(err(processFailed(signal !== null ? -1 : exitCode, stderr)));
        return;
      }
      resolve(ok({ stdout: Buffer.concat(stdoutChunks).toString('utf8'), stderr, exitCode: 0 }));
    });

    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
}

function binaryNotFound(binary: string): BridgeError<RunnerErrorCode> {
  return {
    code: 'BinaryNotFound',
    path: '$',
    binary,
    message: `protocol-machine runner binary not found at ${binary}`,
  };
}

/** Builds the `ProcessFailed` error of bridge.md §5.2. @example `processFailed(1, 'boom').message // 'protocol-machine runner failed with exit code 1: boom'` @internal */
export function processFailed(exitCode: number, stderr: string): BridgeError<RunnerErrorCode> {
  return {
    code: 'ProcessFailed',
    path: '$',
    exitCode,
    stderr,
    message: `protocol-machine runner failed with exit code ${exitCode}: ${stderr.trimEnd()}`,
  };
}

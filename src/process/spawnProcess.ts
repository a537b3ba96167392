/**
 * The one child-process runner of the product (bridge.md §5.2, §7): every external lane and the heap
 * parity runner go through it, so timeouts, output limits and killing behave the same everywhere.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import type { BridgeError, RunnerErrorCode } from '../types/errors.js';
import { err, ok, type Result } from '../types/result.js';
import { resolveBinary } from './resolveBinary.js';
import { killOwned, spawnOwned } from './ownedProcesses.js';
import type { EnvironmentVariables } from '../types/environment.js';

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
  readonly env?: EnvironmentVariables;
  /** Abandons the run: the child is killed and the result is `ProcessFailed` (exit code −1). */
  readonly signal?: AbortSignal;
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
 * (with its process group and marked descendants) is killed and reaped before the promise settles.
 * The timeout runs from the spawn, and the answer is final once the runner itself exits: a
 * descendant that keeps stdout open cannot hold the answer back.
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
    const child = spawnOwned(resolved, options.args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    }) as ChildProcessWithoutNullStreams;
    const stdoutChunks: Buffer[] = [];
    let stdoutBytes = 0;
    let stderrTail = Buffer.alloc(0);
    let failure: BridgeError<RunnerErrorCode> | null = null;
    let spawnError: NodeJS.ErrnoException | null = null;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];

    const finish = (): void => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      child.stdout.destroy();
      child.stderr.destroy();
      const stderr = stderrTail.toString('utf8');
      if (failure !== null) return resolve(err(failure));
      if (spawnError !== null) {
        if (spawnError.code === 'ENOENT') return resolve(err(binaryNotFound(options.command)));
        return resolve(err(processFailed(-1, stderr === '' ? spawnError.message : stderr)));
      }
      const exitCode = exit?.code ?? -1;
      if (exit === null || exit.signal !== null || exitCode !== 0)
        return resolve(err(processFailed(exit?.signal !== null ? -1 : exitCode, stderr)));
      resolve(ok({ stdout: Buffer.concat(stdoutChunks).toString('utf8'), stderr, exitCode: 0 }));
    };
    // Someone still holds our pipes after the runner is gone (a descendant that left its process
    // group): kill what carries its marker, then stop waiting for the pipes either way.
    const stopWaiting = (): void => {
      if (settled) return;
      killOwned(child, { marked: true });
      timers.push(setTimeout(finish, kPipeGraceMs));
    };

    const fail = (e: BridgeError<RunnerErrorCode>): void => {
      if (failure === null) failure = e;
      stopWaiting();
    };

    // Measured from the spawn; an answer never waits for more than the runner's own lifetime.
    timers.push(
      setTimeout(
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
      ),
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
    child.on('error', (e: NodeJS.ErrnoException) => {
      spawnError = e;
      // No process was started: nothing will close.
      if (child.pid === undefined) finish();
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // What the runner wrote before exiting is in the pipe and read within milliseconds; after a
      // grace period only a descendant can be holding it open.
      timers.push(setTimeout(stopWaiting, kPipeGraceMs));
    });
    child.on('close', finish);

    const onAbort = (): void => fail(processFailed(-1, 'the run was abandoned (its lane was closed)'));
    if (options.signal?.aborted === true) onAbort();
    else {
      options.signal?.addEventListener('abort', onAbort, { once: true });
      child.once('close', () => options.signal?.removeEventListener('abort', onAbort));
    }

    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
}

/** How long the pipes may stay open after the runner exited (or was killed) before we stop reading. */
const kPipeGraceMs = 250;

/** Builds the `BinaryNotFound` error of bridge.md §5.2. @example `binaryNotFound('/x').message // 'protocol-machine runner binary not found at /x'` @internal */
export function binaryNotFound(binary: string): BridgeError<RunnerErrorCode> {
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

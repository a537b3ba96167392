/**
 * A lane that speaks `lean_bridge.v1` to an external process (bridge.md §1, §7): one process per
 * request, or with `serve` one long-lived `--serve`-style process spoken to line by line.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { RunResult } from '../types/bridge.js';
import type { BridgeError } from '../types/errors.js';
import { err, ok, type Result } from '../types/result.js';
import type { Lane, LaneAvailability } from './Lane.js';
import { resolveMaxOutputBytes, resolveTimeoutMs } from './bridgeDefaults.js';
import { checkRunRequest } from './checkRunRequest.js';
import { parseRunOutput } from './parseRunOutput.js';
import { processFailed, spawnProcess, STDERR_TAIL_BYTES } from '../process/spawnProcess.js';
import { splitCommand } from '../process/splitCommand.js';
import { toJsonText } from './_internals/exactNumbers.js';
import { killTree } from '../process/killTree.js';
import { resolveBinary } from '../process/resolveBinary.js';

/** Options of {@link processLane}. @public */
export interface ProcessLaneOptions {
  /** Start the process once and send one request per line (bridge.md §1 `--serve`). @defaultValue false */
  readonly serve?: boolean;
  /** Per-request wall-clock limit. @defaultValue env `TELLTALE_PROTOCOL_MACHINE_TIMEOUT_MS`, else 300000 */
  readonly timeoutMs?: number;
  /** stdout limit per answer. @defaultValue env `TELLTALE_PARITY_MAX_OUTPUT_BYTES`, else 268435456 */
  readonly maxOutputBytes?: number;
  /** Apply the client-side checks of bridge.md §5.3 before sending. @defaultValue true */
  readonly clientChecks?: boolean;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * An external runner as a lane. `command` is one string split by {@link splitCommand} (or an argv
 * array); it runs without a shell. Failures are {@link BridgeError}s of bridge.md §5.2
 * (`BinaryNotFound`, `ProcessFailed` with the stderr tail, `TimedOut`, `OutputTooLarge`,
 * `ParseError`); a serve process's `{"error":…}` answer is `ProcessFailed{exitCode: 1, stderr}`,
 * and a serve process that died or timed out is restarted for the next request.
 * @example
 * ```ts
 * const lane = processLane('ref', 'telltale-lean-ref --serve', { serve: true });
 * const r = await lane.run(request);
 * await lane.close?.();
 * ```
 * @public
 */
export function processLane(name: string, command: string | readonly string[], options: ProcessLaneOptions = {}): Lane {
  const argv = typeof command === 'string' ? splitCommand(command) : [...command];
  const [program = '', ...args] = argv;
  const timeoutMs = resolveTimeoutMs(options.timeoutMs, options.env);
  const maxOutputBytes = resolveMaxOutputBytes(options.maxOutputBytes, options.env);
  const server = options.serve === true ? new LineServer(program, args, timeoutMs, maxOutputBytes, options) : null;

  // A configured command is never skipped (bridge.md §7): a wrong one surfaces as BinaryNotFound.
  const available = async (): Promise<LaneAvailability> => ({ ok: true });

  const run = async (request: unknown): Promise<Result<RunResult, BridgeError>> => {
    if (options.clientChecks !== false) {
      const checked = checkRunRequest(request);
      if (!checked.ok) return checked;
    }
    const text = toJsonText(request);
    if (server !== null) return server.request(text);
    const spawned = await spawnProcess({
      command: program,
      args,
      input: text,
      timeoutMs,
      maxOutputBytes,
      operation: 'run',
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      ...(options.env === undefined ? {} : { env: options.env }),
    });
    if (!spawned.ok) return spawned;
    const output = parseRunOutput(spawned.value.stdout);
    return output.ok ? ok({ output: output.value, diagnostics: null }) : output;
  };

  return server === null ? { name, available, run } : { name, available, run, close: () => server.close() };
}

// Serve children are unref'd and in their own process group, so nothing would stop them if the
// client forgot close(): kill whatever is still running when this process exits.
const liveChildren = new Set<ChildProcessWithoutNullStreams>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of liveChildren) killTree(child);
  });
}

/** One long-lived line-mode child; requests are serialised. */
class LineServer {
  private child: ChildProcessWithoutNullStreams | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private pending: ((line: Result<string, BridgeError>) => void) | null = null;
  private buffer: Buffer[] = [];
  private bufferedBytes = 0;
  private stderrTail = '';

  constructor(
    private readonly program: string,
    private readonly args: readonly string[],
    private readonly timeoutMs: number,
    private readonly maxOutputBytes: number,
    private readonly options: ProcessLaneOptions,
  ) {}

  request(text: string): Promise<Result<RunResult, BridgeError>> {
    const next = this.queue.then(() => this.exchange(text));
    this.queue = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    await this.queue;
    const child = this.child;
    this.child = null;
    if (child === null) return;
    await new Promise<void>((resolve) => {
      // A polite EOF first; a runner that ignores it is killed. The timer stays referenced: we wait.
      const t = setTimeout(() => killTree(child), 2000);
      child.once('close', () => {
        clearTimeout(t);
        liveChildren.delete(child);
        resolve();
      });
      child.stdin.end();
    });
  }

  private start(): Result<ChildProcessWithoutNullStreams, BridgeError> {
    if (this.child !== null) return ok(this.child);
    const resolved = resolveBinary(this.program, this.options.cwd, this.options.env);
    if (resolved === null) {
      return err({
        code: 'BinaryNotFound',
        path: '$',
        binary: this.program,
        message: `protocol-machine runner binary not found at ${this.program}`,
      });
    }
    installExitHook();
    const child = spawn(resolved, [...this.args], {
      cwd: this.options.cwd,
      env: this.options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
      windowsHide: true,
    });
    this.child = child;
    liveChildren.add(child);
    child.once('exit', () => liveChildren.delete(child));
    this.buffer = [];
    this.bufferedBytes = 0;
    this.stderrTail = '';
    child.stdin.on('error', () => undefined);
    child.stdout.on('data', (chunk: Buffer) => {
      // Late output of a child we already gave up on must not answer the next request.
      if (this.child === child) this.onData(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
    });
    child.on('error', () => undefined);
    child.on('close', (code, signal) => {
      if (this.child !== child) return;
      this.child = null;
      this.settle(err(processFailed(signal !== null ? -1 : (code ?? -1), this.stderrTail)));
    });
    // Do not keep the event loop alive just for an idle server.
    child.unref();
    // Pipes are sockets with unref() at run time; their stream types do not say so.
    (child.stdout as unknown as { unref?: () => void }).unref?.();
    (child.stderr as unknown as { unref?: () => void }).unref?.();
    (child.stdin as unknown as { unref?: () => void }).unref?.();
    return ok(child);
  }

  private onData(chunk: Buffer): void {
    let rest = chunk;
    for (;;) {
      const nl = rest.indexOf(0x0a);
      if (nl < 0) break;
      this.buffer.push(rest.subarray(0, nl));
      const line = Buffer.concat(this.buffer).toString('utf8');
      this.buffer = [];
      this.bufferedBytes = 0;
      rest = rest.subarray(nl + 1);
      this.settle(ok(line));
    }
    if (rest.length > 0) {
      this.buffer.push(rest);
      this.bufferedBytes += rest.length;
      if (this.bufferedBytes > this.maxOutputBytes)
        this.abort({
          code: 'OutputTooLarge',
          path: '$',
          limitBytes: this.maxOutputBytes,
          message: `protocol-machine runner output exceeds ${this.maxOutputBytes} bytes`,
        });
    }
  }

  private settle(line: Result<string, BridgeError>): void {
    const pending = this.pending;
    this.pending = null;
    pending?.(line);
  }

  /** Fails the request in flight and kills the child; the next request starts a fresh one. */
  private abort(error: BridgeError): void {
    const child = this.child;
    this.child = null;
    this.settle(err(error));
    if (child !== null) killTree(child);
  }

  private async exchange(text: string): Promise<Result<RunResult, BridgeError>> {
    const reused = this.child !== null;
    const first = await this.exchangeOnce(text);
    // A reused process may have exited after its last answer; one fresh attempt tells that apart
    // from a runner that dies on this very request.
    if (first.died && reused) return (await this.exchangeOnce(text)).result;
    return first.result;
  }

  private async exchangeOnce(text: string): Promise<{ result: Result<RunResult, BridgeError>; died: boolean }> {
    const started = this.start();
    if (!started.ok) return { result: started, died: false };
    const child = started.value;
    const line = await new Promise<Result<string, BridgeError>>((resolve) => {
      this.pending = resolve;
      const timer = setTimeout(
        () =>
          this.abort({
            code: 'TimedOut',
            path: '$',
            operation: 'run',
            timeoutMs: this.timeoutMs,
            message: `protocol-machine runner operation 'run' timed out after ${this.timeoutMs}ms`,
          }),
        Math.max(1, this.timeoutMs),
      );
      const done = this.pending;
      this.pending = (r) => {
        clearTimeout(timer);
        done(r);
      };
      // The line protocol needs the request on one line: compact JSON never contains a raw newline.
      child.stdin.write(`${text}\n`);
    });
    if (!line.ok) return { result: line, died: line.error.code === 'ProcessFailed' };
    const answer = errorAnswer(line.value);
    if (answer !== null) return { result: err(processFailed(1, answer)), died: false };
    const output = parseRunOutput(line.value);
    return { result: output.ok ? ok({ output: output.value, diagnostics: null }) : output, died: false };
  }
}

/** `{"error":{"exit_code":1,"message":…}}` → the message; anything else → null. */
function errorAnswer(line: string): string | null {
  if (!line.startsWith('{"error"')) return null;
  try {
    const v: unknown = JSON.parse(line);
    if (typeof v === 'object' && v !== null && Object.keys(v).length === 1) {
      // A non-null object (checked above).
      const e = (v as { error?: unknown }).error;
      if (typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string')
        // Checked to be a string in the condition above.
        return (e as { message: string }).message;
    }
  } catch {
    return null;
  }
  return null;
}

/**
 * A lane that speaks `lean_bridge.v1` to an external process (bridge.md §1, §7): one process per
 * request, or with `serve` one long-lived `--serve`-style process spoken to line by line.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import type { RunResult } from '../types/bridge.js';
import type { BridgeError } from '../types/errors.js';
import { err, ok, type Result } from '../types/result.js';
import type { Lane, LaneAvailability } from './Lane.js';
import { resolveMaxOutputBytes, resolveTimeoutMs } from './bridgeDefaults.js';
import { checkBeforeSpawn, checkRunRequest } from './checkRunRequest.js';
import { isReferenceRunnerCommand } from './referenceRunnerCommand.js';
import { parseRunOutput } from './parseRunOutput.js';
import { binaryNotFound, processFailed, spawnProcess, STDERR_TAIL_BYTES } from '../process/spawnProcess.js';
import { splitCommand } from '../process/splitCommand.js';
import { toJsonText } from './_internals/exactNumbers.js';
import { killOwned, spawnOwned } from '../process/ownedProcesses.js';
import { probeStart } from './_internals/probeStart.js';
import { resolveBinary } from '../process/resolveBinary.js';
import type { EnvironmentVariables } from '../types/environment.js';

/** Options of {@link processLane}. @public */
export interface ProcessLaneOptions {
  /** Start the process once and send one request per line (bridge.md §1 `--serve`). @defaultValue false */
  readonly serve?: boolean;
  /** Per-request wall-clock limit. @defaultValue env `TELLTALE_PROTOCOL_MACHINE_TIMEOUT_MS`, else 300000 */
  readonly timeoutMs?: number;
  /** stdout limit per answer. @defaultValue env `TELLTALE_PARITY_MAX_OUTPUT_BYTES`, else 268435456 */
  readonly maxOutputBytes?: number;
  /**
   * Also apply the in-process client-side checks of bridge.md §5.3 (decoding, the checked projection,
   * loader limits) before sending, and answer with their error instead of asking the runner: an
   * explicit opt-in. Without it only the pre-spawn check of §6.1 runs ({@link checkBeforeSpawn}) and
   * the runner's own answer is the lane's answer. @defaultValue false
   */
  readonly clientChecks?: boolean;
  /**
   * The runner speaks the Lean runner's hard-failure texts (bridge.md §1): comparisons check its
   * rejection messages, not only accepted vs rejected (CLI: `--lane NAME=lean:CMD`).
   * @defaultValue true when the command runs `telltale-lean-ref` ({@link isReferenceRunnerCommand}), else false
   */
  readonly leanTexts?: boolean;
  readonly cwd?: string;
  readonly env?: EnvironmentVariables;
}

/**
 * An external runner as a lane. `command` is one string split by {@link splitCommand} (or an argv
 * array); it runs without a shell. The request is sent as given after the pre-spawn check of
 * bridge.md §6.1 (unless `clientChecks` asks for more): whether the runner accepts or rejects it,
 * and with what, is its own answer. Failures are {@link BridgeError}s of bridge.md §5.2
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

  // A configured command is never skipped silently (bridge.md §7): one that does not resolve is
  // BinaryNotFound, one the OS cannot start is ProcessFailed — reported as a set-up problem before
  // any request is judged. A successful probe is remembered; a failed one is retried next time.
  let started: Promise<LaneAvailability> | null = null;
  let inFlight = new AbortController();
  const available = (): Promise<LaneAvailability> => {
    const probe = (started ??= probeStart(program, args, options));
    void probe.then((a) => {
      if (!a.ok && started === probe) started = null;
    });
    return probe;
  };

  const run = async (request: unknown): Promise<Result<RunResult, BridgeError>> => {
    const checked = options.clientChecks === true ? checkRunRequest(request) : checkBeforeSpawn(request);
    if (!checked.ok) return checked;
    const text = toJsonText(request);
    if (server !== null) return server.request(text);
    const { signal } = inFlight;
    const spawned = await spawnProcess({
      command: program,
      args,
      input: text,
      timeoutMs,
      maxOutputBytes,
      operation: 'run',
      signal,
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      ...(options.env === undefined ? {} : { env: options.env }),
    });
    if (!spawned.ok) return spawned;
    const output = parseRunOutput(spawned.value.stdout);
    return output.ok ? ok({ output: output.value, diagnostics: null }) : output;
  };

  // After a failure that may mean "cannot start any more", the next available() probes afresh.
  const runChecked = async (request: unknown): Promise<Result<RunResult, BridgeError>> => {
    const result = await run(request);
    if (!result.ok && (result.error.code === 'BinaryNotFound' || result.error.exitCode === -1)) started = null;
    return result;
  };
  // close(): runs still in flight are abandoned (their runners killed), the serve process stopped.
  // The lane stays usable: a later run starts afresh.
  const close = async (): Promise<void> => {
    inFlight.abort();
    inFlight = new AbortController();
    await server?.close();
  };
  const leanTexts = options.leanTexts ?? isReferenceRunnerCommand(argv, options.cwd);
  return { name, kind: 'process', leanTexts, available, run: runChecked, close };
}

// Serve children are unref'd and in their own process group, so nothing would stop them if the
// client forgot close(): kill whatever is still running when this process exits.
const liveChildren = new Set<ChildProcessWithoutNullStreams>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of liveChildren) killOwned(child);
  });
}

/** How long stdout may stay open after the serve process exited before we stop waiting for it. */
const kPipeGraceMs = 250;

/** The request in flight on a line server: its resolver and the first line answered, if any yet. */
interface PendingLine {
  readonly resolve: (line: Result<string, BridgeError>) => void;
  answer: string | null;
}

/**
 * One long-lived line-mode child; requests are serialised. The line protocol has no request ids,
 * so pairing rests on "exactly one line per request": a second line for the same request (in the
 * same read, or before the answer is handed over on the next turn of the event loop) fails that
 * request with `ParseError`, and a line that arrives while no request is pending makes the server
 * untrustworthy. Either way the child is killed and the next request starts a fresh one, so an
 * extra line can never shift the answers of later requests.
 */
class LineServer {
  private child: ChildProcessWithoutNullStreams | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private pending: PendingLine | null = null;
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
    // A request still waiting for its answer is abandoned (fuzzing past its deadline): fail it now.
    if (this.pending !== null) this.abort(processFailed(-1, 'the run was abandoned (its lane was closed)'));
    await this.queue;
    const child = this.child;
    this.child = null;
    if (child === null) return;
    await new Promise<void>((resolve) => {
      // A polite EOF first; a runner that ignores it is killed. The timer stays referenced: we wait.
      const t = setTimeout(() => killOwned(child), 2000);
      const gone = (): void => {
        clearTimeout(t);
        liveChildren.delete(child);
        // The runner may have left descendants, in its process group or not; they go with it.
        killOwned(child, { marked: true });
        resolve();
      };
      if (child.exitCode !== null || child.signalCode !== null) gone();
      else child.once('exit', gone);
      child.stdin.end();
    });
  }

  private start(): Result<ChildProcessWithoutNullStreams, BridgeError> {
    if (this.child !== null) return ok(this.child);
    const resolved = resolveBinary(this.program, this.options.cwd, this.options.env);
    if (resolved === null) return err(binaryNotFound(this.program));
    installExitHook();
    const child = spawnOwned(resolved, this.args, {
      cwd: this.options.cwd,
      env: this.options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    }) as ChildProcessWithoutNullStreams;
    this.child = child;
    liveChildren.add(child);
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
    const gone = (code: number | null, signal: NodeJS.Signals | null): void => {
      if (this.child !== child) return;
      this.child = null;
      // A runner may exit right after its answer line (stdout is flushed before 'close'): that answer stands.
      const answered = this.pending?.answer ?? null;
      this.settle(
        answered !== null ? ok(answered) : err(processFailed(signal !== null ? -1 : (code ?? -1), this.stderrTail)),
      );
    };
    child.on('close', gone);
    child.once('exit', (code, signal) => {
      liveChildren.delete(child);
      // Once the runner is gone its answer is final: a descendant holding stdout open cannot delay it.
      setTimeout(() => {
        if (this.child !== child) return;
        killOwned(child, { marked: true });
        gone(code, signal);
      }, kPipeGraceMs).unref();
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
    const child = this.child;
    let rest = chunk;
    for (;;) {
      const nl = rest.indexOf(0x0a);
      if (nl < 0) break;
      this.buffer.push(rest.subarray(0, nl));
      const line = Buffer.concat(this.buffer).toString('utf8');
      this.buffer = [];
      this.bufferedBytes = 0;
      rest = rest.subarray(nl + 1);
      this.onLine(line);
      if (this.child !== child) return;
    }
    if (rest.length === 0) return;
    if (this.pending?.answer !== undefined && this.pending.answer !== null) {
      this.abort(extraOutput('more output after its answer line'));
      return;
    }
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

  private onLine(line: string): void {
    const pending = this.pending;
    if (pending === null) {
      // Nobody asked: the runner broke the one-line-per-request rule; a fresh process re-syncs.
      this.abort(extraOutput('a line while no request was pending'));
      return;
    }
    if (pending.answer !== null) {
      this.abort(extraOutput('a second line for one request'));
      return;
    }
    pending.answer = line;
    // Hand the answer over on the next turn, so an extra line already on its way fails this request
    // instead of answering the next one.
    setImmediate(() => {
      if (this.pending === pending) this.settle(ok(line));
    });
  }

  private settle(line: Result<string, BridgeError>): void {
    const pending = this.pending;
    this.pending = null;
    pending?.resolve(line);
  }

  /** Fails the request in flight (if any) and kills the child; the next request starts a fresh one. */
  private abort(error: BridgeError): void {
    const child = this.child;
    this.child = null;
    this.settle(err(error));
    if (child !== null) {
      liveChildren.delete(child);
      killOwned(child, { marked: true });
    }
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
      this.pending = {
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        answer: null,
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

function extraOutput(what: string): BridgeError {
  return {
    code: 'ParseError',
    path: '$',
    message: `Failed to parse protocol-machine runner output: the --serve runner wrote ${what} (line mode answers each request with exactly one line); the runner was restarted`,
  };
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

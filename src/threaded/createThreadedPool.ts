import { availableParallelism } from 'node:os';
import type { BridgeError } from '../types/errors.js';
import type { Result } from '../types/result.js';
import { err, ok } from '../types/result.js';
import { startTinypool } from './startTinypool.js';
import type { ProtocolPort, WorkerReply, WorkerTask } from './_internals/workerProtocol.js';

/**
 * Options of {@link createThreadedPool}.
 * @public
 */
export interface ThreadedPoolOptions {
  /** Worker threads (a run uses them besides the calling thread); speed only, never the output. @defaultValue `availableParallelism() - 1`, at least 1 */
  readonly workers?: number;
}

/**
 * A reusable set of worker threads for {@link runThreaded}: threads start once, when the pool is
 * created, and serve every run handed the pool until {@link ThreadedPool.close}.
 * @public
 */
export interface ThreadedPool {
  /** Number of worker threads. */
  readonly workers: number;
  /**
   * Runs one task on a worker. A task that throws, or whose worker dies, resolves to a
   * `WorkerCrashed` error; one that does not finish within `timeoutMs` (or is aborted through
   * `signal`) to `TimedOut`, and its worker is terminated and replaced. Never rejects.
   * @internal
   */
  run(
    task: WorkerTask,
    options: {
      readonly timeoutMs: number;
      readonly signal?: AbortSignal;
      readonly transferList?: readonly (ArrayBuffer | ProtocolPort)[];
    },
  ): Promise<Result<WorkerReply, BridgeError>>;
  /**
   * Waits until no other run holds the pool's threads, then holds them until `release()` is
   * called. A wave-parallel run needs all its tasks running at once; two runs each holding half
   * the threads would wait for each other forever.
   * @internal
   */
  acquire(): Promise<() => void>;
  /** Terminates the threads. Tasks still running resolve to `WorkerCrashed`. Idempotent. */
  close(): Promise<void>;
  /** True once {@link ThreadedPool.close} was called. */
  readonly closed: boolean;
}

// From dist/ the compiled worker loads directly; from sources (Vitest, tsx) workers do not inherit
// the TS loader, so a tiny .mjs shim registers tsx and imports the .ts entry (ecosystem.md §3).
const fromSource = import.meta.url.endsWith('.ts');
const workerFile = new URL(
  fromSource ? './_internals/threadedWorker.dev.mjs' : './_internals/threadedWorker.js',
  import.meta.url,
);

/**
 * Starts a pool of worker threads for the threaded engine. Pass it to several runs through
 * `runThreaded(input, { pool })` and close it once (`await pool.close()`), or the process may
 * not exit.
 * @example
 * ```ts
 * const pool = createThreadedPool({ workers: 1 });
 * try {
 *   const r = await runThreaded(request, { lanes: 2, mode: 'wave_parallel_extension', pool });
 * } finally {
 *   await pool.close();
 * }
 * ```
 * @public
 */
export function createThreadedPool(options: ThreadedPoolOptions = {}): ThreadedPool {
  const workers = Math.max(1, Math.floor(options.workers ?? availableParallelism() - 1));
  const pool = startTinypool({
    filename: workerFile.href,
    minThreads: workers,
    maxThreads: workers,
    // Threads stay for the pool's life: start-up is paid once per pool, not per run.
    idleTimeout: 2 ** 31 - 1,
  });
  let closed = false;
  let closing: Promise<void> | undefined;
  let held: Promise<void> = Promise.resolve();
  return {
    workers,
    get closed() {
      return closed;
    },
    async run(task, runOptions) {
      if (closed)
        return err({
          code: 'WorkerCrashed',
          path: '$',
          message: 'the threaded pool is closed; create a new one with createThreadedPool()',
        });
      const timeout = AbortSignal.timeout(runOptions.timeoutMs);
      const signal = runOptions.signal === undefined ? timeout : AbortSignal.any([timeout, runOptions.signal]);
      try {
        // Casts: tinypool's run() returns `any` (threadedWorker answers a WorkerTask with a WorkerReply),
        // and its TransferList type is inferred from MessagePort.postMessage's options-object overload.
        const reply = (await pool.run(task, {
          signal,
          ...(runOptions.transferList === undefined ? {} : { transferList: [...runOptions.transferList] as never }),
        })) as WorkerReply;
        return ok(reply);
      } catch (e) {
        if (signal.aborted) {
          return err({
            code: 'TimedOut',
            path: '$',
            message: `a threaded-engine worker did not finish within ${runOptions.timeoutMs} ms; it was terminated (raise timeoutMs for long runs)`,
            timeoutMs: runOptions.timeoutMs,
          });
        }
        const text = e instanceof Error ? e.message : String(e);
        return err({
          code: 'WorkerCrashed',
          path: '$',
          message: `a threaded-engine worker failed: ${text}; the run was abandoned (the pool stays usable)`,
        });
      }
    },
    acquire() {
      const previous = held;
      let release!: () => void;
      held = new Promise<void>((res) => {
        release = res;
      });
      return previous.then(() => release);
    },
    close() {
      closed = true;
      closing ??= pool.destroy().then(() => undefined);
      return closing;
    },
  };
}

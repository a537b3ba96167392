import { Tinypool } from 'tinypool';
import type { CheckOutcome } from './runChunk.js';
import type { ReplayTask, SessionTask } from './fuzzWorker.js';

export interface FuzzPool {
  /** Runs a campaign session in one worker until it is told to stop (or `signal` stops the worker). */
  session(task: SessionTask, signal: AbortSignal): Promise<unknown>;
  replay(task: ReplayTask, timeoutMs: number): Promise<CheckOutcome[]>;
  destroy(): Promise<void>;
}

/** A tinypool of fuzz workers: compiled JS from dist/, a tsx shim when running from src/. */
export function createPool(threads: number): FuzzPool {
  const fromSource = import.meta.url.endsWith('.ts');
  const workerFile = new URL(fromSource ? './fuzzWorker.dev.mjs' : './fuzzWorker.js', import.meta.url);
  const pool = new Tinypool({
    filename: workerFile.href,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 30_000,
  });
  return {
    // tinypool's run is untyped; fuzzWorker.ts answers these task shapes with these results.
    session: (task, signal) => pool.run(task, { signal, transferList: [task.port] }),
    replay: (task, timeoutMs) => pool.run(task, { signal: AbortSignal.timeout(timeoutMs) }) as Promise<CheckOutcome[]>,
    destroy: () => pool.destroy(),
  };
}

import { startTinypool } from '../../threaded/startTinypool.js';
import type { CheckOutcome } from './runChunk.js';
import type { ReplayTask, SessionTask } from './fuzzWorker.js';

export interface FuzzPool {
  /** Runs a campaign session in one worker until it is told to stop (or `signal` stops the worker). */
  session(task: SessionTask, signal: AbortSignal): Promise<unknown>;
  replay(task: ReplayTask, timeoutMs: number): Promise<CheckOutcome[]>;
  destroy(): Promise<void>;
}

/** Workers started ahead of the campaign that will take them ({@link prestartPool}). */
let early: { readonly threads: number; readonly pool: FuzzPool } | null = null;

/**
 * Starts `threads` fuzz workers now, for the next {@link createPool} of that size: they load their
 * modules while the caller loads the campaign's. Returns a release that destroys them when no
 * campaign took them (a usage error, a listing).
 */
export function prestartPool(threads: number): () => Promise<void> {
  const started = { threads, pool: newPool(threads) };
  early = started;
  return async () => {
    if (early !== started) return;
    early = null;
    await started.pool.destroy();
  };
}

/** A pool of `threads` fuzz workers: the ones {@link prestartPool} started, else new ones. */
export function createPool(threads: number): FuzzPool {
  if (early !== null && early.threads === threads) {
    const { pool } = early;
    early = null;
    return pool;
  }
  return newPool(threads);
}

/** A tinypool of fuzz workers: compiled JS from dist/, a tsx shim when running from src/. */
function newPool(threads: number): FuzzPool {
  const fromSource = import.meta.url.endsWith('.ts');
  const workerFile = new URL(fromSource ? './fuzzWorker.dev.mjs' : './fuzzWorker.js', import.meta.url);
  // The process's flags as far as worker threads take them (a `node --input-type=module -e` script too).
  const pool = startTinypool({
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

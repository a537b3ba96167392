import { Tinypool } from 'tinypool';
import type { CheckOutcome, ChunkResult } from './runChunk.js';
import type { PoolAdded, PoolTask, ReplayTask, WorkerTask } from './fuzzWorker.js';

export interface FuzzPool {
  run(task: WorkerTask, timeoutMs: number): Promise<ChunkResult[]>;
  replay(task: ReplayTask, timeoutMs: number): Promise<CheckOutcome[]>;
  keep(task: PoolTask, timeoutMs: number): Promise<PoolAdded>;
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
    run: (task, timeoutMs) =>
      pool.run(task, {
        signal: AbortSignal.timeout(timeoutMs),
        ...(task.port === undefined ? {} : { transferList: [task.port] }),
      }) as Promise<ChunkResult[]>,
    replay: (task, timeoutMs) => pool.run(task, { signal: AbortSignal.timeout(timeoutMs) }) as Promise<CheckOutcome[]>,
    keep: (task, timeoutMs) => pool.run(task, { signal: AbortSignal.timeout(timeoutMs) }) as Promise<PoolAdded>,
    destroy: () => pool.destroy(),
  };
}

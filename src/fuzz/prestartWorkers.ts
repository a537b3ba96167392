import { prestartPool } from './_internals/createPool.js';

/**
 * Starts the worker threads of a coming campaign of `workers` workers before the campaign's own
 * modules are loaded, so the workers load theirs at the same time (the CLI calls it first). The
 * next `runCampaign` with that many workers takes them. Returns a release to call when the
 * campaign has ended or did not start: it stops the workers if no campaign took them. Loads only
 * the pool (tinypool), never the engines.
 *
 * @example
 * ```ts
 * const release = prestartWorkers(2);
 * try {
 *   const { runCampaign } = await import('telltale-parity');
 *   await runCampaign({ workers: 2, runs: 100 });
 * } finally {
 *   await release();
 * }
 * ```
 * @public
 */
export function prestartWorkers(workers: number): () => Promise<void> {
  return workers > 1 ? prestartPool(workers) : () => Promise.resolve();
}

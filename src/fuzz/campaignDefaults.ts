import { availableParallelism } from 'node:os';

/**
 * Defaults of `CampaignOptions`, in one place (the CLI's help shows the same values). Kept apart
 * from `runCampaign` so the CLI can print usage without loading the engines.
 * @example `kCampaignDefaults.timeMs // 60000`
 * @public
 */
export const kCampaignDefaults = Object.freeze({
  timeMs: 60_000,
  corpusDir: 'corpora',
  chunkSize: 20,
  chunkTimeoutMs: 120_000,
});

/**
 * After a stop signal, how long the checks under way may take to end (runCampaign.ts): a chunk
 * stops at its next case or shrink candidate, so a failure being shrunk is saved as it stands.
 * @example `kInterruptGraceMs // 10000`
 */
export const kInterruptGraceMs = 10_000;

/** Worker threads allowed per available core (fuzz, replay): more only add memory and start-up time. @example `kWorkersPerCore // 4` @public */
export const kWorkersPerCore = 4;

/**
 * The most worker threads a campaign or replay accepts: {@link kWorkersPerCore} × the available
 * cores. Each worker is a thread with its own heap and engine modules (about 50–100 MB); hundreds of
 * them exhaust memory and never finish starting.
 * @example `maxWorkers(2) // 8`
 * @public
 */
export function maxWorkers(cores: number = availableParallelism()): number {
  return Math.max(1, Math.floor(cores)) * kWorkersPerCore;
}

/**
 * Checks a worker count against {@link maxWorkers}; returns null when it is fine, else the message
 * (what was asked, the limit, why).
 * @example `workersProblem(100000) // "workers 100000 is more than 8 (4 per available core, 2 cores here); use at most 8"`
 * @public
 */
export function workersProblem(workers: number, cores: number = availableParallelism()): string | null {
  const max = maxWorkers(cores);
  if (!Number.isInteger(workers) || workers < 1)
    return `workers must be an integer from 1 to ${max}, got ${String(workers)}`;
  if (workers > max)
    return `workers ${workers} is more than ${max} (${kWorkersPerCore} per available core, ${cores} core${cores === 1 ? '' : 's'} here); use at most ${max}`;
  return null;
}

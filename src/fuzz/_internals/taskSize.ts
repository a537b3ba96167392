/**
 * How many chunks the next pool task of a property carries. A task costs a message round trip, a
 * structured clone of its results and tinypool's bookkeeping (a few ms): fast properties are
 * batched so a task takes about a target time. Under a `runs` budget the target follows the work
 * left (guided self-scheduling): long tasks while much remains, shorter ones towards the end, so
 * no worker is left with a long last task while the other idles.
 */
import type { PropertyState } from './propertyState.js';

/** Target task time (ms) under a time budget (the bandit's feedback waits on it), and the floor under `runs`. */
export const kTargetTaskMs = 100;
/** Longest target task time (ms) under `runs`, while much work remains. */
export const kLongTaskMs = 500;
/** Most chunks one task may carry. */
export const kMaxBatch = 64;

/** Mean measured time of one chunk of `state` (ms); null before any came back. */
function chunkMs(state: PropertyState): number | null {
  return state.doneChunks === 0 ? null : Math.max(0.01, state.busyMs / state.doneChunks);
}

/**
 * Estimated work (ms of one worker) left in `states`: chunks not yet dispatched times their mean
 * time (a property not measured yet counts at the mean of the others).
 */
export function remainingMs(states: readonly PropertyState[], chunksLeft: (state: PropertyState) => number): number {
  let measured = 0;
  let chunks = 0;
  for (const s of states) {
    if (s.doneChunks === 0) continue;
    measured += s.busyMs;
    chunks += s.doneChunks;
  }
  const fallback = chunks === 0 ? kTargetTaskMs : measured / chunks;
  let ms = 0;
  for (const s of states) if (s.failedAt === null && s.skipped === null) ms += chunksLeft(s) * (chunkMs(s) ?? fallback);
  return ms;
}

/**
 * Chunks for the next task of `state`: one until a chunk of it came back (to measure it), then
 * about `targetMs` of work — `kTargetTaskMs` under a time budget (`leftMs` infinite), else the work
 * left spread over twice the workers, between `kTargetTaskMs` and `kLongTaskMs`.
 */
export function chunksPerTask(state: PropertyState, leftMs: number, workers: number): number {
  const ms = chunkMs(state);
  if (ms === null) return 1;
  const targetMs = Number.isFinite(leftMs)
    ? Math.min(kLongTaskMs, Math.max(kTargetTaskMs, leftMs / (2 * workers)))
    : kTargetTaskMs;
  return Math.max(1, Math.min(kMaxBatch, Math.floor(targetMs / ms)));
}

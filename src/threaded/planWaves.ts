import type { WaveCertificate, WaveCoroutine, WavePlanningState } from './waveCertificate.js';
import { conflict } from './_internals/compatible.js';

/**
 * Lean `planDeterministicWaves` (machine.md §11.3): greedy waves over the ready queue in queue order;
 * an id that does not fit keeps its position for the next wave (MD-23); non-runnable ids are never
 * planned; every wave is then split into chunks of at most n. `budget` cuts the plan to its first
 * `budget` ids in wave order and drops waves left empty (§11.2).
 * @param state - The ready queue, `step_count`, lanes and coroutine lookup at planning time.
 * @param budget - Remaining step budget (`max_steps - steps_executed`); unlimited when omitted.
 * @example
 * ```ts
 * const cert = planWaves(state, 10);
 * cert.waves; // [[0, 3], [1, 2]]
 * ```
 * @public
 */
export function planWaves(state: WavePlanningState, budget = Number.POSITIVE_INFINITY): WaveCertificate {
  const lanes = Math.max(1, state.lanes);
  const widening = state.widening ?? false;
  const remaining: number[] = [];
  // Parallel to `remaining` (coroutine ids are small integers, but a position index needs no map).
  const info: WaveCoroutine[] = [];
  for (const cid of state.readyQueue) {
    const c = state.coroutine(cid);
    // A non-runnable id is never compatible, so it would be deferred forever: leave it out up front.
    // (The ready queue holds no duplicates, machine.md §7.1.)
    if (c === undefined || !c.runnable) continue;
    info.push(c);
    remaining.push(cid);
  }
  const waves: number[][] = [];
  // `remaining` as a linked list over positions: admitted ids are unlinked, deferred ones keep
  // their order, and a wave that has taken all n lanes stops scanning (nothing else can join), so
  // a round costs about the number of ids planned instead of queue length × waves.
  const count = remaining.length;
  const next = new Int32Array(count + 1);
  for (let i = 0; i < count; i++) next[i] = i + 1 < count ? i + 1 : -1;
  const HEAD = count; // sentinel slot: next[HEAD] is the first remaining position
  next[HEAD] = count > 0 ? 0 : -1;
  let left = count;
  let planned = 0;
  const wave: number[] = [];
  const waveInfo: WaveCoroutine[] = [];
  for (let iter = 0; iter < state.readyQueue.length && left > 0 && planned < budget; iter++) {
    wave.length = 0;
    waveInfo.length = 0;
    let prev = HEAD;
    // Positions index `remaining`, `info` and `next` (all of length count, plus HEAD): never undefined.
    let pos = next[HEAD] ?? -1;
    while (pos !== -1 && wave.length < lanes) {
      const cid = remaining[pos] ?? -1;
      const c = info[pos];
      if (c === undefined) break;
      const fits = waveInfo.every((o, j) => conflict(cid, c, wave[j] ?? -1, o, lanes, widening) === null);
      if (fits) {
        wave.push(cid);
        waveInfo.push(c);
        next[prev] = next[pos] ?? -1;
        left -= 1;
      } else prev = pos;
      pos = next[prev] ?? -1;
    }
    if (wave.length === 0) break;
    // Chunks of at most n: lanes in a wave are distinct, so this only ever cuts for the budget.
    for (let k = 0; k < wave.length && planned < budget; k += lanes) {
      const chunk = wave.slice(k, Math.min(k + lanes, k + (budget - planned)));
      waves.push(chunk);
      planned += chunk.length;
    }
  }
  return { waves, planner_step: state.stepCount };
}

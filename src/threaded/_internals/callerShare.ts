/**
 * How many sessions the calling thread of a wave-parallel run takes, learnt per pool (machine.md
 * §11.8; speed only, never the output). The calling thread also plans, checks and merges every
 * round, and what that costs against a step depends on the machine and the workload, so each
 * finished run measures both sides and moves the pool's weight toward the balance it saw.
 */
import type { ThreadedPool } from '../createThreadedPool.js';

/** Weight of the calling thread against a pool thread's 1 before a pool has measured anything. */
const kInitialWeight = 0.6;
const kMinWeight = 0.05;
const kMaxWeight = 2;
/** Runs shorter than this many rounds say little about the balance: not learnt from. */
const kMinRounds = 256;

/** What one run measured on its timed rounds ({@link timedRound}): milliseconds and steps per side. */
export interface BalanceSample {
  readonly rounds: number;
  /** The calling thread's certificate checks, done while the pool threads execute. */
  readonly checkMs: number;
  /** The calling thread's own steps. */
  readonly ownMs: number;
  readonly ownSteps: number;
  /** Each pool thread's execution time and steps. */
  readonly pool: readonly { readonly ms: number; readonly steps: number }[];
}

const weights = new WeakMap<ThreadedPool, number>();

/**
 * The barrier rounds both sides time for the balance (the same rounds everywhere): one in eight.
 * Reading the clock around every round's check and steps cost about 2 % of a run (four reads of
 * about 80 ns per round of 10–20 µs); the balance needs averages, not every round.
 */
export function timedRound(barrier: number): boolean {
  return (barrier & 7) === 0;
}

/** The calling thread's current weight for runs on `pool` (a pool thread weighs 1). */
export function callerWeight(pool: ThreadedPool): number {
  return weights.get(pool) ?? kInitialWeight;
}

/**
 * Learns from one run on `pool`: with `a` ms per step on the calling thread, `b` on a pool thread
 * and `k` pool threads sharing `n` steps, a round is balanced when `check + a·own = b·p` and
 * `own + k·p = n`; the weight `own / p` that solves it is blended in by half.
 */
export function learnCallerWeight(pool: ThreadedPool, s: BalanceSample): void {
  const busy = s.pool.filter((t) => t.steps > 0 && t.ms > 0);
  if (s.rounds < kMinRounds || s.ownSteps <= 0 || s.ownMs <= 0 || busy.length === 0) return;
  const a = s.ownMs / s.ownSteps;
  const b = busy.reduce((sum, t) => sum + t.ms / t.steps, 0) / busy.length;
  const k = busy.length;
  const n = s.ownSteps + busy.reduce((sum, t) => sum + t.steps, 0);
  const p = (n * a + s.checkMs) / (k * a + b);
  const own = Math.max(0, n - k * p);
  const target = Math.min(kMaxWeight, Math.max(kMinWeight, own / Math.max(1e-9, p)));
  weights.set(pool, 0.5 * callerWeight(pool) + 0.5 * target);
}

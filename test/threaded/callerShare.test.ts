import { afterAll, describe, expect, test } from 'vitest';
import { createThreadedPool } from '../../src/threaded/createThreadedPool.js';
import type { ThreadedPool } from '../../src/threaded/createThreadedPool.js';
import { runThreaded } from '../../src/threaded/runThreaded.js';
import { pingPongRequest } from './_helpers/generators.js';
import { callerWeight, learnCallerWeight } from '../../src/threaded/_internals/callerShare.js';

const fakePool = (): ThreadedPool => ({}) as ThreadedPool;
const sample = (
  checkMs: number,
  ownMs: number,
  ownSteps: number,
  poolMs: number,
  poolSteps: number,
  rounds = 1000,
) => ({
  rounds,
  checkMs,
  ownMs,
  ownSteps,
  pool: [{ ms: poolMs, steps: poolSteps }],
});

describe("the calling thread's share of a wave run, learnt per pool", () => {
  test('starts at 0.6 and moves half way toward the weight that balances the measured round', () => {
    const pool = fakePool();
    expect(callerWeight(pool)).toBe(0.6);
    // Equal step costs, no checking: an even split (weight 1) balances; half way from 0.6 is 0.8.
    learnCallerWeight(pool, sample(0, 50, 50, 50, 50));
    expect(callerWeight(pool)).toBeCloseTo(0.8, 10);
    // The check costs as much as 50 steps: the caller should take 25 of 100 steps (weight 1/3).
    const checking = fakePool();
    for (let i = 0; i < 40; i++) learnCallerWeight(checking, sample(50, 50, 50, 50, 50));
    expect(callerWeight(checking)).toBeCloseTo(1 / 3, 6);
    // Slower pool threads (2 ms per step) push work to the caller: 2p = own, own + p = 100.
    const slow = fakePool();
    for (let i = 0; i < 40; i++) learnCallerWeight(slow, sample(0, 50, 50, 100, 50));
    expect(callerWeight(slow)).toBeCloseTo(2, 6);
  });

  test('short runs and runs without steps on one side teach nothing; the weight stays within bounds', () => {
    const pool = fakePool();
    learnCallerWeight(pool, sample(0, 10, 10, 90, 90, 255));
    learnCallerWeight(pool, sample(0, 0, 0, 90, 90));
    learnCallerWeight(pool, sample(0, 10, 10, 0, 0));
    expect(callerWeight(pool)).toBe(0.6);
    const extreme = fakePool();
    for (let i = 0; i < 60; i++) learnCallerWeight(extreme, sample(1000, 50, 50, 1, 50));
    expect(callerWeight(extreme)).toBeCloseTo(0.05, 6);
  });
});

describe('learning on a real pool', () => {
  const pool = createThreadedPool({ workers: 1 });
  afterAll(() => pool.close());
  test('runs on one pool learn a new split of the sessions and give the same result every time', async () => {
    const req = pingPongRequest(8, 2, 6000);
    const opts = {
      mode: 'wave_parallel_extension' as const,
      pool,
      stepStates: false,
      contendedBusyShare: 0,
      soloRounds: 0,
    };
    const first = await runThreaded(req, opts);
    expect(first.ok).toBe(true);
    expect(callerWeight(pool)).not.toBe(0.6);
    const weights = [callerWeight(pool)];
    for (let i = 0; i < 3; i++) {
      expect(await runThreaded(req, opts)).toEqual(first);
      weights.push(callerWeight(pool));
    }
    expect(await runThreaded(req, { ...opts, pool: undefined, workers: 1 })).toEqual(first);
    expect(weights.every((w) => w >= 0.05 && w <= 2)).toBe(true);
  });
});

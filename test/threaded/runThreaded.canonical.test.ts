import { afterAll, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { runCooperative } from '../../src/machine/runCooperative.js';
import { createThreadedPool } from '../../src/threaded/createThreadedPool.js';
import { runThreaded } from '../../src/threaded/runThreaded.js';
import type { RunRequest, RunResult } from '../../src/types/bridge.js';
import type { CodeImage, MachineConfig } from '../../src/types/machine.js';
import { codeImageArb } from '../../arbitraries/codeImage.js';
import { runRequestArb } from '../../arbitraries/runRequest.js';
import { codeImageArbLocal, pingPongOnceRequest, pingPongRequest } from './_helpers/generators.js';
import { slowStepStates } from '../_helpers/slowStepStates.js';
import { testSeed } from '../_helpers/seed.js';

/** machine.md §13.1 strict equality: bridge form deep-equal, diagnostics final_tick/faults/machine_trace equal. */
function expectStrictlyEqual(coop: RunResult, thr: RunResult, concurrency: number): void {
  expect(thr.output).toEqual({ ...coop.output, concurrency });
  expect(thr.diagnostics?.final_tick).toBe(coop.diagnostics?.final_tick);
  expect(thr.diagnostics?.faults).toEqual(coop.diagnostics?.faults);
  expect(thr.diagnostics?.machine_trace).toEqual(coop.diagnostics?.machine_trace);
  expect(thr.diagnostics?.engine).toBe('threaded');
}

const pool = createThreadedPool({ workers: 2 });
afterAll(async () => {
  await pool.close();
});

async function both(
  input: RunRequest | CodeImage,
  opts: {
    lanes?: number;
    mode?: 'canonical_one_step' | 'wave_parallel_extension';
    schedule?: number[];
    stepStates?: boolean;
  },
) {
  const coop = runCooperative(input, {
    ...(opts.schedule ? { schedule: opts.schedule } : {}),
    stepStates: opts.stepStates ?? true,
  });
  const t1 = await runThreaded(input, { ...opts, workers: 1 });
  const t2 = await runThreaded(input, { ...opts, pool });
  return { coop, t1, t2 };
}

const seed = 61;
describe(`canonical cases are the cooperative run (bridge.md 11.1, machine.md 11.7; seed ${seed})`, () => {
  test('n = 1 in both modes, run requests, workers 1 and 2, with and without step states', async () => {
    await fc.assert(
      fc.asyncProperty(
        runRequestArb({ maxConcurrency: 1, maxSteps: 300 }),
        fc.constantFrom('canonical_one_step' as const, 'wave_parallel_extension' as const),
        fc.boolean(),
        async (req, mode, stepStates) => {
          const { coop, t1, t2 } = await both(req, { mode, stepStates });
          expect(coop.ok && t1.ok && t2.ok).toBe(true);
          if (!coop.ok || !t1.ok || !t2.ok) return;
          expectStrictlyEqual(coop.value, t1.value, req.concurrency);
          expectStrictlyEqual(coop.value, t2.value, req.concurrency);
          expect(t1.value.diagnostics?.threaded?.lanes).toBe(1);
        },
      ),
      { seed, numRuns: 100 },
    );
  });

  test('any n under canonical_one_step, run requests with schedules', async () => {
    await fc.assert(
      fc.asyncProperty(
        runRequestArb({ maxSteps: 300 }),
        fc.integer({ min: 2, max: 4 }),
        fc.array(fc.nat({ max: 5 }), { maxLength: 20 }),
        async (r, n, schedule) => {
          const req = { ...r, concurrency: n };
          const { coop, t1, t2 } = await both(req, { mode: 'canonical_one_step', schedule });
          expect(coop.ok && t1.ok && t2.ok).toBe(true);
          if (!coop.ok || !t1.ok || !t2.ok) return;
          expectStrictlyEqual(coop.value, t1.value, req.concurrency);
          expectStrictlyEqual(coop.value, t2.value, req.concurrency);
        },
      ),
      { seed: seed + 1, numRuns: 60 },
    );
  });

  test('code images (compiled and with faulting instructions), n = 1 and canonical n = 3', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(codeImageArb({ mutateRatio: 0.3, randomCodeRatio: 0.2 }), codeImageArbLocal({ faults: true })),
        fc.constantFrom(1, 3),
        async (image, lanes) => {
          const mode = lanes === 1 ? ('wave_parallel_extension' as const) : ('canonical_one_step' as const);
          const coop = runCooperative(image, { maxSteps: 300 });
          const t1 = await runThreaded(image, { lanes, mode, workers: 1, maxSteps: 300 });
          const t2 = await runThreaded(image, { lanes, mode, pool, maxSteps: 300 });
          expect(coop.ok && t1.ok && t2.ok).toBe(true);
          if (!coop.ok || !t1.ok || !t2.ok) return;
          // A code image has no request to echo: the threaded lane echoes its n (machine.md 11.7).
          expectStrictlyEqual(coop.value, t1.value, lanes);
          expectStrictlyEqual(coop.value, t2.value, lanes);
        },
      ),
      { seed: seed + 2, numRuns: 100 },
    );
  });

  test('canonical runs computed ahead on worker threads (sessions run alone, merged centrally) are the cooperative run', async () => {
    for (const req of [
      pingPongRequest(6, 1, 500),
      pingPongRequest(5, 3, 37),
      pingPongRequest(2, 0, 0),
      pingPongRequest(9, 1, 2000),
    ]) {
      const coop = runCooperative(req, { stepStates: false });
      const viaThreads = await runThreaded(req, { pool, workers: 3, stepStates: false });
      expect(coop.ok && viaThreads.ok).toBe(true);
      if (!coop.ok || !viaThreads.ok) return;
      expectStrictlyEqual(coop.value, viaThreads.value, req.concurrency);
      expect(viaThreads.value.diagnostics?.threaded?.lane_trace).toHaveLength(viaThreads.value.output.steps_executed);
    }
  });

  test('Tier-2 configurations with worker threads: per-edge buffers and spent progress tokens; a token-aware policy with tokens (its picks compare sessions) stays on the calling thread', async () => {
    const configs: Partial<MachineConfig>[] = [
      { initialProgressTokens: 3, progressTokenPolicy: 'consume' },
      { initialProgressTokens: 3, progressTokenPolicy: 'consume', schedPolicy: { kind: 'progress_aware' } },
      { initialProgressTokens: 2, schedPolicy: { kind: 'priority_token_weighted' } },
      {
        edgeBufferConfigs: [
          { sender: 'A', receiver: 'B', config: { mode: 'fifo', initialCapacity: 1, policy: { kind: 'drop' } } },
        ],
      },
    ];
    for (const config of configs) {
      for (const req of [pingPongRequest(5, 3, 37), pingPongRequest(4, 1, 300)]) {
        const coop = runCooperative(req, { config, stepStates: false });
        for (const mode of ['canonical_one_step', 'wave_parallel_extension'] as const) {
          const viaThreads = await runThreaded(req, { config, pool, workers: 3, stepStates: false, lanes: 1, mode });
          expect(coop.ok && viaThreads.ok).toBe(true);
          if (!coop.ok || !viaThreads.ok) return;
          expectStrictlyEqual(coop.value, viaThreads.value, req.concurrency);
        }
      }
    }
  });

  test('the §14.1 ping-pong at n = 1 is the worked cooperative run', async () => {
    const r = await runThreaded(pingPongOnceRequest(1, 64), { workers: 1 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(
      r.value.output.trace.map((e) => `${e.kind}@${e.tick}${e.target === undefined ? '' : `:${e.target}`}`),
    ).toEqual(['opened@0', 'sent@1', 'received@2', 'sent@6', 'received@8', 'halted@9:1', 'halted@11:0']);
    expect(r.value.diagnostics?.final_tick).toBe(11);
    expect(r.value.output.steps_executed).toBe(11);
    expect(r.value.diagnostics?.threaded).toMatchObject({
      lanes: 1,
      mode: 'canonical_one_step',
      max_wave_width: 1,
      certificate_fallbacks: 0,
      certificates: [],
    });
  });

  test('rejects a bad schedule and passes load errors through unchanged', async () => {
    const bad = await runThreaded(pingPongRequest(1, 1, 5), { schedule: [-1] });
    expect(bad.ok ? null : bad.error.code).toBe('InvalidConfig');
    const req = { ...pingPongRequest(1, 1, 5), max_steps: -3 } as RunRequest;
    const coop = runCooperative(req);
    const thr = await runThreaded(req);
    expect(thr).toEqual(coop);
  });
});

describe('step states when a canonical round changes nothing (the last post-state is the next pre-state)', () => {
  test('n = 1 and canonical n = 3: every step state equals the one taken with a fresh slice at every round', async () => {
    let wakes = 0;
    for (const req of fc.sample(runRequestArb({ maxSteps: 60 }), { seed: testSeed(20261210), numRuns: 100 })) {
      const slow = slowStepStates(req);
      if (slow === undefined) continue;
      wakes += slow.wakes;
      for (const lanes of [1, 3]) {
        const r = await runThreaded(req, { lanes, workers: 1, mode: 'canonical_one_step' });
        expect(r.ok).toBe(true);
        if (!r.ok) continue;
        expect(JSON.parse(JSON.stringify(r.value.output.step_states))).toEqual(JSON.parse(JSON.stringify(slow.states)));
      }
    }
    expect(wakes).toBeGreaterThan(100);
  });
});

describe('threaded diagnostics', () => {
  test('machine_trace is built only when read, in its place among the keys, as the cooperative run has it', async () => {
    const request = pingPongOnceRequest(1, 20);
    const r = await runThreaded(request, { lanes: 1, workers: 1 });
    const coop = runCooperative(request);
    if (!r.ok || !coop.ok) throw new Error('rejected');
    const d = r.value.diagnostics as object;
    expect(Object.getOwnPropertyDescriptor(d, 'machine_trace')).toHaveProperty('get');
    expect(Object.keys(d)).toEqual(['engine', 'final_tick', 'faults', 'machine_trace', 'failure_visible', 'threaded']);
    expect(r.value.diagnostics?.machine_trace).toEqual(coop.value.diagnostics?.machine_trace);
    expect((r.value.diagnostics?.machine_trace ?? []).length).toBeGreaterThan(3);
  });
});

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { runCooperative } from '../../src/machine/runCooperative.js';
import { judgeEnvelope } from '../../src/trace/judgeEnvelope.js';
import { checkWaveCertificate } from '../../src/threaded/checkWaveCertificate.js';
import { createThreadedPool } from '../../src/threaded/createThreadedPool.js';
import { runThreaded } from '../../src/threaded/runThreaded.js';
import { certificateRecordState } from '../../src/threaded/waveCertificate.js';
import type { CertificateRecord } from '../../src/threaded/waveCertificate.js';
import type { RunResult } from '../../src/types/bridge.js';
import type { BufferConfig } from '../../src/types/machine.js';
import { codeImageArb } from '../../arbitraries/codeImage.js';
import { runRequestArb } from '../../arbitraries/runRequest.js';
import { codeImageArbLocal, pingPongOnceRequest, pingPongRequest } from './_helpers/generators.js';

// Wave-parallel runs here play this many solo rounds, then barrier rounds: small runs would
// otherwise be solo from end to end (400 rounds by default) and never reach the barrier.
const SOLO = 2;

const pool2 = createThreadedPool({ workers: 2 });
const pool4 = createThreadedPool({ workers: 4 });
afterAll(async () => {
  await Promise.all([pool2.close(), pool4.close()]);
});
const WAVES = 'wave_parallel_extension' as const;

/** G1 + G2 of bridge.md 11.3 must hold; G3 is not gated. */
function expectWithinEnvelope(coop: RunResult, thr: RunResult): void {
  const j = judgeEnvelope(coop, thr);
  expect(j.regime).toBe('envelope');
  expect(j.failures).toEqual([]);
  expect(j.gates.G1).toBe(true);
  expect(j.gates.G2).toBe(true);
}

/** Invariants of every wave run (machine.md 11.4–11.7): certificates re-check, widths, budget. */
function expectWaveInvariants(r: RunResult, lanes: number, maxSteps: number, widening = false): void {
  const t = r.diagnostics?.threaded;
  expect(t).toBeDefined();
  if (t === undefined) return;
  expect(t.lanes).toBe(lanes);
  expect(t.mode).toBe(WAVES);
  expect(t.max_wave_width).toBeLessThanOrEqual(lanes);
  expect(r.output.steps_executed).toBeLessThanOrEqual(maxSteps);
  for (const rec of t.certificates as CertificateRecord[]) {
    expect(checkWaveCertificate(rec, certificateRecordState(rec, lanes, widening))).toEqual({ ok: true, value: true });
  }
  // Tier 1 never skips a wave member: one lane-trace entry per counted step.
  expect(t.lane_trace.length).toBe(r.output.steps_executed);
}

describe('wave rounds (machine.md 11.2–11.5)', () => {
  test('§14.1 ping-pong at n = 2 matches the worked wave table', async () => {
    const r = await runThreaded(pingPongOnceRequest(2, 64), { mode: WAVES, workers: 1 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(
      r.value.output.trace.map((e) => `${e.kind}@${e.tick}${e.target === undefined ? '' : `:${e.target}`}`),
    ).toEqual(['opened@0', 'sent@1', 'received@1', 'sent@3', 'received@4', 'halted@5:1', 'halted@6:0']);
    expect(r.value.output.steps_executed).toBe(11);
    expect(r.value.output.step_states).toHaveLength(11);
    expect(r.value.diagnostics?.final_tick).toBe(6);
    expect(r.value.diagnostics?.threaded?.max_wave_width).toBe(1);
    expect(r.value.diagnostics?.threaded?.certificates.map((c) => (c as CertificateRecord).waves)).toEqual([
      [[0], [1]],
      [[0], [1]],
      [[0], [1]],
      [[1], [0]],
      [[1], [0]],
      [[0]],
    ]);
    const coop = runCooperative(pingPongOnceRequest(2, 64));
    if (coop.ok) expectWithinEnvelope(coop.value, r.value);
  });

  test('independent sessions share waves up to n, and the plan is cut to max_steps', async () => {
    const req = pingPongRequest(3, 4, 7);
    const r = await runThreaded(req, { mode: WAVES, workers: 1 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.output.steps_executed).toBe(7);
    expect(r.value.output.status).toBe('stuck');
    const certs = r.value.diagnostics?.threaded?.certificates as CertificateRecord[];
    // Round 1: coroutines 0..5 on lanes cid mod 4, one per session per wave → [0,2,5] [1,3,4]; round 2 is cut to 1 id.
    expect(certs.map((c) => c.waves)).toEqual([
      [
        [0, 2, 5],
        [1, 3, 4],
      ],
      [[0]],
    ]);
    expect(r.value.diagnostics?.threaded?.max_wave_width).toBe(3);
    expectWaveInvariants(r.value, 4, 7);
  });

  const seed = 62;
  test(`run requests at n = 2 and 4: G1 + G2 hold, certificates re-check, workers 1 = 2 (seed ${seed})`, async () => {
    await fc.assert(
      fc.asyncProperty(runRequestArb({ maxSteps: 300, maxChoreographies: 4 }), fc.constantFrom(2, 4), async (r, n) => {
        const req = { ...r, concurrency: n };
        const coop = runCooperative(req);
        const t1 = await runThreaded(req, { mode: WAVES, workers: 1 });
        const t2 = await runThreaded(req, { mode: WAVES, pool: pool2, soloRounds: SOLO, stepStates: false });
        expect(coop.ok && t1.ok && t2.ok).toBe(true);
        if (!coop.ok || !t1.ok || !t2.ok) return;
        expectWithinEnvelope(coop.value, t1.value);
        expectWaveInvariants(t1.value, req.concurrency, req.max_steps);
        expect(t1.value.output.step_states).toHaveLength(t1.value.output.steps_executed);
        // Worker threads change nothing but the absent step states.
        expect(t2.value).toEqual({ ...t1.value, output: { ...t1.value.output, step_states: [] } });
      }),
      { seed, numRuns: 60 },
    );
  });

  const bufferArb = fc.record({
    mode: fc.constant('fifo' as const),
    initialCapacity: fc.integer({ min: 1, max: 3 }),
    policy: fc.oneof(
      fc.constant({ kind: 'block' as const }),
      fc.integer({ min: 1, max: 4 }).map((m) => ({ kind: 'resize' as const, maxCapacity: m })),
    ),
  }) as fc.Arbitrary<BufferConfig>;

  let withFaults = 0;
  test(`code images with fifo block/resize buffers and faulting code: G1 + G2, faults per coroutine as cooperative (seed ${seed + 1})`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(codeImageArb({ mutateRatio: 0.3, randomCodeRatio: 0.2 }), codeImageArbLocal({ faults: true })),
        bufferArb,
        fc.constantFrom(2, 4),
        fc.boolean(),
        async (image, bufferConfig, lanes, widening) => {
          const config = { bufferConfig, footprintGuidedWaveWidening: widening };
          const coop = runCooperative(image, { config, maxSteps: 250 });
          // Threshold 1 sends even a single-session image through the worker threads.
          const t1 = await runThreaded(image, { lanes, mode: WAVES, config, maxSteps: 250, workers: 1 });
          const t2 = await runThreaded(image, {
            lanes,
            mode: WAVES,
            config,
            maxSteps: 250,
            pool: pool2,
            stepStates: false,
            soloRounds: SOLO,
            workerSessionThreshold: 1,
          });
          expect(coop.ok && t1.ok && t2.ok).toBe(true);
          if (!coop.ok || !t1.ok || !t2.ok) return;
          // A code image echoes n; compare the rest through the classifier.
          expectWithinEnvelope({ ...coop.value, output: { ...coop.value.output, concurrency: lanes } }, t1.value);
          expectWaveInvariants(t1.value, lanes, 250, widening);
          expect(t2.value).toEqual({ ...t1.value, output: { ...t1.value.output, step_states: [] } });
          // Lifecycle events are complete (unlike telltale's Rust threaded runtime): every fault
          // has its failure_branch_entered and faulted events, every halt its halted event.
          const kinds = (t1.value.diagnostics?.machine_trace ?? []).map((e) => (e as { kind: string }).kind);
          const nFaults = t1.value.diagnostics?.faults.length ?? 0;
          expect(kinds.filter((k) => k === 'failure_branch_entered')).toHaveLength(nFaults);
          expect(kinds.filter((k) => k === 'faulted')).toHaveLength(nFaults);
          const byCoro = (r: RunResult) => new Map((r.diagnostics?.faults ?? []).map((f) => [f.coro_id, f.fault]));
          const completed = coop.value.output.status === 'completed' && t1.value.output.status === 'completed';
          if (completed && byCoro(t1.value).size > 0) withFaults += 1;
          // Completed runs fault the same coroutines the same way; a run cut short compares only the
          // coroutines that faulted on both sides.
          const both = [...byCoro(t1.value)].filter(([cid]) => completed || byCoro(coop.value).has(cid));
          expect(new Map(both)).toEqual(
            completed ? byCoro(coop.value) : new Map(both.map(([cid]) => [cid, byCoro(coop.value).get(cid)])),
          );
        },
      ),
      { seed: seed + 1, numRuns: 60 },
    );
    // The property must have seen completed runs with faults inside waves.
    expect(withFaults).toBeGreaterThan(5);
  });

  test('output is independent of workers (1, 2, 4) on many sessions', async () => {
    const req = pingPongRequest(9, 3, 500);
    const runs = await Promise.all([
      runThreaded(req, { mode: WAVES, workers: 1, stepStates: false }),
      runThreaded(req, { mode: WAVES, pool: pool2, soloRounds: SOLO, stepStates: false }),
      runThreaded(req, { mode: WAVES, pool: pool4, soloRounds: SOLO, stepStates: false, oversubscribe: true }),
    ]);
    const [a, b, c] = runs.map((r) => (r.ok ? r.value : r.error));
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect((a as RunResult).diagnostics?.threaded?.max_wave_width).toBe(3);
  });

  test('solo rounds, then barrier rounds: the output does not depend on the round where the threads split the sessions', async () => {
    // Faults and events in both phases: the solo rounds' come from the calling thread alone.
    const req = pingPongRequest(7, 2, 400);
    const config = { initialCostBudget: 9n };
    const alone = await runThreaded(req, { mode: WAVES, workers: 1, stepStates: false, config });
    expect(alone.ok && alone.value.output.trace.length > 0 && (alone.value.diagnostics?.faults.length ?? 0) > 0).toBe(
      true,
    );
    for (const soloRounds of [0, 1, 5, 12, 400]) {
      const split = await runThreaded(req, { mode: WAVES, pool: pool2, stepStates: false, config, soloRounds });
      expect(split, `soloRounds ${soloRounds}`).toEqual(alone);
    }
  });

  test('faults inside waves on worker threads merge into the same trace and fault list as on one thread', async () => {
    // A small cost budget makes coroutines of every session fault (out_of_credits) mid-run.
    const req = pingPongRequest(7, 2, 400);
    const config = { initialCostBudget: 9n };
    const runs = await Promise.all([
      runThreaded(req, { mode: WAVES, workers: 1, stepStates: false, config }),
      runThreaded(req, { mode: WAVES, pool: pool2, soloRounds: SOLO, stepStates: false, config }),
      runThreaded(req, { mode: WAVES, pool: pool4, soloRounds: SOLO, stepStates: false, config, oversubscribe: true }),
    ]);
    const [a, b, c] = runs.map((r) => (r.ok ? r.value : r.error));
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    const one = a as RunResult;
    const n = one.diagnostics?.faults.length ?? 0;
    expect(n).toBeGreaterThan(7);
    expect(one.output.trace.filter((e) => e.kind === 'faulted')).toHaveLength(n);
    expect(new Set(one.diagnostics?.faults.map((f) => f.coro_id)).size).toBe(n);
  });

  test('a forced invalid certificate falls back to one canonical step (machine.md 11.6), on both paths', async () => {
    const req = pingPongRequest(4, 2, 60);
    const base = await runThreaded(req, { mode: WAVES, workers: 1, stepStates: false });
    const testHooks = { forceInvalidCertificateOnce: true };
    const t1 = await runThreaded(req, { mode: WAVES, workers: 1, stepStates: false, testHooks });
    const t2 = await runThreaded(req, { mode: WAVES, pool: pool2, soloRounds: SOLO, stepStates: false, testHooks });
    expect(base.ok && t1.ok && t2.ok).toBe(true);
    if (!base.ok || !t1.ok || !t2.ok) return;
    expect(base.value.diagnostics?.threaded?.certificate_fallbacks).toBe(0);
    expect(t1.value.diagnostics?.threaded?.certificate_fallbacks).toBe(1);
    expect(t2.value).toEqual(t1.value);
    // The first round ran only coroutine 0 (the canonical pick) instead of the whole queue.
    expect(t1.value.diagnostics?.threaded?.lane_trace.filter((e) => (e as { tick: number }).tick === 1)).toEqual([
      { tick: 1, wave: 0, coro_id: 0, session: 0, lane: 0 },
    ]);
    const coop = runCooperative(req);
    if (coop.ok) expectWithinEnvelope(coop.value, t1.value);
  });
});

describe('worker failures are typed errors for that run (real worker threads)', () => {
  const req = pingPongRequest(4, 2, 400);
  beforeAll(async () => {
    // Warm threads: the deadlines below should measure the run, not thread start-up.
    await runThreaded(req, { mode: WAVES, pool: pool2, soloRounds: SOLO, stepStates: false });
  });
  test('a worker that throws mid-run → WorkerCrashed; the pool keeps working', async () => {
    const r = await runThreaded(req, {
      mode: WAVES,
      pool: pool2,
      soloRounds: SOLO,
      stepStates: false,
      faultInjection: 'throw-in-round',
    });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'WorkerCrashed', message: expect.stringContaining('injected worker failure') },
    });
    const again = await runThreaded(req, { mode: WAVES, pool: pool2, soloRounds: SOLO, stepStates: false });
    expect(again.ok ? 'ok' : again.error).toBe('ok');
  });
  test('a worker that throws while loading, before it attached → WorkerCrashed at once, not at the deadline', async () => {
    const t0 = Date.now();
    const r = await runThreaded(req, {
      mode: WAVES,
      pool: pool2,
      soloRounds: SOLO,
      stepStates: false,
      faultInjection: 'throw-on-load',
      timeoutMs: 60_000,
    });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'WorkerCrashed', message: expect.stringContaining('injected worker failure') },
    });
    expect(Date.now() - t0).toBeLessThan(10_000);
    const again = await runThreaded(req, { mode: WAVES, pool: pool2, soloRounds: SOLO, stepStates: false });
    expect(again.ok ? 'ok' : again.error).toBe('ok');
  });
  test('a worker that calls process.exit mid-run → WorkerCrashed, not a hang', async () => {
    const r = await runThreaded(req, {
      mode: WAVES,
      pool: pool2,
      soloRounds: SOLO,
      stepStates: false,
      faultInjection: 'exit-in-round',
    });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'WorkerCrashed', message: expect.stringContaining('process.exit(1)') },
    });
  });
  test('a hung worker → TimedOut within the deadline; the pool keeps working', async () => {
    const r = await runThreaded(req, {
      mode: WAVES,
      pool: pool2,
      stepStates: false,
      soloRounds: SOLO,
      faultInjection: 'hang-in-round',
      timeoutMs: 1500,
    });
    expect(r.ok ? 'ok' : r.error).toMatchObject({ code: 'TimedOut' });
    const again = await runThreaded(req, { mode: WAVES, pool: pool2, soloRounds: SOLO, stepStates: false });
    expect(again.ok).toBe(true);
  });
  test('concurrent runs on one pool take turns instead of deadlocking on half the threads each', async () => {
    const reqs = [pingPongRequest(3, 2, 120), pingPongRequest(5, 2, 150), pingPongRequest(4, 3, 90)];
    const together = await Promise.all(
      reqs.map((r) =>
        runThreaded(r, { mode: WAVES, pool: pool2, soloRounds: SOLO, stepStates: false, timeoutMs: 20_000 }),
      ),
    );
    const alone = await Promise.all(reqs.map((r) => runThreaded(r, { mode: WAVES, workers: 1, stepStates: false })));
    expect(together).toEqual(alone);
  });
  test('canonical runs computed ahead on threads fail the same typed ways (load, throw, exit, hang)', async () => {
    // Large budget: the merge must ask the workers for more records, which triggers the fault.
    const canon = pingPongRequest(4, 1, 20_000);
    const onLoad = await runThreaded(canon, { pool: pool2, stepStates: false, faultInjection: 'throw-on-load' });
    expect(onLoad.ok ? 'ok' : onLoad.error.code).toBe('WorkerCrashed');
    const thrown = await runThreaded(canon, { pool: pool2, stepStates: false, faultInjection: 'throw-in-round' });
    expect(thrown.ok ? 'ok' : thrown.error.code).toBe('WorkerCrashed');
    const exited = await runThreaded(canon, { pool: pool2, stepStates: false, faultInjection: 'exit-in-round' });
    expect(exited.ok ? 'ok' : exited.error.code).toBe('WorkerCrashed');
    const hung = await runThreaded(canon, {
      pool: pool2,
      stepStates: false,
      faultInjection: 'hang-in-round',
      timeoutMs: 1500,
    });
    expect(hung.ok ? 'ok' : hung.error.code).toBe('TimedOut');
    const fine = await runThreaded(canon, { pool: pool2, stepStates: false });
    const ref = runCooperative(canon, { stepStates: false });
    expect(fine.ok && ref.ok && fine.value.output).toEqual(ref.ok && ref.value.output);
  });
  test('without a pool, a pool is started and closed for the run', async () => {
    const r = await runThreaded(pingPongRequest(3, 2, 50), {
      mode: WAVES,
      workers: 2,
      stepStates: false,
      soloRounds: SOLO,
    });
    const ref = await runThreaded(pingPongRequest(3, 2, 50), { mode: WAVES, workers: 1, stepStates: false });
    expect(r).toEqual(ref);
  });
});

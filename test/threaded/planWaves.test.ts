import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { planWaves } from '../../src/threaded/planWaves.js';
import { FastPlanner } from '../../src/threaded/_internals/fastPlanner.js';
import { checkWaveCertificate } from '../../src/threaded/checkWaveCertificate.js';
import { certificateRecordState, footprintAtom, laneOf } from '../../src/threaded/waveCertificate.js';
import type { WaveCoroutine, WavePlanningState } from '../../src/threaded/waveCertificate.js';

/** A two-role session s with coroutines (a, b): footprints {(s,A),(s,B)} for both. */
function twoParty(entries: Map<number, WaveCoroutine>, s: number, a: number, b: number): void {
  const fp = [footprintAtom(s, 'A'), footprintAtom(s, 'B')];
  entries.set(a, { runnable: true, session: s, footprint: fp });
  entries.set(b, { runnable: true, session: s, footprint: fp });
}

/** machine.md §11.3 pseudo-code, literally (no budget): the reference the fast planner must match. */
function referencePlan(st: WavePlanningState): number[][] {
  const compatible = (cid: number, wave: number[]): boolean => {
    const c = st.coroutine(cid);
    if (c === undefined || !c.runnable) return false;
    return wave.every((o) => {
      const x = st.coroutine(o)!;
      if (laneOf(cid, st.lanes) === laneOf(o, st.lanes)) return false;
      if (!(st.widening ?? false) && c.session !== null && x.session !== null && c.session === x.session) return false;
      return c.footprint.every((a) => !x.footprint.includes(a));
    });
  };
  let remaining = [...st.readyQueue];
  const waves: number[][] = [];
  for (let i = 0; i < st.readyQueue.length; i++) {
    if (remaining.length === 0) break;
    const wave: number[] = [];
    const deferred: number[] = [];
    for (const cid of remaining) (compatible(cid, wave) ? wave : deferred).push(cid);
    if (wave.length === 0) break;
    waves.push(wave);
    remaining = deferred;
  }
  return waves.flatMap((w) => {
    const chunks: number[][] = [];
    for (let k = 0; k < w.length; k += st.lanes) chunks.push(w.slice(k, k + st.lanes));
    return chunks;
  });
}

function state(
  queue: number[],
  cs: Map<number, WaveCoroutine>,
  lanes: number,
  stepCount = 0,
  widening = false,
): WavePlanningState {
  return { readyQueue: queue, stepCount, lanes, widening, coroutine: (c) => cs.get(c) };
}

describe('planWaves (Lean planDeterministicWaves, machine.md §11.3)', () => {
  test('pairs coroutines of different sessions on different lanes, keeping queue order', () => {
    const cs = new Map<number, WaveCoroutine>();
    twoParty(cs, 0, 0, 1);
    twoParty(cs, 1, 2, 3);
    const cert = planWaves(state([0, 1, 2, 3], cs, 2, 7));
    expect(cert).toEqual({
      waves: [
        [0, 3],
        [1, 2],
      ],
      planner_step: 7,
    });
  });

  test('gives one wave per coroutine of a single session (§14.1 worked example)', () => {
    const cs = new Map<number, WaveCoroutine>();
    twoParty(cs, 0, 0, 1);
    expect(planWaves(state([1, 0], cs, 2)).waves).toEqual([[1], [0]]);
  });

  test('never plans non-runnable ids and leaves skipped ids in place for the next wave (MD-23)', () => {
    const cs = new Map<number, WaveCoroutine>();
    twoParty(cs, 0, 0, 1);
    twoParty(cs, 1, 2, 3);
    cs.set(4, { runnable: false, session: 2, footprint: [footprintAtom(2, 'A')] });
    // x = 2 (s1, lane 0), a = 0 (s0, lane 0), b = 1 (s0, lane 1): b overtakes a.
    expect(planWaves(state([2, 4, 0, 1], cs, 2)).waves).toEqual([[2, 1], [0]]);
  });

  test('cuts the plan to the budget in wave order and drops empty waves (§11.2)', () => {
    const cs = new Map<number, WaveCoroutine>();
    for (let s = 0; s < 3; s++) twoParty(cs, s, 2 * s, 2 * s + 1);
    const q = [0, 1, 2, 3, 4, 5];
    expect(planWaves(state(q, cs, 4)).waves).toEqual([
      [0, 2, 5],
      [1, 3, 4],
    ]);
    expect(planWaves(state(q, cs, 4), 4).waves).toEqual([[0, 2, 5], [1]]);
    expect(planWaves(state(q, cs, 4), 3).waves).toEqual([[0, 2, 5]]);
    expect(planWaves(state(q, cs, 4), 2).waves).toEqual([[0, 2]]);
    expect(planWaves(state(q, cs, 4), 0).waves).toEqual([]);
  });

  test('session rule is skipped with footprint widening, footprint rule still applies', () => {
    const cs = new Map<number, WaveCoroutine>();
    // Three roles of session 0; C talks to nobody, so its footprint is disjoint from A's and B's.
    cs.set(0, { runnable: true, session: 0, footprint: [footprintAtom(0, 'A'), footprintAtom(0, 'B')] });
    cs.set(1, { runnable: true, session: 0, footprint: [footprintAtom(0, 'B'), footprintAtom(0, 'A')] });
    cs.set(2, { runnable: true, session: 0, footprint: [footprintAtom(0, 'C')] });
    expect(planWaves(state([0, 1, 2], cs, 3)).waves).toEqual([[0], [1], [2]]);
    expect(planWaves(state([0, 1, 2], cs, 3, 0, true)).waves).toEqual([[0, 2], [1]]);
  });

  const seed = 6106;
  describe(`random states (seed ${seed})`, () => {
    test('every plan passes its own certificate check, covers every runnable id once, width ≤ n', () => {
      const arb = fc.record({
        lanes: fc.integer({ min: 1, max: 5 }),
        widening: fc.boolean(),
        coros: fc.array(
          fc.record({
            runnable: fc.boolean(),
            session: fc.option(fc.nat({ max: 3 })),
            roles: fc.subarray(['A', 'B', 'C', 'D']),
          }),
          { maxLength: 14 },
        ),
        order: fc.array(fc.nat(), { maxLength: 14 }),
        budget: fc.option(fc.nat({ max: 16 })),
      });
      fc.assert(
        fc.property(arb, ({ lanes, widening, coros, order, budget }) => {
          const cs = new Map<number, WaveCoroutine>();
          coros.forEach((c, cid) =>
            cs.set(cid, {
              runnable: c.runnable,
              session: c.session,
              footprint: c.roles.map((r) => footprintAtom(c.session ?? 0, r)),
            }),
          );
          // A queue is a permutation of some ids, no duplicates.
          const ids = [...cs.keys()];
          const queue: number[] = [];
          for (const k of order) {
            if (ids.length === 0) break;
            queue.push(ids.splice(k % ids.length, 1)[0]!);
          }
          const st = state(queue, cs, lanes, 3, widening);
          const cert = planWaves(st, budget ?? undefined);
          const full = referencePlan(st);
          // The engine's integer planner makes the same plan and gives the same check verdicts.
          const fast = new FastPlanner(lanes, widening);
          const data = {
            session: Int32Array.from(coros.map((c) => c.session ?? -1)),
            footprint: coros.map((_, cid) => fast.intern(cs.get(cid)!.footprint)),
            runnable: (cid: number) => cs.get(cid)?.runnable ?? false,
          };
          expect(fast.plan(queue, data, budget ?? Infinity)).toEqual(cert.waves);
          // The wave rounds' variant: sizes reserved once, runnable flags as a status array, and the
          // footprint test skipped when every atom lies in its coroutine's own session.
          const sized = new FastPlanner(lanes, widening);
          const scoped = coros.every((c) => c.session !== null || c.roles.length === 0);
          const flags = {
            ...data,
            footprint: coros.map((_, cid) => sized.intern(cs.get(cid)!.footprint)),
            runnable: () => {
              throw new Error('the status array answers');
            },
            ready: Uint8Array.from(coros.map((c) => (c.runnable ? 0 : 1))),
            sessionScoped: scoped,
          };
          sized.reserve(coros.length, 4);
          expect(sized.plan(queue, flags, budget ?? Infinity)).toEqual(cert.waves);
          expect(fast.check(cert.waves, queue, data)).toBe(true);
          const shuffled = [...cert.waves.flat()].reverse();
          const bad = [shuffled.slice(0, lanes + 1), shuffled.slice(lanes + 1)].filter((w) => w.length > 0);
          expect(fast.check(bad, queue, data)).toBe(checkWaveCertificate({ waves: bad, planner_step: 3 }, st).ok);
          expect(fast.check([[...queue.slice(0, 2)]], queue, data)).toBe(
            checkWaveCertificate({ waves: [queue.slice(0, 2)], planner_step: 3 }, st).ok,
          );
          // The same verdicts from the status array (the wave rounds' check reads no `runnable`).
          expect(sized.check(cert.waves, queue, flags)).toBe(true);
          expect(sized.check(bad, queue, flags)).toBe(checkWaveCertificate({ waves: bad, planner_step: 3 }, st).ok);
          expect(sized.check([[...queue.slice(0, 2)]], queue, flags)).toBe(
            checkWaveCertificate({ waves: [queue.slice(0, 2)], planner_step: 3 }, st).ok,
          );
          expect(planWaves(st).waves).toEqual(full);
          let left = budget ?? Infinity;
          const cut = full
            .map((w) => {
              const k = w.slice(0, Math.max(0, Math.min(w.length, left)));
              left -= k.length;
              return k;
            })
            .filter((w) => w.length > 0);
          expect(cert.waves).toEqual(cut);
          expect(checkWaveCertificate(cert, st)).toEqual({ ok: true, value: true });
          const flat = cert.waves.flat();
          const runnable = queue.filter((c) => cs.get(c)!.runnable);
          expect(flat.length).toBe(Math.min(runnable.length, budget ?? Infinity));
          expect(new Set(flat).size).toBe(flat.length);
          for (const w of cert.waves) {
            expect(w.length).toBeGreaterThan(0);
            expect(w.length).toBeLessThanOrEqual(lanes);
            expect(new Set(w.map((c) => laneOf(c, lanes))).size).toBe(w.length);
          }
          // A record built from the plan re-checks on its own.
          const record = {
            ...cert,
            tick: 1,
            members: flat.map((c) => ({
              coro_id: c,
              lane: laneOf(c, lanes),
              session: cs.get(c)!.session,
              footprint: cs.get(c)!.footprint,
            })),
          };
          expect(checkWaveCertificate(record, certificateRecordState(record, lanes, widening)).ok).toBe(true);
        }),
        { seed, numRuns: 600 },
      );
    });
  });
});

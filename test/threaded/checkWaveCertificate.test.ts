import { describe, expect, test } from 'vitest';
import { checkWaveCertificate } from '../../src/threaded/checkWaveCertificate.js';
import { footprintAtom } from '../../src/threaded/waveCertificate.js';
import type { WaveCoroutine, WavePlanningState } from '../../src/threaded/waveCertificate.js';

const cs = new Map<number, WaveCoroutine>([
  [0, { runnable: true, session: 0, footprint: [footprintAtom(0, 'A'), footprintAtom(0, 'B')] }],
  [1, { runnable: true, session: 0, footprint: [footprintAtom(0, 'B'), footprintAtom(0, 'A')] }],
  [2, { runnable: true, session: 1, footprint: [footprintAtom(1, 'A'), footprintAtom(1, 'B')] }],
  [3, { runnable: true, session: 1, footprint: [footprintAtom(1, 'B'), footprintAtom(1, 'A')] }],
  [4, { runnable: false, session: 2, footprint: [footprintAtom(2, 'A')] }],
  // No session (owns no endpoint) but a footprint that overlaps session 1's.
  [5, { runnable: true, session: null, footprint: [footprintAtom(1, 'A')] }],
  [7, { runnable: true, session: 3, footprint: [footprintAtom(3, 'A')] }],
]);
const st: WavePlanningState = {
  readyQueue: [0, 1, 2, 3, 4, 5, 7],
  stepCount: 10,
  lanes: 4,
  coroutine: (c) => cs.get(c),
};

function code(waves: number[][], planner = 10, forceInvalid = false): string {
  const r = checkWaveCertificate({ waves, planner_step: planner }, st, { forceInvalid });
  return r.ok ? 'ok' : r.error.code;
}

describe('checkWaveCertificate (machine.md §11.4)', () => {
  test('accepts a valid plan', () => {
    expect(code([[0, 3], [1, 2], [5], [7]])).toBe('ok');
  });
  test('rejects a shared session', () => {
    expect(code([[0, 1]])).toBe('session_conflict');
  });
  test('rejects a shared lane (cid mod n)', () => {
    // 3 and 7 are both lane 3 at n = 4, different sessions and footprints.
    expect(code([[3, 7]])).toBe('lane_conflict');
  });
  test('rejects overlapping footprints even without a shared session', () => {
    expect(code([[2, 5]])).toBe('footprint_conflict');
  });
  test('rejects duplicates, ids not queued, non-runnable ids, a stale planner step and a forced failure', () => {
    expect(code([[0], [0]])).toBe('duplicate_id');
    expect(code([[6]])).toBe('not_in_ready_queue');
    expect(code([[4]])).toBe('not_runnable');
    expect(code([[0]], 9)).toBe('planner_step_mismatch');
    expect(code([[0]], 10, true)).toBe('forced_invalid');
  });
  test('says which coroutines clash and why', () => {
    const r = checkWaveCertificate(
      {
        waves: [
          [0, 3],
          [2, 5],
        ],
        planner_step: 10,
      },
      st,
    );
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'footprint_conflict',
        wave: 1,
        coro_id: 5,
        message: 'coroutine 5 cannot share wave 1 with coroutine 2: overlapping footprints',
      },
    });
  });
});

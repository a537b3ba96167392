import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { scheduleArb } from '../../arbitraries/schedule.js';
import { runCooperative } from '../../src/machine/runCooperative.js';
import type { RunRequest } from '../../src/types/bridge.js';
import type { GlobalType } from '../../src/types/session.js';
import { TelltaleError } from '../../src/types/errors.js';
import { testSeed } from '../_helpers/seed.js';

const SEED = testSeed(8103);

const unit = (name: string) => ({ name, sort: 'unit' as const });
const pingPong: GlobalType = {
  kind: 'comm',
  sender: 'A',
  receiver: 'B',
  branches: [
    {
      label: unit('ping'),
      continuation: {
        kind: 'comm',
        sender: 'B',
        receiver: 'A',
        branches: [{ label: unit('pong'), continuation: { kind: 'end' } }],
      },
    },
  ],
};
const twoSessions: RunRequest = {
  schema_version: 'lean_bridge.v1',
  choreographies: [
    { schema_version: 'lean_bridge.v1', global_type: pingPong, roles: ['A', 'B'] },
    { schema_version: 'lean_bridge.v1', global_type: pingPong, roles: ['B', 'A'] },
  ],
  concurrency: 1,
  max_steps: 200,
};

/** The interleaving: which coroutine made each step (from the step states). */
function picks(schedule: readonly number[]): string {
  const r = runCooperative(twoSessions, { schedule });
  if (!r.ok) throw new Error(`run failed: ${r.error.message}`);
  expect(r.value.output.status).toBe('completed');
  return r.value.output.step_states.map((s) => s.selected_coro).join(',');
}

describe(`scheduleArb (seed ${SEED})`, () => {
  test('is deterministic per seed and within its bounds', () => {
    const a = fc.sample(scheduleArb({ maxLength: 10, maxEntry: 5 }), { seed: SEED, numRuns: 300 });
    expect(fc.sample(scheduleArb({ maxLength: 10, maxEntry: 5 }), { seed: SEED, numRuns: 300 })).toEqual(a);
    for (const s of a) {
      expect(s.length).toBeLessThanOrEqual(10);
      expect(s.every((e) => Number.isSafeInteger(e) && e >= 0 && e <= 5)).toBe(true);
    }
    // Mostly small entries, but the wrap-around range is reached too.
    const entries = a.flat();
    expect(entries.filter((e) => e <= 3).length / entries.length).toBeGreaterThan(0.7);
    expect(entries.some((e) => e > 3)).toBe(true);
  });

  test('different schedules give different interleavings of a two-session request', () => {
    const baseline = picks([]);
    expect(picks([0, 0, 0, 0])).toBe(baseline); // zeros = the unscheduled run (machine.md §7.7)
    const seen = new Set(fc.sample(scheduleArb(), { seed: SEED, numRuns: 60 }).map(picks));
    expect(seen.size).toBeGreaterThanOrEqual(10);
    expect([...seen].some((p) => p !== baseline)).toBe(true);
  });

  test('shrinks toward a short schedule of zeros', () => {
    // Fails for any schedule that changes the interleaving: the shrunk one is a single non-default pick.
    const baseline = picks([]);
    const out = fc.check(
      fc.property(scheduleArb(), (s) => picks(s) === baseline),
      { seed: SEED, numRuns: 200 },
    );
    expect(out.failed).toBe(true);
    const shrunk = out.counterexample?.[0] ?? [];
    expect(shrunk.length).toBeLessThanOrEqual(2);
    expect(shrunk.at(-1)).toBe(1);
    expect(shrunk.slice(0, -1).every((e) => e === 0)).toBe(true);
  });

  test('bad options throw InvalidOption', () => {
    expect(() => scheduleArb({ maxLength: -1 })).toThrow(TelltaleError);
    expect(() => scheduleArb({ maxLength: -1 })).toThrow(expect.objectContaining({ code: 'InvalidOption' }));
    expect(() => scheduleArb({ minLength: 5, maxLength: 2 })).toThrow(/maxLength/);
  });
});

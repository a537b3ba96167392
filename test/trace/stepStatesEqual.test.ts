/**
 * The specialised `step_states` comparison (src/trace/_internals/stepStatesEqual.ts) must give the
 * answer of the generic one: the first index where the rendered step states differ under
 * `jsonEqual`. Its shortcuts (known-equal hint pairs shared by identity, `selected_type` compared as
 * types) are the risk, so real outputs (which share unchanged parts by identity) are compared with
 * copies that differ at one random place, with and without the copy keeping the sharing.
 */
import fc from 'fast-check';
import { pingPongOnce } from '../_helpers/protocols.js';
import { describe, expect, test } from 'vitest';
import { runRequestArb } from '../../arbitraries/runRequest.js';
import { runCooperative } from '../../src/machine/runCooperative.js';
import { rawStepStates, renderStepState, type RawStepState } from '../../src/projection/lazyStepStates.js';
import { jsonEqual } from '../../src/trace/_internals/jsonEqual.js';
import { firstStepStateDifference } from '../../src/trace/_internals/stepStatesEqual.js';
import { observationallyEquivalent } from '../../src/trace/observationallyEquivalent.js';
import { testSeed } from '../_helpers/seed.js';

const SEED = testSeed(20261207);

/** Raw step states of a cooperative run (the lazy output's source), when the run has some. */
function rawOf(request: unknown): readonly RawStepState[] | undefined {
  const r = runCooperative(request as Parameters<typeof runCooperative>[0]);
  if (!r.ok) return undefined;
  const raw = rawStepStates(r.value.output);
  return raw !== undefined && raw.length > 0 ? raw : undefined;
}

/** The generic answer: first index whose rendered entries differ (a missing entry is null). */
function naiveFirstDifference(left: readonly RawStepState[], right: readonly RawStepState[]): number {
  const n = Math.max(left.length, right.length);
  for (let i = 0; i < n; i += 1) {
    const a = left[i];
    const b = right[i];
    if (!jsonEqual(a === undefined ? null : renderStepState(a), b === undefined ? null : renderStepState(b))) return i;
  }
  return -1;
}

type Container = Record<string | number, unknown>;

/**
 * Every (container, key) holding a primitive under `root`, in walk order (shared parts once).
 * Inside a raw `selected_type` (a type, not JSON text) only fields a well-formed type may change
 * are listed: partners, labels, indices, channel sids and roles, never a node's `kind`.
 */
function leafSlots(root: unknown): [Container, string | number][] {
  const out: [Container, string | number][] = [];
  const seen = new Set<unknown>();
  const walk = (v: unknown, inType: boolean): void => {
    if (typeof v !== 'object' || v === null || seen.has(v)) return;
    seen.add(v);
    const keys: (string | number)[] = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
    for (const k of keys) {
      const child = (v as Container)[k];
      const childInType = inType || k === 'selected_type';
      if (typeof child === 'object' && child !== null) walk(child, childInType);
      else if (!childInType || (k !== 'kind' && child !== null && child !== undefined)) out.push([v as Container, k]);
    }
  };
  walk(root, false);
  return out;
}

/** A different primitive (or, with `same`, one that is JSON-equal: null for undefined and back). */
function changed(v: unknown, same: boolean): unknown {
  if (same) return v === null ? undefined : v === undefined ? null : v;
  if (typeof v === 'number') return v + 1;
  if (typeof v === 'string') return `${v}'`;
  if (typeof v === 'boolean') return !v;
  return 0;
}

const caseArb = fc.record({
  request: runRequestArb({ maxSteps: 40 }),
  // How the right-hand copy is made: keeping the sharing of the original, or losing it.
  copy: fc.constantFrom<'shared' | 'json' | 'none'>('shared', 'json', 'none'),
  at: fc.nat(),
  leaf: fc.nat(),
  same: fc.boolean(),
  drop: fc.boolean(),
});

describe(`firstStepStateDifference agrees with jsonEqual on rendered step states (fast-check seed ${SEED})`, () => {
  test('one changed value, anywhere, in a copy of a real run', () => {
    let differing = 0;
    let compared = 0;
    fc.assert(
      fc.property(caseArb, (c) => {
        const left = rawOf(c.request);
        if (left === undefined) return;
        compared += 1;
        // 'none': the very same objects on both sides (every pair is identical).
        const right: RawStepState[] =
          c.copy === 'none'
            ? [...left]
            : c.copy === 'shared'
              ? structuredClone([...left])
              : (JSON.parse(JSON.stringify(left)) as RawStepState[]);
        if (c.copy !== 'none') {
          const i = c.at % right.length;
          const slots = leafSlots(right[i]);
          const slot = slots[c.leaf % slots.length];
          if (slot !== undefined) slot[0][slot[1]] = changed(slot[0][slot[1]], c.same);
          if (c.drop && c.same) right.pop();
        }
        const expected = naiveFirstDifference(left, right);
        if (expected >= 0) differing += 1;
        expect(firstStepStateDifference(left, right, true)).toBe(expected);
        expect(firstStepStateDifference(right, left, true)).toBe(expected);
        // The rendered forms through the non-raw path give the same index.
        expect(firstStepStateDifference(left.map(renderStepState), right.map(renderStepState), false)).toBe(expected);
      }),
      { seed: SEED, numRuns: 150 },
    );
    // The generator reaches both answers (a test that only saw equal lists could not fail).
    expect(compared).toBeGreaterThan(50);
    expect(differing).toBeGreaterThan(20);
  });

  test('every single changed value of a few real runs, one at a time (queues, counts, blocked, events included)', () => {
    let checked = 0;
    for (const request of fc.sample(runRequestArb({ maxSteps: 16 }), { seed: SEED + 1, numRuns: 8 })) {
      const left = rawOf(request);
      if (left === undefined) continue;
      // One copy that keeps the sharing; each value is changed, compared and put back.
      const right = structuredClone([...left]);
      for (const [container, key] of leafSlots(right)) {
        for (const same of [false, true]) {
          const old = container[key];
          container[key] = changed(old, same);
          const expected = naiveFirstDifference(left, right);
          expect(firstStepStateDifference(left, right, true)).toBe(expected);
          expect(firstStepStateDifference(right, left, true)).toBe(expected);
          container[key] = old;
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(2000);
  });

  test('a change in a part shared by consecutive steps is found at its first step', () => {
    const left = rawOf({
      schema_version: 'lean_bridge.v1',
      choreographies: [
        {
          schema_version: 'lean_bridge.v1',
          global_type: pingPongOnce,
          roles: ['A', 'B'],
        },
      ],
      concurrency: 1,
      max_steps: 20,
    });
    expect(left).toBeDefined();
    if (left === undefined) return;
    expect(left.length).toBeGreaterThan(2);
    // The pre-state of step 1 is the post-state of step 0 (shared): change it in a sharing copy.
    const right = structuredClone([...left]);
    const post0 = right[0]?.post_state as unknown as { scheduler: { step_count: number } };
    expect(post0).toBe(right[1]?.pre_state);
    post0.scheduler.step_count += 100;
    expect(naiveFirstDifference(left, right)).toBe(0);
    expect(firstStepStateDifference(left, right, true)).toBe(0);
  });
});

describe('strict comparison of lazy outputs equals that of their eagerly rendered copies', () => {
  test('verdict and divergence index are the same', () => {
    fc.assert(
      fc.property(runRequestArb({ maxSteps: 30 }), fc.nat(), fc.nat(), (request, at, leaf) => {
        const a = runCooperative(request);
        const b = runCooperative(request);
        if (!a.ok || !b.ok) return;
        const raw = rawStepStates(b.value.output);
        if (raw === undefined || raw.length === 0) return;
        // Change b's raw step states in place (before anything renders them).
        const i = at % raw.length;
        const slots = leafSlots(raw[i]);
        const slot = slots[leaf % slots.length];
        if (slot !== undefined) slot[0][slot[1]] = changed(slot[0][slot[1]], false);
        const lazy = observationallyEquivalent(a.value.output, b.value.output, { ticks: 'exact' });
        // Eager: plain JSON copies (the step states rendered, no raw form left to compare).
        const eagerA = JSON.parse(JSON.stringify(a.value.output)) as typeof a.value.output;
        const eagerB = JSON.parse(JSON.stringify(b.value.output)) as typeof b.value.output;
        const eager = observationallyEquivalent(eagerA, eagerB, { ticks: 'exact' });
        expect(lazy.equivalent).toBe(eager.equivalent);
        expect(JSON.stringify(lazy.divergence ?? null)).toBe(JSON.stringify(eager.divergence ?? null));
      }),
      { seed: SEED, numRuns: 60 },
    );
  });
});

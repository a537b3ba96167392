import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { observationallyEquivalent } from '../../src/trace/observationallyEquivalent.js';
import { strictlyEqual } from '../../src/trace/strictlyEqual.js';
import { tier2Defaults, type BridgeEvent } from '../../src/types/bridge.js';
import { bridgeTraceArb } from './_arbitraries.js';
import { clientServerTrace, halted, opened, output, received, result, sent, stepState } from './_fixtures.js';
import { testSeed } from '../_helpers/seed.js';

const SEED = testSeed(424242);
const base = output(clientServerTrace);

function withEvent(i: number, patch: Partial<BridgeEvent>): BridgeEvent[] {
  return clientServerTrace.map((e, j) => (j === i ? { ...e, ...patch } : e));
}

describe('observationallyEquivalent (bridge.md §9.3)', () => {
  describe(`properties (seed ${SEED})`, () => {
    test('reflexive', () => {
      fc.assert(
        fc.property(bridgeTraceArb, (t) => {
          expect(observationallyEquivalent(t, t)).toEqual({
            equivalent: true,
            divergence: null,
            waived: [],
            warnings: [],
          });
        }),
        { seed: SEED, numRuns: 150 },
      );
    });

    test('symmetric (verdict, and the divergence mirrored)', () => {
      fc.assert(
        fc.property(
          bridgeTraceArb,
          bridgeTraceArb,
          fc.constantFrom<'Full' | 'ModuloCommutativity'>('Full', 'ModuloCommutativity'),
          (a, b, profile) => {
            const ab = observationallyEquivalent(a, b, { profile });
            const ba = observationallyEquivalent(b, a, { profile });
            expect(ab.equivalent).toBe(ba.equivalent);
            const mirrored = { different: 'different', missing: 'extra', extra: 'missing' } as Record<string, string>;
            const mirror = (d: typeof ab.divergence) =>
              d === null ? null : { leftIndex: d.rightIndex, left: d.right, kind: mirrored[d.kind] };
            expect(
              ba.divergence === null
                ? null
                : { leftIndex: ba.divergence.leftIndex, left: ba.divergence.left, kind: ba.divergence.kind },
            ).toEqual(mirror(ab.divergence));
          },
        ),
        { seed: SEED, numRuns: 150 },
      );
    });

    test('a dropped event is always found, at its index', () => {
      fc.assert(
        fc.property(
          bridgeTraceArb.filter((t) => t.length > 0),
          fc.nat(),
          (t, k) => {
            const i = k % t.length;
            const dropped = [...t.slice(0, i), ...t.slice(i + 1)];
            const r = observationallyEquivalent(t, dropped, { ticks: 'exact' });
            expect(r.equivalent).toBe(false);
          },
        ),
        { seed: SEED, numRuns: 150 },
      );
    });
  });

  test('per-session tick normalization: raw tick differences are ignored by default, not under exact', () => {
    const shifted = clientServerTrace.map((e) =>
      e.session === undefined ? e : { ...e, tick: e.tick === 0 ? 0 : e.tick + 1 },
    );
    expect(observationallyEquivalent(clientServerTrace, shifted).equivalent).toBe(true);
    const exact = observationallyEquivalent(clientServerTrace, shifted, { ticks: 'exact' });
    expect(exact.divergence).toMatchObject({ kind: 'different', leftIndex: 1, rightIndex: 1, session: 0 });
  });

  test('a dropped event: missing / extra with the first event the shorter side lacks', () => {
    const shorter = clientServerTrace.slice(0, 6);
    const r = observationallyEquivalent(shorter, clientServerTrace);
    expect(r.divergence).toEqual({
      kind: 'missing',
      leftIndex: null,
      rightIndex: 6,
      session: null,
      left: null,
      right: halted(0, 11),
      leftLane: 'left',
      rightLane: 'right',
      explanation: expect.stringContaining("left's trace ends after 6 events"),
    });
    const e = observationallyEquivalent(clientServerTrace, shorter, {
      leftLane: 'cooperative',
      rightLane: 'reference',
    });
    expect(e.divergence).toMatchObject({
      kind: 'extra',
      leftIndex: 6,
      rightIndex: null,
      left: halted(0, 11),
      right: null,
      leftLane: 'cooperative',
    });
  });

  test('a dropped event in the middle shows as different at its index', () => {
    const t = [...clientServerTrace.slice(0, 2), ...clientServerTrace.slice(3)];
    const r = observationallyEquivalent(clientServerTrace, t);
    expect(r.divergence).toMatchObject({ kind: 'different', leftIndex: 2, rightIndex: 2, session: 0 });
  });

  test('a reordered event within a session is a difference in every profile', () => {
    const swapped = [
      clientServerTrace[0]!,
      clientServerTrace[2]!,
      clientServerTrace[1]!,
      ...clientServerTrace.slice(3),
    ];
    for (const profile of ['Full', 'ModuloEffects', 'ModuloCommutativity', 'Replay'] as const) {
      const r = observationallyEquivalent(clientServerTrace, swapped, { profile });
      expect(r.equivalent, profile).toBe(false);
      expect(r.divergence?.kind).toBe('different');
    }
  });

  test('a changed label: the spec-shaped divergence object', () => {
    const t = withEvent(3, { label: 'nack' });
    const r = observationallyEquivalent(output(clientServerTrace), output(t), {
      leftLane: 'cooperative',
      rightLane: 'reference',
    });
    expect(r.divergence).toEqual({
      kind: 'different',
      leftIndex: 3,
      rightIndex: 3,
      session: 0,
      left: { ...clientServerTrace[3], tick: 3 },
      right: { ...t[3], tick: 3 },
      leftLane: 'cooperative',
      rightLane: 'reference',
      explanation:
        'event 3 differs in session 0: cooperative sent Server->Client "ack", reference sent Server->Client "nack" (label "ack" vs "nack")',
    });
    expect(Object.keys(r.divergence!)).toEqual([
      'kind',
      'leftIndex',
      'rightIndex',
      'session',
      'left',
      'right',
      'leftLane',
      'rightLane',
      'explanation',
    ]);
  });

  test('any extra field is compared; absent and null are the same value', () => {
    expect(observationallyEquivalent(clientServerTrace, withEvent(5, { reason: 'x' })).divergence).toMatchObject({
      kind: 'different',
      leftIndex: 5,
      session: null,
    });
    expect(
      observationallyEquivalent(clientServerTrace, withEvent(1, { permitted: null, epoch: null })).equivalent,
    ).toBe(true);
    expect(observationallyEquivalent(clientServerTrace, withEvent(1, { witness_ref: 'w' })).equivalent).toBe(false);
  });

  test('a changed status, sessions and steps_executed, in that order, after the trace', () => {
    const stuck = output(clientServerTrace, { status: 'stuck', steps_executed: 12 });
    expect(observationallyEquivalent(base, stuck).divergence).toMatchObject({
      kind: 'status',
      left: 'completed',
      right: 'stuck',
      leftIndex: null,
      rightIndex: null,
      session: null,
    });
    const terminal = output(clientServerTrace, {
      sessions: [{ schema_version: 'lean_bridge.v1', sid: 0, terminal: true }],
    });
    expect(observationallyEquivalent(base, terminal).divergence).toMatchObject({
      kind: 'sessions',
      leftIndex: 0,
      rightIndex: 0,
      session: 0,
    });
    const more = output(clientServerTrace, { steps_executed: 12 });
    expect(observationallyEquivalent(base, more).divergence).toMatchObject({ kind: 'steps', left: 11, right: 12 });
    // A bare trace lacks status, sessions and steps_executed: they are not compared.
    expect(observationallyEquivalent(clientServerTrace, stuck).equivalent).toBe(true);
  });

  test('engine results: diagnostics dropped, the recorded lane names the side', () => {
    const r = observationallyEquivalent(
      result(base, 'cooperative'),
      result(output(withEvent(1, { label: 'x' })), 'threaded'),
    );
    expect(r.divergence).toMatchObject({ leftLane: 'cooperative', rightLane: 'threaded' });
    expect(observationallyEquivalent(result(base, 'cooperative'), base).equivalent).toBe(true);
  });

  describe('profiles (bridge.md §10)', () => {
    const a = [
      opened(1, 'A,B'),
      opened(2, 'A,B'),
      sent(1, 'A', 'B', 'a', 1),
      sent(2, 'A', 'B', 'b', 2),
      received(1, 'A', 'B', 'a', 3),
    ];
    const b = [
      opened(1, 'A,B'),
      opened(2, 'A,B'),
      sent(2, 'A', 'B', 'b', 1),
      sent(1, 'A', 'B', 'a', 2),
      received(1, 'A', 'B', 'a', 3),
    ];

    test('cross-session reordering: equivalent only under ModuloCommutativity', () => {
      expect(observationallyEquivalent(a, b, { profile: 'ModuloCommutativity' }).equivalent).toBe(true);
      for (const profile of ['Full', 'ModuloEffects', 'Replay'] as const) {
        expect(observationallyEquivalent(a, b, { profile }).divergence).toMatchObject({
          kind: 'different',
          leftIndex: 2,
        });
      }
    });

    test('ModuloCommutativity ignores steps_executed but compares status and sessions', () => {
      const l = output(a, { steps_executed: 5 });
      expect(
        observationallyEquivalent(l, output(b, { steps_executed: 9 }), { profile: 'ModuloCommutativity' }).equivalent,
      ).toBe(true);
      expect(observationallyEquivalent(l, output(b, { steps_executed: 9 }), { profile: 'Full' }).equivalent).toBe(
        false,
      );
      expect(
        observationallyEquivalent(l, output(b, { status: 'stuck' }), { profile: 'ModuloCommutativity' }).divergence
          ?.kind,
      ).toBe('status');
    });

    test('ModuloCommutativity indices refer to the canonical order and the explanation says so', () => {
      const c = [...b.slice(0, 4), received(1, 'A', 'B', 'z', 3)];
      const r = observationallyEquivalent(a, c, { profile: 'ModuloCommutativity' });
      expect(r.divergence).toMatchObject({ kind: 'different', leftIndex: 4 });
      expect(r.divergence?.explanation).toContain('after canonical per-session ordering');
    });

    test('effect_trace: compared by Full only (Tier 2 kind effects)', () => {
      const e1 = { effect_id: 1, effect_kind: 'send_decision', ordering_key: 1 };
      const l = output(clientServerTrace, { effect_trace: [e1] });
      const r = output(clientServerTrace, { effect_trace: [{ ...e1, ordering_key: 2 }] });
      expect(observationallyEquivalent(l, r).divergence).toMatchObject({
        kind: 'effects',
        leftIndex: 0,
        rightIndex: 0,
        left: e1,
      });
      for (const profile of ['ModuloEffects', 'ModuloCommutativity', 'Replay'] as const) {
        expect(observationallyEquivalent(l, r, { profile }).equivalent, profile).toBe(true);
      }
      // An output without effect_trace has the default [].
      const { effect_trace: _drop, ...bare } = output(clientServerTrace);
      expect(observationallyEquivalent(bare as never, output(clientServerTrace)).equivalent).toBe(true);
    });

    test('step_states are read only under exact ticks, where a changed entry is kind steps at its index', () => {
      const changed = output(clientServerTrace, {
        step_states: [stepState(0), stepState(1, { exec_status: 'blocked' }), stepState(2)],
      });
      expect(observationallyEquivalent(base, changed).equivalent).toBe(true);
      const r = observationallyEquivalent(base, changed, { ticks: 'exact' });
      expect(r.equivalent).toBe(false);
      expect(r.divergence).toMatchObject({
        kind: 'steps',
        leftIndex: 1,
        rightIndex: 1,
        left: stepState(1),
        right: { exec_status: 'blocked' },
      });
      // A bare trace has no step_states: nothing to compare.
      expect(observationallyEquivalent(clientServerTrace, changed, { ticks: 'exact' }).equivalent).toBe(true);
    });
  });

  test('rejects what is not a run, and bad options, with a TelltaleError', () => {
    expect(() => observationallyEquivalent(42 as never, [])).toThrow(/left is number; pass a bridge trace/);
    expect(() => observationallyEquivalent([{ tick: 1 }], [])).toThrow(/trace\[0\] is not an event object/);
    expect(() => observationallyEquivalent([], [], { profile: 'Bogus' as never })).toThrow(
      /unknown determinism profile "Bogus"/,
    );
  });
});

describe('strictlyEqual (bridge.md §11.1)', () => {
  test('a changed step_states entry under exact ticks is kind steps at that index', () => {
    const changed = output(clientServerTrace, {
      step_states: [stepState(0), stepState(1, { exec_status: 'blocked' }), stepState(2)],
    });
    const r = strictlyEqual(base, changed);
    expect(r.divergence).toMatchObject({
      kind: 'steps',
      leftIndex: 1,
      rightIndex: 1,
      left: stepState(1),
      right: { exec_status: 'blocked' },
    });
    expect(r.divergence?.explanation).toBe(
      'step_states entry 1 differs in exec_status: left and right executed different steps',
    );
  });

  test('absent Tier 2 keys equal their empty defaults (bridge.md §4.1), other values do not', () => {
    const {
      effect_trace: _e,
      effect_exchanges: _x,
      output_condition_trace: _o,
      semantic_objects: _s,
      ...bare
    } = base as unknown as Record<string, unknown>;
    const withDefaults = { ...bare, ...tier2Defaults() };
    expect(strictlyEqual(bare as never, withDefaults as never).equivalent).toBe(true);
    const other = {
      ...withDefaults,
      semantic_objects: { ...(tier2Defaults().semantic_objects as object), regions: [{ region_id: 'r' }] },
    };
    expect(strictlyEqual(bare as never, other as never).divergence?.explanation).toMatch(
      /output field semantic_objects differs/,
    );
  });

  test('raw ticks and the remaining fields count', () => {
    const shifted = output(withEvent(1, { tick: 2 }));
    expect(strictlyEqual(base, shifted).divergence).toMatchObject({ kind: 'different', leftIndex: 1 });
    expect(strictlyEqual(base, output(clientServerTrace, { concurrency: 4 })).divergence?.explanation).toBe(
      'output field concurrency differs: left 1, right 4',
    );
    expect(strictlyEqual(base, output(clientServerTrace)).equivalent).toBe(true);
  });
});

describe('machine traces are converted to the bridge form first (machine.md §13.2)', () => {
  const edge = { sid: 0, sender: 'A', receiver: 'B' };
  const machine = [
    { tick: 0, kind: 'opened', sid: 0, roles: ['A', 'B'] },
    { tick: 1, kind: 'offered', edge, label: 'm' },
    { tick: 2, kind: 'invoked', endpoint: { sid: 0, role: 'B' }, action: 'noop' },
    { tick: 3, kind: 'chose', edge, label: 'm' },
    { tick: 4, kind: 'halted', coroId: 0 },
  ];

  test('a machine trace equals its bridge form; invoked is dropped', () => {
    const bridge = [opened(0, 'A,B'), sent(0, 'A', 'B', 'm', 1), received(0, 'A', 'B', 'm', 3), halted(0, 4)];
    expect(observationallyEquivalent(machine, bridge, { ticks: 'exact' }).equivalent).toBe(true);
    const other = [opened(0, 'A,B'), sent(0, 'A', 'B', 'n', 1), received(0, 'A', 'B', 'm', 3), halted(0, 4)];
    expect(observationallyEquivalent(machine, other).divergence).toMatchObject({
      kind: 'different',
      leftIndex: 1,
      left: sent(0, 'A', 'B', 'm', 1),
    });
  });
});

describe('lane Results', () => {
  test('a successful Result is unwrapped; a failed one is rejected with its code', () => {
    const ok = { ok: true as const, value: result(output(clientServerTrace), 'cooperative') };
    expect(observationallyEquivalent(ok, clientServerTrace)).toMatchObject({ equivalent: true });
    expect(() =>
      observationallyEquivalent({ ok: false, error: { code: 'TimedOut', message: 'runner timed out' } }, []),
    ).toThrow('left is a failed run (TimedOut: runner timed out)');
  });
});

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { eventSession } from '../../src/trace/eventSession.js';
import { normalizeTrace } from '../../src/trace/normalizeTrace.js';
import type { BridgeEvent } from '../../src/types/bridge.js';
import { bridgeTraceArb } from './_arbitraries.js';
import { clientServerTrace, halted, sent } from './_fixtures.js';
import { testSeed } from '../_helpers/seed.js';

const SEED = testSeed(20251125);

describe('normalizeTrace (bridge.md §9.2)', () => {
  test('the spec example: (7,s1) (8,s2) (9,s1) (10,-) (11,s2) -> 0, 0, 1, 10, 1', () => {
    const t = [
      sent(1, 'A', 'B', 'x', 7),
      sent(2, 'A', 'B', 'x', 8),
      sent(1, 'A', 'B', 'y', 9),
      halted(0, 10),
      sent(2, 'A', 'B', 'y', 11),
    ];
    expect(normalizeTrace(t).map((e) => e.tick)).toEqual([0, 0, 1, 10, 1]);
  });

  test('changes nothing but tick, and does not mutate its input', () => {
    const before = JSON.stringify(clientServerTrace);
    const n = normalizeTrace(clientServerTrace);
    expect(JSON.stringify(clientServerTrace)).toBe(before);
    expect(n.map((e) => e.tick)).toEqual([0, 1, 2, 3, 4, 9, 11]);
    expect(n.map(({ tick: _t, ...rest }) => rest)).toEqual(clientServerTrace.map(({ tick: _t, ...rest }) => rest));
  });

  describe(`properties (seed ${SEED})`, () => {
    test('idempotent', () => {
      fc.assert(
        fc.property(bridgeTraceArb, (t) => {
          const once = normalizeTrace(t);
          expect(normalizeTrace(once)).toEqual(once);
        }),
        { seed: SEED, numRuns: 200 },
      );
    });

    test('invariant under per-session tick renumbering', () => {
      fc.assert(
        fc.property(
          bridgeTraceArb,
          fc.integer({ min: 1, max: 1000 }),
          fc.integer({ min: 1, max: 7 }),
          (t, offset, stride) => {
            // Renumber each session's ticks by its own increasing function; session-less ticks stay.
            const renumbered = t.map((e): BridgeEvent => {
              const s = eventSession(e);
              return s === null ? e : { ...e, tick: offset * (s + 1) + e.tick * stride };
            });
            expect(normalizeTrace(renumbered)).toEqual(normalizeTrace(t));
          },
        ),
        { seed: SEED, numRuns: 200 },
      );
    });
  });
});

describe('eventSession (bridge.md §9.1)', () => {
  test('session, then sid, then edge.sid, then endpoint.sid, then a sorted-key search; null never counts', () => {
    expect(eventSession({ session: 2, sid: 5 })).toBe(2);
    expect(eventSession({ session: null, sid: 5 })).toBe(5);
    expect(eventSession({ session: -1, edge: { sid: 3 } })).toBe(3);
    expect(eventSession({ endpoint: { sid: 4, role: 'A' } })).toBe(4);
    expect(eventSession({ zeta: { sid: 9 }, alpha: [{ foo: 1 }, { session: 7 }] })).toBe(7);
    expect(eventSession({ kind: 'halted', target: '1', tick: 3 })).toBeNull();
    expect(eventSession({ session: 1.5 })).toBeNull();
  });
});

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { canonicalOrder } from '../../src/trace/canonicalOrder.js';
import { eventSession } from '../../src/trace/eventSession.js';
import { bridgeTraceArb } from './_arbitraries.js';
import { halted, received, sent } from './_fixtures.js';

describe('canonicalOrder (bridge.md §10 canon)', () => {
  test('the spec example: both orders canon to [s1#0, s2#0, s1#1]', () => {
    const a = sent(1, 'A', 'B', 'a', 0);
    const b = sent(2, 'A', 'B', 'b', 0);
    const c = received(1, 'A', 'B', 'a', 1);
    expect(canonicalOrder([a, b, c])).toEqual([a, b, c]);
    expect(canonicalOrder([b, a, c])).toEqual([a, b, c]);
  });

  test('session-less events are barriers that stay in place', () => {
    const x = sent(2, 'A', 'B', 'x', 0);
    const y = sent(1, 'A', 'B', 'y', 0);
    const h = halted(0, 5);
    const z = sent(0, 'A', 'B', 'z', 1);
    const w = sent(1, 'A', 'B', 'w', 1);
    expect(canonicalOrder([x, h, w, z, y])).toEqual([x, h, z, w, y]);
    expect(canonicalOrder([x, y, h, w, z])).toEqual([y, x, h, z, w]);
  });

  test('round-robin: first of each session in ascending order, then the second of each', () => {
    const s0 = [0, 1, 2].map((i) => sent(0, 'A', 'B', `a${i}`, i));
    const s3 = [0].map((i) => sent(3, 'A', 'B', `b${i}`, i));
    expect(canonicalOrder([s3[0]!, ...s0])).toEqual([s0[0], s3[0], s0[1], s0[2]]);
  });
});

describe('canonicalOrder properties (seed 7)', () => {
  test('a permutation that keeps barriers in place and each session in order; idempotent', () => {
    fc.assert(
      fc.property(bridgeTraceArb, (t) => {
        const c = canonicalOrder(t);
        expect([...c].sort((a, b) => t.indexOf(a) - t.indexOf(b))).toEqual(t);
        const barriers = (xs: readonly unknown[]) =>
          t.flatMap((e, i) => (eventSession(e) === null ? [[i, xs[i]]] : []));
        expect(barriers(c)).toEqual(barriers(t));
        for (const s of [0, 1, 2, 3])
          expect(c.filter((e) => eventSession(e) === s)).toEqual(t.filter((e) => eventSession(e) === s));
        expect(canonicalOrder(c)).toEqual(c);
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});

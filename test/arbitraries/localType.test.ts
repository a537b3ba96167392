import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { localTypeArb } from '../../arbitraries/localType.js';
import { decodeLocal } from '../../src/projection/decodeLocal.js';
import { dual, isDual } from '../../src/projection/dual.js';
import { encodeLocal } from '../../src/projection/encodeLocal.js';
import { localEqual } from '../../src/projection/localEqual.js';
import type { LocalType } from '../../src/types/session.js';
import { testSeed } from '../_helpers/seed.js';

const SEED = testSeed(777);

function freeOrUnguarded(t: LocalType, bound: string[], unguarded: string[]): boolean {
  switch (t.kind) {
    case 'end':
      return false;
    case 'var':
      return !bound.includes(t.name) || unguarded.includes(t.name);
    case 'rec':
      return freeOrUnguarded(t.body, [...bound, t.var], [...unguarded, t.var]);
    default:
      return t.branches.some((b) => freeOrUnguarded(b.continuation, bound, []));
  }
}

describe(`localTypeArb (seed ${SEED})`, () => {
  test('round trips through the strict codec; closed and guarded by default; dual is an involution', () => {
    fc.assert(
      fc.property(localTypeArb({ partners: ['B', 'C'] }), (t) => {
        expect(decodeLocal(JSON.stringify(encodeLocal(t)))).toEqual({ ok: true, value: t });
        expect(freeOrUnguarded(t, [], [])).toBe(false);
        expect(localEqual(dual(dual(t)), t)).toBe(true);
        expect(isDual(t, dual(t))).toBe(true);
        for (const p of JSON.stringify(t).match(/"partner":"[^"]*"/g) ?? [])
          expect(['"partner":"B"', '"partner":"C"']).toContain(p);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  test('open and unguarded types only when asked; empty choices only when asked', () => {
    const sample = (c: Parameters<typeof localTypeArb>[0]) => fc.sample(localTypeArb(c), { seed: SEED, numRuns: 400 });
    expect(sample({ closed: false, unguardedRecursion: true }).some((t) => freeOrUnguarded(t, [], []))).toBe(true);
    const empty = (t: LocalType): boolean =>
      t.kind === 'rec'
        ? empty(t.body)
        : t.kind === 'send' || t.kind === 'recv'
          ? t.branches.length === 0 || t.branches.some((b) => empty(b.continuation))
          : false;
    expect(sample({}).some(empty)).toBe(false);
    expect(sample({ emptyChoices: true }).some(empty)).toBe(true);
  });

  test('shrinks toward end', () => {
    const out = fc.check(
      fc.property(localTypeArb(), () => false),
      { seed: SEED },
    );
    expect(out.failed && out.counterexample?.[0]).toEqual({ kind: 'end' });
  });
});

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { sortArb } from '../../arbitraries/sort.js';
import { decodeGlobal } from '../../src/projection/decodeGlobal.js';
import { encodeGlobal } from '../../src/projection/encodeGlobal.js';
import type { GlobalType, Sort } from '../../src/types/session.js';
import { testSeed } from '../_helpers/seed.js';

const SEED = testSeed(20261125);

function depth(s: Sort): number {
  return typeof s === 'string' || 'vector' in s ? 0 : 1 + Math.max(depth(s.prod[0]), depth(s.prod[1]));
}

describe(`sortArb (seed ${SEED})`, () => {
  test('every sort survives the strict JSON round trip inside a label', () => {
    fc.assert(
      fc.property(sortArb(), (sort) => {
        const g: GlobalType = {
          kind: 'comm',
          sender: 'A',
          receiver: 'B',
          branches: [{ label: { name: 'm', sort }, continuation: { kind: 'end' } }],
        };
        expect(decodeGlobal(JSON.stringify(encodeGlobal(g)))).toEqual({ ok: true, value: g });
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  test('respects maxDepth and maxVector, and produces every shape', () => {
    const samples = fc.sample(sortArb({ maxDepth: 1, maxVector: 3 }), { seed: SEED, numRuns: 500 });
    for (const s of samples) expect(depth(s)).toBeLessThanOrEqual(1);
    const vectors = samples.filter((s): s is { vector: number } => typeof s !== 'string' && 'vector' in s);
    expect(vectors.length).toBeGreaterThan(0);
    for (const v of vectors) expect(v.vector).toBeLessThanOrEqual(3);
    for (const name of ['unit', 'nat', 'bool', 'string', 'real']) expect(samples).toContain(name);
    expect(samples.some((s) => typeof s !== 'string' && 'prod' in s)).toBe(true);
  });

  test('is deterministic for a seed and shrinks to unit', () => {
    expect(fc.sample(sortArb(), { seed: 3, numRuns: 20 })).toEqual(fc.sample(sortArb(), { seed: 3, numRuns: 20 }));
    const out = fc.check(
      fc.property(sortArb(), () => false),
      { seed: SEED },
    );
    expect(out.failed && out.counterexample?.[0]).toBe('unit');
  });
});

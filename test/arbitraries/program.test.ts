import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { programArb } from '../../arbitraries/program.js';
import type { Instruction } from '../../src/types/machine.js';
import { testSeed } from '../_helpers/seed.js';

const SEED = testSeed(8102);

function pcs(code: readonly Instruction[]): number[] {
  return code.flatMap((i) =>
    i.op === 'Jump' || i.op === 'Spawn' ? [i.target] : i.op === 'Choose' ? i.table.map(([, pc]) => pc) : [],
  );
}

describe(`programArb (seed ${SEED})`, () => {
  test('is deterministic per seed', () => {
    expect(fc.sample(programArb(), { seed: SEED, numRuns: 100 })).toEqual(
      fc.sample(programArb(), { seed: SEED, numRuns: 100 }),
    );
  });

  test('ends in Halt or Jump and respects the length bounds', () => {
    fc.assert(
      fc.property(programArb({ minLength: 2, maxLength: 9 }), (code) => {
        expect(['Halt', 'Jump']).toContain(code.at(-1)?.op);
        expect(code.length).toBeGreaterThanOrEqual(2);
        expect(code.length).toBeLessThanOrEqual(10);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  test('pc operands point inside the program unless drawn out of range', () => {
    fc.assert(
      fc.property(programArb({ outOfRangeRatio: 0, ops: ['Jump', 'Choose', 'Offer', 'Halt'] }), (code) => {
        for (const pc of pcs(code)) expect(pc).toBeLessThan(code.length);
      }),
      { seed: SEED, numRuns: 500 },
    );
    const outside = fc
      .sample(programArb({ outOfRangeRatio: 0.5, ops: ['Jump'] }), { seed: SEED, numRuns: 200 })
      .filter((code) => pcs(code).some((pc) => pc >= code.length));
    expect(outside.length).toBeGreaterThan(0);
  });

  test('ensureTerminal: false leaves the drawn code as is', () => {
    const codes = fc.sample(programArb({ ensureTerminal: false, ops: ['Offer'] }), { seed: SEED, numRuns: 50 });
    expect(codes.every((c) => c.every((i) => i.op === 'Offer'))).toBe(true);
  });

  test('shrinks to a short program', () => {
    const out = fc.check(
      fc.property(programArb({ maxLength: 12 }), (code) => !code.some((i) => i.op === 'Offer')),
      { seed: SEED, numRuns: 500 },
    );
    expect(out.failed).toBe(true);
    expect(out.counterexample?.[0]).toEqual([{ op: 'Offer', chan: 0, label: 'ping' }, { op: 'Halt' }]);
    expect(out.numShrinks).toBeGreaterThan(0);
  });
});

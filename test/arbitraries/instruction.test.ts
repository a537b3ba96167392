import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ALL_OPS, TIER1_OPS, instructionArb, kInstructionDefaults } from '../../arbitraries/instruction.js';
import { decodeInstruction, encodeInstruction } from '../../src/machine/instructionCodec.js';
import type { Instruction } from '../../src/types/machine.js';
import { TelltaleError } from '../../src/types/errors.js';
import { testSeed } from '../_helpers/seed.js';

const SEED = testSeed(8101);

function registerOperands(i: Instruction): number[] {
  switch (i.op) {
    case 'Send':
      return [i.chan, i.val];
    case 'Receive':
      return [i.chan, i.dst];
    case 'Offer':
    case 'Choose':
      return [i.chan];
    case 'Set':
      return [i.dst];
    case 'Move':
      return [i.dst, i.src];
    case 'Close':
      return [i.session];
    case 'Spawn':
      return [...i.args];
    default:
      return [];
  }
}

function pcOperands(i: Instruction): number[] {
  if (i.op === 'Jump') return [i.target];
  if (i.op === 'Spawn') return [i.target];
  if (i.op === 'Choose') return i.table.map(([, pc]) => pc);
  return [];
}

describe(`instructionArb (seed ${SEED})`, () => {
  test('is deterministic per seed', () => {
    const a = fc.sample(instructionArb(), { seed: SEED, numRuns: 200 });
    const b = fc.sample(instructionArb(), { seed: SEED, numRuns: 200 });
    expect(a).toEqual(b);
    const c = fc.sample(instructionArb(), { seed: SEED + 1, numRuns: 200 });
    expect(c).not.toEqual(a);
  });

  test('draws every one of the 21 tags when asked, and only Tier-1 tags by default', () => {
    const all = new Set(fc.sample(instructionArb({ ops: ALL_OPS }), { seed: SEED, numRuns: 3000 }).map((i) => i.op));
    expect([...all].sort()).toEqual([...ALL_OPS].sort());
    expect(ALL_OPS).toHaveLength(21);
    const tier1 = new Set(fc.sample(instructionArb(), { seed: SEED, numRuns: 2000 }).map((i) => i.op));
    expect([...tier1].sort()).toEqual([...TIER1_OPS].sort());
  });

  test('every generated instruction survives the Rust JSON codec', () => {
    fc.assert(
      fc.property(instructionArb({ ops: ALL_OPS }), (i) => {
        const back = decodeInstruction(
          JSON.parse(JSON.stringify(encodeInstruction(i), (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))),
        );
        expect(back).toEqual({ ok: true, value: i });
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });

  test('operands are mostly in range, with a small out-of-range share just past the bounds', () => {
    const sample = fc.sample(instructionArb({ numRegisters: 4, programLength: 10 }), { seed: SEED, numRuns: 4000 });
    const regs = sample.flatMap(registerOperands);
    const pcs = sample.flatMap(pcOperands);
    const outRegs = regs.filter((r) => r >= 4);
    const outPcs = pcs.filter((p) => p >= 10);
    expect(regs.every((r) => r >= 0 && r <= 4 + 2)).toBe(true);
    expect(pcs.every((p) => p >= 0 && p <= 10 + 2)).toBe(true);
    expect(outRegs.length).toBeGreaterThan(0);
    expect(outPcs.length).toBeGreaterThan(0);
    expect(outRegs.length / regs.length).toBeLessThan(0.15);
    expect(outPcs.length / pcs.length).toBeLessThan(0.15);
    // Registers 0 and 1 (own endpoint, value register) dominate.
    expect(regs.filter((r) => r <= 1).length / regs.length).toBeGreaterThan(0.5);
  });

  test('outOfRangeRatio 0 keeps every operand in range; labels come from the pool', () => {
    const sample = fc.sample(instructionArb({ outOfRangeRatio: 0, labels: ['a'], numRegisters: 2, programLength: 3 }), {
      seed: SEED,
      numRuns: 2000,
    });
    expect(sample.flatMap(registerOperands).every((r) => r < 2)).toBe(true);
    expect(sample.flatMap(pcOperands).every((p) => p < 3)).toBe(true);
    const labels = sample.flatMap((i) =>
      i.op === 'Offer' ? [i.label] : i.op === 'Choose' ? i.table.map(([l]) => l) : [],
    );
    expect(new Set(labels)).toEqual(new Set(labels.length === 0 ? [] : ['a']));
  });

  test('immediatesOnly: false adds prod and chan immediates', () => {
    const kinds = new Set(
      fc
        .sample(instructionArb({ ops: ['Set'], immediatesOnly: false }), { seed: SEED, numRuns: 600 })
        .map((i) => (i.op === 'Set' ? i.val.kind : '')),
    );
    expect([...kinds].sort()).toEqual(['bool', 'chan', 'nat', 'prod', 'string', 'unit']);
    const imm = new Set(
      fc
        .sample(instructionArb({ ops: ['Set'] }), { seed: SEED, numRuns: 600 })
        .map((i) => (i.op === 'Set' ? i.val.kind : '')),
    );
    expect([...imm].sort()).toEqual(['bool', 'nat', 'string', 'unit']);
  });

  test('shrinks toward Halt and register 0', () => {
    const out = fc.check(
      fc.property(instructionArb(), (i) => i.op !== 'Move'),
      { seed: SEED, numRuns: 500 },
    );
    expect(out.failed).toBe(true);
    expect(out.counterexample?.[0]).toEqual({ op: 'Move', dst: 0, src: 0 });
    const anyFail = fc.check(
      fc.property(instructionArb(), () => false),
      { seed: SEED, numRuns: 10 },
    );
    expect(anyFail.counterexample?.[0]).toEqual({ op: 'Halt' });
  });

  test('bad options throw InvalidOption at the edge', () => {
    expect(() => instructionArb({ numRegisters: 0 })).toThrow(TelltaleError);
    expect(() => instructionArb({ ops: ['Bogus' as 'Halt'] })).toThrow(
      expect.objectContaining({ code: 'InvalidOption' }),
    );
    expect(() => instructionArb({ ops: [] })).toThrow(/ops.length/);
    expect(() => instructionArb({ ops: ['Bogus' as 'Halt'] })).toThrow(/unknown instruction tag "Bogus"/);
    expect(() => instructionArb({ outOfRangeRatio: 2 })).toThrow(/ratio/);
    expect(kInstructionDefaults.numRegisters).toBe(8);
  });
});

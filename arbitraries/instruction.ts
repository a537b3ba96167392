/**
 * Single protocol-machine instructions (machine.md §5), in the in-memory shape of
 * `src/types/machine.ts` (`op` = the Rust serde tag).
 */
import fc from 'fast-check';
import { TelltaleError } from '../src/types/errors.js';
import type { Instruction, InstructionOp, Value } from '../src/types/machine.js';
import { checkInt, checkRatio, resolveConstraints } from './_internals/resolveConstraints.js';
import { checkNameSpace, namePoolArb, type NameSpace } from './names.js';

/** The Tier-1 instructions (machine.md §15) plus `Yield`/`Spawn`, which Tier 1 parses and runs. @public */
export const TIER1_OPS: readonly InstructionOp[] = Object.freeze([
  'Halt',
  'Offer',
  'Choose',
  'Invoke',
  'Send',
  'Receive',
  'Set',
  'Move',
  'Jump',
  'Close',
]);

/** All 21 instruction tags (machine.md §5), `Halt` first (the shrink target). @public */
export const ALL_OPS: readonly InstructionOp[] = Object.freeze([
  ...TIER1_OPS,
  'Yield',
  'Spawn',
  'Open',
  'Acquire',
  'Release',
  'Fork',
  'Join',
  'Abort',
  'Transfer',
  'Tag',
  'Check',
]);

/** Limits for {@link instructionArb}. @public */
export interface InstructionConstraints {
  /** Register file size the operands aim at (machine.md §2.3). @defaultValue 8 */
  readonly numRegisters?: number;
  /** Length of the program the pc operands (`Jump`, `Choose`, `Spawn`) aim at. @defaultValue 16 */
  readonly programLength?: number;
  /** Labels for `Offer`/`Choose` (and `Str` immediates). @defaultValue `['ping', 'pong', 'yes', 'no', 'm']` */
  readonly labels?: readonly string[];
  /** Role names for endpoint values and `Open`. @defaultValue `['A', 'B', 'C']` */
  readonly roles?: readonly string[];
  /** Instruction tags to draw from; the first one is the shrink target. @defaultValue {@link TIER1_OPS} */
  readonly ops?: readonly InstructionOp[];
  /**
   * Share of register and pc operands drawn just past the valid range (faults `out_of_registers`,
   * `[monitor] missing channel endpoint`, `pc out of range`). @defaultValue 0.05
   */
  readonly outOfRangeRatio?: number;
  /**
   * `Set` immediates: `true` = Rust `ImmValue` only (unit, nat, bool, string: what Rust JSON can
   * carry, MD-36); `false` adds `prod` and `chan` values. @defaultValue true
   */
  readonly immediatesOnly?: boolean;
  /**
   * Where `labels` and `roles` come from: `'simple'` uses them as given; `'rich'` or a user's
   * arbitrary draws a pool of as many names per list (see `namePoolArb`), shrinking back to them.
   * @defaultValue 'simple'
   */
  readonly names?: NameSpace;
}

/** The defaults of {@link InstructionConstraints}. @public */
export const kInstructionDefaults: Required<InstructionConstraints> = Object.freeze({
  numRegisters: 8,
  programLength: 16,
  labels: Object.freeze(['ping', 'pong', 'yes', 'no', 'm']),
  roles: Object.freeze(['A', 'B', 'C']),
  ops: TIER1_OPS,
  outOfRangeRatio: 0.05,
  immediatesOnly: true,
  names: 'simple',
});

/**
 * Instructions with operands that are mostly in range: registers in `[0, numRegisters)` (register
 * 0, the own endpoint, and 1, the value register, most often), pcs in `[0, programLength)`,
 * labels from a small pool so `Offer` and `Choose` meet. A small share of operands lies just past
 * the range to reach the register and pc faults. Shrinks toward `Halt` and toward register/pc 0.
 *
 * @param constraints - Optional limits; see {@link InstructionConstraints}.
 * @example
 * ```ts
 * const [i] = fc.sample(instructionArb({ ops: ['Offer', 'Choose'], labels: ['a'] }), { seed: 1, numRuns: 1 });
 * // e.g. { op: 'Offer', chan: 0, label: 'a' }
 * fc.sample(instructionArb({ ops: ['Offer'], names: 'rich' }), { seed: 1, numRuns: 3 }); // labels such as 'é_x', '𝔸'
 * ```
 * @public
 */
export function instructionArb(constraints: InstructionConstraints = {}): fc.Arbitrary<Instruction> {
  const c = resolveInstructionConstraints(constraints);
  if (c.names === 'simple') return instructionOf(c);
  // The pools are drawn first, so `Offer` and `Choose` still meet on shared labels.
  return fc
    .tuple(namePoolArb(c.names, c.labels), namePoolArb(c.names, c.roles))
    .chain(([labels, roles]) => instructionOf({ ...c, labels, roles }));
}

function instructionOf(c: Required<InstructionConstraints>): fc.Arbitrary<Instruction> {
  const reg = operandArb(c.numRegisters, c.outOfRangeRatio, true);
  const pc = operandArb(c.programLength, c.outOfRangeRatio, false);
  const label = fc.constantFrom(...c.labels);
  const role = fc.constantFrom(...c.roles);
  const value = valueArb(c.immediatesOnly, c.labels, c.roles);
  const byOp: Record<InstructionOp, fc.Arbitrary<Instruction>> = {
    Halt: fc.constant({ op: 'Halt' }),
    Yield: fc.constant({ op: 'Yield' }),
    Join: fc.constant({ op: 'Join' }),
    Abort: fc.constant({ op: 'Abort' }),
    Send: fc.record({ op: fc.constant('Send'), chan: reg, val: reg }),
    Receive: fc.record({ op: fc.constant('Receive'), chan: reg, dst: reg }),
    Offer: fc.record({ op: fc.constant('Offer'), chan: reg, label }),
    Choose: fc.record({
      op: fc.constant('Choose'),
      chan: reg,
      table: fc.array(fc.tuple(label, pc), { minLength: 1, maxLength: 3 }),
    }),
    Invoke: fc.record({
      op: fc.constant('Invoke'),
      // Compiled code uses the named action; the register form is Rust-only (machine.md §5.5).
      action: fc.oneof(
        { weight: 9, arbitrary: fc.constant<string | number>('runtime.step') },
        { weight: 1, arbitrary: reg },
      ),
    }),
    Set: fc.record({ op: fc.constant('Set'), dst: reg, val: value }),
    Move: fc.record({ op: fc.constant('Move'), dst: reg, src: reg }),
    Jump: fc.record({ op: fc.constant('Jump'), target: pc }),
    Close: fc.record({ op: fc.constant('Close'), session: reg }),
    Spawn: fc.record({ op: fc.constant('Spawn'), target: pc, args: fc.array(reg, { maxLength: 3 }) }),
    Open: fc.uniqueArray(role, { maxLength: 2 }).chain((rs) =>
      fc.record({
        op: fc.constant('Open'),
        roles: fc.constant(rs),
        localTypes: fc.constant(rs.map((r) => [r, { kind: 'end' }] as const)),
        handlers: fc.constant([]),
        dsts: fc.tuple(...rs.map((r) => reg.map((d) => [r, d] as const))),
      }),
    ),
    Acquire: fc.record({ op: fc.constant('Acquire'), layer: fc.constant('g'), dst: reg }),
    Release: fc.record({ op: fc.constant('Release'), layer: fc.constant('g'), evidence: reg }),
    Fork: fc.record({ op: fc.constant('Fork'), ghost: reg }),
    Transfer: fc.record({ op: fc.constant('Transfer'), endpoint: reg, target: reg, bundle: reg }),
    Tag: fc.record({ op: fc.constant('Tag'), fact: reg, dst: reg }),
    Check: fc.record({ op: fc.constant('Check'), knowledge: reg, target: reg, dst: reg }),
  };
  const arbs = c.ops.map((op) => byOp[op]);
  const [first, ...rest] = arbs;
  if (first === undefined) throw new Error('unreachable: ops checked non-empty');
  // Cross-shrinking lets any instruction shrink to the first tag (`Halt` by default).
  return rest.length === 0 ? first : fc.oneof({ withCrossShrink: true }, first, ...rest);
}

/**
 * A register or pc operand: mostly in `[0, bound)`, sometimes `bound + k` (just out of range).
 * Registers favour 0 and 1, the registers compiled code uses (machine.md §2.3).
 */
function operandArb(bound: number, outOfRangeRatio: number, favourLow: boolean): fc.Arbitrary<number> {
  const inRange =
    favourLow && bound > 2
      ? fc.oneof({ weight: 3, arbitrary: fc.nat({ max: 1 }) }, { weight: 2, arbitrary: fc.nat({ max: bound - 1 }) })
      : fc.nat({ max: Math.max(0, bound - 1) });
  if (outOfRangeRatio <= 0) return inRange;
  const out = fc.nat({ max: 2 }).map((k) => bound + k);
  const w = Math.max(1, Math.round(outOfRangeRatio * 100));
  return outOfRangeRatio >= 1 ? out : fc.oneof({ weight: 100 - w, arbitrary: inRange }, { weight: w, arbitrary: out });
}

function valueArb(immediatesOnly: boolean, labels: readonly string[], roles: readonly string[]): fc.Arbitrary<Value> {
  const imm: fc.Arbitrary<Value>[] = [
    fc.constant<Value>({ kind: 'unit' }),
    fc.bigInt({ min: 0n, max: 2n ** 53n - 1n }).map((value): Value => ({ kind: 'nat', value })),
    fc.boolean().map((value): Value => ({ kind: 'bool', value })),
    fc.constantFrom(...labels).map((value): Value => ({ kind: 'string', value })),
  ];
  if (immediatesOnly) return fc.oneof(...imm);
  const leaf = fc.oneof(...imm);
  return fc.oneof(
    ...imm,
    fc.tuple(leaf, leaf).map(([left, right]): Value => ({ kind: 'prod', left, right })),
    fc
      .tuple(fc.nat({ max: 2 }), fc.constantFrom(...roles))
      .map(([sid, role]): Value => ({ kind: 'chan', endpoint: { sid, role } })),
  );
}

function resolveInstructionConstraints(constraints: InstructionConstraints): Required<InstructionConstraints> {
  const c = resolveConstraints(kInstructionDefaults, constraints);
  checkInt('instructionArb', 'numRegisters', c.numRegisters, 1, 65535);
  checkInt('instructionArb', 'programLength', c.programLength, 1);
  checkRatio('instructionArb', 'outOfRangeRatio', c.outOfRangeRatio);
  checkInt('instructionArb', 'labels.length', c.labels.length, 1);
  checkInt('instructionArb', 'roles.length', c.roles.length, 1);
  checkInt('instructionArb', 'ops.length', c.ops.length, 1);
  checkNameSpace('instructionArb', c.names);
  for (const op of c.ops) {
    if (!ALL_OPS.includes(op)) {
      throw new TelltaleError(
        'InvalidOption',
        `instructionArb: unknown instruction tag ${JSON.stringify(op)} in ops; use the tags of ALL_OPS`,
      );
    }
  }
  return c;
}

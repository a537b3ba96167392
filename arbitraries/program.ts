/**
 * Instruction sequences for one role (pcs from 0, as `compileLocalType` emits them before the
 * code image relocates them, machine.md §9.2/§10).
 */
import fc from 'fast-check';
import type { Instruction } from '../src/types/machine.js';
import { instructionArb, kInstructionDefaults, type InstructionConstraints } from './instruction.js';
import { checkInt, resolveConstraints } from './_internals/resolveConstraints.js';
import { checkNameSpace, namePoolArb } from './names.js';

/** Limits for {@link programArb}: the instruction limits plus the length. @public */
export interface ProgramConstraints extends Omit<InstructionConstraints, 'programLength'> {
  /** Fewest instructions drawn (before a terminal `Halt` is appended). @defaultValue 1 */
  readonly minLength?: number;
  /** Most instructions drawn (before a terminal `Halt` is appended). @defaultValue 12 */
  readonly maxLength?: number;
  /**
   * Append `Halt` when the last instruction is neither `Halt` nor `Jump`, as the compiler's
   * `ensureTerminal` does (machine.md §10), so runs end instead of faulting at the end of the
   * code. @defaultValue true
   */
  readonly ensureTerminal?: boolean;
}

/** The defaults of {@link ProgramConstraints}. @public */
export const kProgramDefaults: Required<ProgramConstraints> = Object.freeze({
  numRegisters: kInstructionDefaults.numRegisters,
  labels: kInstructionDefaults.labels,
  roles: kInstructionDefaults.roles,
  ops: kInstructionDefaults.ops,
  outOfRangeRatio: kInstructionDefaults.outOfRangeRatio,
  immediatesOnly: kInstructionDefaults.immediatesOnly,
  names: kInstructionDefaults.names,
  minLength: 1,
  maxLength: 12,
  ensureTerminal: true,
});

/**
 * Programs whose pc operands (`Jump`, `Choose` tables, `Spawn`) point inside the program (except
 * the small out-of-range share of {@link InstructionConstraints.outOfRangeRatio}). The pcs are
 * drawn against the maximum length and folded onto the actual one, so shrinking to fewer
 * instructions keeps them in range; a program shrinks toward `[Halt]`.
 *
 * @param constraints - Optional limits; see {@link ProgramConstraints}.
 * @example
 * ```ts
 * fc.assert(fc.property(programArb({ maxLength: 6 }), (code) => {
 *   expect(code.at(-1)?.op).toMatch(/^(Halt|Jump)$/);
 * }), { seed: 7 });
 * ```
 * @public
 */
export function programArb(constraints: ProgramConstraints = {}): fc.Arbitrary<Instruction[]> {
  const c = resolveProgramConstraints(constraints);
  const drawBound = c.maxLength + 1;
  const { minLength, maxLength, ensureTerminal, names, ...instr } = c;
  if (names !== 'simple') {
    // One pool per program, so its `Offer`s and `Choose`s still share labels.
    checkNameSpace('programArb', names);
    return fc
      .tuple(namePoolArb(names, c.labels), namePoolArb(names, c.roles))
      .chain(([labels, roles]) => programArb({ ...c, labels, roles, names: 'simple' }));
  }
  return fc.array(instructionArb({ ...instr, programLength: drawBound }), { minLength, maxLength }).map((drawn) => {
    const needsHalt = ensureTerminal && !isTerminal(drawn.at(-1));
    const length = drawn.length + (needsHalt ? 1 : 0);
    const code = drawn.map((i) => mapPcs(i, (pc) => (pc < drawBound ? pc % length : length + (pc - drawBound))));
    if (needsHalt) code.push({ op: 'Halt' });
    return code;
  });
}

/** True for the instructions that end a straight-line run (`Halt`, `Jump`). @internal */
export function isTerminal(i: Instruction | undefined): boolean {
  return i !== undefined && (i.op === 'Halt' || i.op === 'Jump');
}

/** Applies `f` to every pc operand of `i` (Jump target, Choose table pcs, Spawn target). @internal */
export function mapPcs(i: Instruction, f: (pc: number) => number): Instruction {
  switch (i.op) {
    case 'Jump':
      return { op: 'Jump', target: f(i.target) };
    case 'Spawn':
      return { op: 'Spawn', target: f(i.target), args: i.args };
    case 'Choose':
      return { op: 'Choose', chan: i.chan, table: i.table.map(([l, pc]) => [l, f(pc)] as const) };
    default:
      return i;
  }
}

function resolveProgramConstraints(constraints: ProgramConstraints): Required<ProgramConstraints> {
  const c = resolveConstraints(kProgramDefaults, constraints);
  checkInt('programArb', 'minLength', c.minLength, 0);
  checkInt('programArb', 'maxLength', c.maxLength, Math.max(1, c.minLength));
  return c;
}

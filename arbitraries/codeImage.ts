/**
 * Code images (machine.md §9.2): mostly valid ones built by construction (projected global types
 * compiled with the Lean compiler), some with replaced bytecode (still loadable: validation reads
 * local types, not code), and, on request, images that break one validation rule of §9.3.
 */
import fc from 'fast-check';
import type { CodeImage, Instruction } from '../src/types/machine.js';
import type { GlobalType } from '../src/types/session.js';
import { codeImageFromLocalTypes } from '../src/machine/codeImage.js';
import { globalTypeCaseArb, type NamePools } from './globalType.js';
import { instructionArb, kInstructionDefaults, TIER1_OPS } from './instruction.js';
import { checkNameSpace, type NameSpace } from './names.js';
import { programArb, mapPcs } from './program.js';
import { deepen } from './_internals/shapes.js';
import { breakRule, projectedLocals, renameInstruction, type Locals } from './_internals/codeImageEdits.js';
import { checkInt, checkRatio, coin, resolveConstraints, weighted } from './_internals/resolveConstraints.js';

/**
 * The validation rules of machine.md §9.3 an invalid image breaks; `projection_rejected` is rule 5
 * reached through the checked projection (a role `projectb` rejects) rather than a wrong claimed type.
 * @public
 */
export type CodeImageViolation =
  | 'arity_mismatch'
  | 'duplicate_entry_role'
  | 'duplicate_local_role'
  | 'entry_local_mismatch'
  | 'projection_mismatch'
  | 'projection_rejected';

/** Every {@link CodeImageViolation}, in rule order. @public */
export const CODE_IMAGE_VIOLATIONS: readonly CodeImageViolation[] = Object.freeze([
  'arity_mismatch',
  'duplicate_entry_role',
  'duplicate_local_role',
  'entry_local_mismatch',
  'projection_mismatch',
  'projection_rejected',
]);

/** How the bytecode of a valid image was made. @public */
export type CodeImageBytecode = 'compiled' | 'mutated' | 'random';

/**
 * The verdict the construction guarantees: loads, or `validation_failed(reason)` with the exact
 * reason text of machine.md §9.3.
 * @public
 */
export type CodeImageExpectation =
  | { readonly valid: true; readonly bytecode: CodeImageBytecode }
  | { readonly valid: false; readonly violation: CodeImageViolation; readonly reason: string };

/** A generated image with its expected load verdict. @public */
export interface CodeImageCase {
  readonly image: CodeImage;
  readonly expected: CodeImageExpectation;
}

/** Limits for {@link codeImageArb} / {@link codeImageCaseArb}. @public */
export interface CodeImageConstraints {
  /** Role names the global type draws from. @defaultValue `['A', 'B', 'C']` */
  readonly roles?: readonly string[];
  /** Global-type nesting (passed to `globalTypeArb`). @defaultValue 4 */
  readonly maxDepth?: number;
  /** Branches per choice. @defaultValue 3 */
  readonly maxBranches?: number;
  /**
   * Share of global types wrapped in a loop that never exits (where the checked projection still
   * accepts every role). Each type also gets a message chain through the first 0..n roles, so
   * runs go deep; both shrink away. @defaultValue 0.3
   */
  readonly loopRatio?: number;
  /** Share of images that also hold a bystander role `Z` (only where the checked projection accepts it). @defaultValue 0.1 */
  readonly bystanderRatio?: number;
  /** Share of valid images with a few compiled instructions replaced by random ones. @defaultValue 0.15 */
  readonly mutateRatio?: number;
  /** Share of valid images whose every role runs a random program ({@link programArb}). @defaultValue 0.1 */
  readonly randomCodeRatio?: number;
  /** Register count the random instructions aim at. @defaultValue 8 */
  readonly numRegisters?: number;
  /** `true`: every image is invalid; a number: that share is; `false`/0: none. @defaultValue false */
  readonly invalid?: boolean | number;
  /** Which rules invalid images break. @defaultValue {@link CODE_IMAGE_VIOLATIONS} */
  readonly violations?: readonly CodeImageViolation[];
  /**
   * Where role names, labels and recursion variables come from (see `globalTypeArb`); with `'rich'`
   * the random and mutated instructions use the image's own names too. @defaultValue 'simple'
   */
  readonly names?: NameSpace;
  /** Share of binders that shadow an enclosing binder's name. @defaultValue 0.2 */
  readonly shadowRatio?: number;
}

/** The defaults of {@link CodeImageConstraints}. @public */
export const kCodeImageDefaults: Required<CodeImageConstraints> = Object.freeze({
  roles: Object.freeze(['A', 'B', 'C']),
  maxDepth: 4,
  maxBranches: 3,
  loopRatio: 0.3,
  bystanderRatio: 0.1,
  mutateRatio: 0.15,
  randomCodeRatio: 0.1,
  numRegisters: 8,
  invalid: false,
  violations: CODE_IMAGE_VIOLATIONS,
  names: 'simple',
  shadowRatio: 0.2,
});

/**
 * Code images with the verdict `loadCodeImage` must give. Valid images come from projectable
 * global types (`globalTypeArb({ projectableOnly: true })`), projected per role with `projectCore`
 * and compiled, so runs go deep; a share gets mutated or random bytecode. Invalid images break the
 * chosen rule of machine.md §9.3 and only that one (earlier rules hold). Shrinks toward small
 * global types, compiled bytecode and no bystander.
 *
 * @param constraints - Optional limits; see {@link CodeImageConstraints}.
 * @example
 * ```ts
 * fc.assert(fc.property(codeImageCaseArb({ invalid: 0.5 }), ({ image, expected }) => {
 *   expect(loadCodeImage(image).ok).toBe(expected.valid);
 * }), { seed: 11, numRuns: 100 });
 * ```
 * @public
 */
export function codeImageCaseArb(constraints: CodeImageConstraints = {}): fc.Arbitrary<CodeImageCase> {
  return codeImageNamedCaseArb(constraints).map((x) => x.case);
}

/** {@link codeImageCaseArb} with the name pools the case was drawn from. @internal */
export function codeImageNamedCaseArb(
  constraints: CodeImageConstraints = {},
): fc.Arbitrary<{ readonly case: CodeImageCase; readonly names: NamePools }> {
  const c = resolveCodeImageConstraints(constraints);
  const ratio = c.invalid === true ? 1 : c.invalid === false ? 0 : c.invalid;
  const base = fc
    .record({
      drawn: globalTypeCaseArb({
        roles: c.roles,
        maxDepth: c.maxDepth,
        maxBranches: c.maxBranches,
        projectableOnly: true,
        wellFormedOnly: true,
        names: c.names,
        shadowRatio: c.shadowRatio,
      }),
      chain: fc.nat({ max: c.roles.length - 1 }),
      loop: coin(c.loopRatio),
      shadow: coin(c.shadowRatio),
      bystander: coin(c.bystanderRatio),
    })
    .map(({ drawn, chain, loop, shadow, bystander }) => ({
      g: deepen(drawn.g, drawn.names.roles, chain, loop, shadow),
      bystander,
      names: drawn.names,
    }));
  // Instructions draw names from slots (the default labels, the roles and the bystander), resolved
  // against the case's own pools, so rich names reach Offer/Choose tables and endpoint values.
  const slotRoles = [...c.roles, 'Z'];
  const slotLabels = kInstructionDefaults.labels;
  const rawInstr = instructionArb({
    numRegisters: c.numRegisters,
    programLength: 1 << 16,
    ops: TIER1_OPS,
    roles: slotRoles,
  });
  const named = (x: { readonly names: NamePools }, made: CodeImageCase) => ({ case: made, names: x.names });
  const resolve = (names: NamePools, i: Instruction): Instruction =>
    c.names === 'simple' ? i : renameInstruction(i, slotRoles, [...names.roles, names.spare], slotLabels, names.labels);
  const compiledCase = base.map((x) =>
    named(x, {
      image: codeImageFromLocalTypes(projectedLocals(x.g, x.bystander, x.names.spare), x.g),
      expected: { valid: true, bytecode: 'compiled' },
    }),
  );
  const mutatedCase = fc
    .tuple(base, fc.array(fc.tuple(fc.nat(), rawInstr), { minLength: 1, maxLength: 3 }))
    .map(([x, edits]) => {
      const image = codeImageFromLocalTypes(projectedLocals(x.g, x.bystander, x.names.spare), x.g);
      if (image.program.code.length === 0) return named(x, { image, expected: { valid: true, bytecode: 'compiled' } });
      const resolved = edits.map(([pos, instr]) => [pos, resolve(x.names, instr)] as const);
      return named(x, { image: mutateCode(image, resolved), expected: { valid: true, bytecode: 'mutated' } });
    });
  const randomCase = fc
    .tuple(
      base,
      fc.array(programArb({ numRegisters: c.numRegisters, maxLength: 8, roles: slotRoles }), {
        minLength: c.roles.length + 1,
        maxLength: c.roles.length + 1,
      }),
    )
    .map(([x, programs]) =>
      named(x, {
        image: withRandomCode(
          x.g,
          projectedLocals(x.g, x.bystander, x.names.spare),
          programs.map((p) => p.map((i) => resolve(x.names, i))),
        ),
        expected: { valid: true, bytecode: 'random' },
      }),
    );
  const validCase = weighted([
    [1 - c.mutateRatio - c.randomCodeRatio, compiledCase],
    [c.mutateRatio, mutatedCase],
    [c.randomCodeRatio, randomCase],
  ]);
  const invalidCase = fc
    .tuple(base, fc.constantFrom(...c.violations), fc.nat({ max: 11 }))
    .map(([x, violation, variant]) => named(x, breakRule(x.g, x.bystander, violation, variant, x.names)));
  return weighted([
    [1 - ratio, validCase],
    [ratio, invalidCase],
  ]);
}

/**
 * Code images only (the `image` of {@link codeImageCaseArb}); same constraints. Looping
 * protocols never finish, so give runs a step budget.
 * @example
 * ```ts
 * fc.assert(fc.property(codeImageArb(), (image) => {
 *   expect(runCooperative(image, { maxSteps: 200 }).ok).toBe(true);
 * }), { seed: 5 });
 * ```
 * @public
 */
export function codeImageArb(constraints: CodeImageConstraints = {}): fc.Arbitrary<CodeImage> {
  return codeImageCaseArb(constraints).map((c) => c.image);
}

/** Replaces instructions at the drawn positions; pcs are folded onto the code length. */
function mutateCode(image: CodeImage, edits: readonly (readonly [number, Instruction])[]): CodeImage {
  const code = [...image.program.code];
  const n = code.length;
  for (const [pos, instr] of edits) code[pos % n] = mapPcs(instr, (pc) => pc % n);
  return { ...image, program: { ...image.program, code } };
}

/**
 * The compiled image's types and entry layout, with each role's code replaced by a random program
 * relocated to its start (machine.md §9.2: targets `+start`).
 */
function withRandomCode(g: GlobalType, locals: Locals, programs: readonly Instruction[][]): CodeImage {
  const compiled = codeImageFromLocalTypes(locals, g);
  const code: Instruction[] = [];
  const entryPoints: (readonly [string, number])[] = [];
  compiled.program.entryPoints.forEach(([role], i) => {
    const start = code.length;
    entryPoints.push([role, start]);
    const program = programs[i] ?? [{ op: 'Halt' }];
    for (const instr of program) code.push(mapPcs(instr, (pc) => pc + start));
  });
  return { ...compiled, program: { ...compiled.program, code, entryPoints } };
}

function resolveCodeImageConstraints(constraints: CodeImageConstraints): Required<CodeImageConstraints> {
  const c = resolveConstraints(kCodeImageDefaults, constraints);
  checkInt('codeImageArb', 'roles.length', c.roles.length, 2);
  checkInt('codeImageArb', 'maxDepth', c.maxDepth, 0);
  checkInt('codeImageArb', 'maxBranches', c.maxBranches, 1);
  checkInt('codeImageArb', 'numRegisters', c.numRegisters, 1, 65535);
  checkInt('codeImageArb', 'violations.length', c.violations.length, 1);
  checkRatio('codeImageArb', 'bystanderRatio', c.bystanderRatio);
  checkRatio('codeImageArb', 'loopRatio', c.loopRatio);
  checkRatio('codeImageArb', 'mutateRatio', c.mutateRatio);
  checkRatio('codeImageArb', 'randomCodeRatio', c.randomCodeRatio);
  checkRatio('codeImageArb', 'mutateRatio + randomCodeRatio', c.mutateRatio + c.randomCodeRatio);
  if (typeof c.invalid !== 'boolean') checkRatio('codeImageArb', 'invalid', c.invalid);
  checkRatio('codeImageArb', 'shadowRatio', c.shadowRatio);
  checkNameSpace('codeImageArb', c.names);
  return c;
}

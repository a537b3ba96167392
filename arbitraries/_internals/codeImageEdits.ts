/**
 * Edits of `codeImageCaseArb` (arbitraries/codeImage.ts): renaming the instructions of drawn code
 * into a case's name pools, and breaking one validation rule of machine.md §9.3.
 */
import type { CodeImage, Instruction, Value } from '../../src/types/machine.js';
import type { GlobalType, LocalType } from '../../src/types/session.js';
import { compareCodePoints } from '../../src/projection/rolesSorted.js';
import { projectChecked } from '../../src/projection/projectChecked.js';
import { projectCore } from '../../src/projection/projectCore.js';
import { roles as rolesOf } from '../../src/projection/roles.js';
import { codeImageFromLocalTypes } from '../../src/machine/codeImage.js';
import type { NamePools } from '../globalType.js';
import type { CodeImageCase, CodeImageViolation } from '../codeImage.js';
import { nextName } from '../names.js';
import { pick } from './pick.js';
import { mismatchType } from './mismatchType.js';

/** Each role's local type. */
export type Locals = [string, LocalType][];

/** `(role, projectCore(g, role))` for the roles of `g`, plus the bystander where it is accepted. */
export function projectedLocals(g: GlobalType, bystander: boolean, spare: string): Locals {
  const roles = [...rolesOf(g)];
  if ((bystander || roles.length === 0) && !roles.includes(spare) && projectChecked(g, spare).ok) roles.push(spare);
  return roles.map((r) => [r, projectCore(g, r)]);
}

/** Renames an instruction's names from slot lists to the case's pools (same index, wrapping). */
export function renameInstruction(
  i: Instruction,
  fromRoles: readonly string[],
  toRoles: readonly string[],
  fromLabels: readonly string[],
  toLabels: readonly string[],
): Instruction {
  const label = (l: string): string => {
    const k = fromLabels.indexOf(l);
    return k < 0 || toLabels.length === 0 ? l : pick(toLabels, k);
  };
  const role = (r: string): string => {
    const k = fromRoles.indexOf(r);
    return k < 0 || toRoles.length === 0 ? r : pick(toRoles, k);
  };
  const value = (v: Value): Value => {
    switch (v.kind) {
      case 'string':
        return { kind: 'string', value: label(v.value) };
      case 'chan':
        return { kind: 'chan', endpoint: { ...v.endpoint, role: role(v.endpoint.role) } };
      case 'prod':
        return { kind: 'prod', left: value(v.left), right: value(v.right) };
      default:
        return v;
    }
  };
  switch (i.op) {
    case 'Offer':
      return { ...i, label: label(i.label) };
    case 'Choose':
      return { ...i, table: i.table.map(([l, pc]) => [label(l), pc] as const) };
    case 'Set':
      return { ...i, val: value(i.val) };
    default:
      return i;
  }
}

export function breakRule(
  g: GlobalType,
  bystander: boolean,
  violation: CodeImageViolation,
  variant: number,
  names: NamePools,
): CodeImageCase {
  const invalid = (image: CodeImage, reason: string): CodeImageCase => ({
    image,
    expected: { valid: false, violation, reason },
  });
  if (violation === 'projection_rejected') {
    const bad = mismatchType(g, variant, names.roles);
    const locals: Locals = [...rolesOf(bad)].map((r) => [r, projectCore(bad, r)]);
    const sorted = locals.map(([r]) => r).sort(compareCodePoints);
    const first = sorted.find((r) => !projectChecked(bad, r).ok);
    if (first === undefined) throw new Error('codeImageArb: internal error, mismatch type accepted by every role');
    return invalid(codeImageFromLocalTypes(locals, bad), `projection mismatch for role ${first}`);
  }
  let locals = projectedLocals(g, bystander, names.spare);
  // Every rule below needs at least one role; a protocol without roles gets the bystander.
  if (locals.length === 0) locals = [[names.spare, projectCore(g, names.spare)]];
  const image = codeImageFromLocalTypes(locals, g);
  const p = image.program;
  const n = p.entryPoints.length;
  const i = variant % n;
  // A role name that occurs in neither list, so only the chosen rule breaks.
  const taken = new Set([...p.entryPoints.map(([r]) => r), ...p.localTypesR.map(([r]) => r)]);
  let FRESH = 'Y';
  for (let j = 0; taken.has(FRESH); j++) FRESH = `Y${j}`;
  const withProgram = (patch: Partial<CodeImage['program']>): CodeImage => ({ ...image, program: { ...p, ...patch } });
  const endLocal: LocalType = { kind: 'end' };
  switch (violation) {
    case 'arity_mismatch':
      return variant % 2 === 0
        ? invalid(
            withProgram({ localTypesR: p.localTypesR.slice(0, -1), localTypes: p.localTypes.slice(0, -1) }),
            'entry/local role arity mismatch',
          )
        : invalid(
            withProgram({ localTypesR: [...p.localTypesR, [FRESH, endLocal]] }),
            'entry/local role arity mismatch',
          );
    case 'duplicate_entry_role': {
      const dup = p.entryPoints[i];
      if (dup === undefined) throw new Error('unreachable');
      return invalid(
        withProgram({ entryPoints: [...p.entryPoints, dup], localTypesR: [...p.localTypesR, [FRESH, endLocal]] }),
        'duplicate entry-point role',
      );
    }
    case 'duplicate_local_role': {
      const dup = p.localTypesR[i];
      if (dup === undefined) throw new Error('unreachable');
      return invalid(
        withProgram({ entryPoints: [...p.entryPoints, [FRESH, 0]], localTypesR: [...p.localTypesR, dup] }),
        'duplicate local-type role',
      );
    }
    case 'entry_local_mismatch':
      return invalid(
        withProgram({ entryPoints: p.entryPoints.map(([r, pc], j) => (j === i ? [FRESH, pc] : [r, pc])) }),
        'entry/local role mismatch',
      );
    case 'projection_mismatch': {
      const entry = p.entryPoints[i];
      if (entry === undefined) throw new Error('unreachable');
      const role = entry[0];
      const localTypesR = p.localTypesR.map(([r, t]): readonly [string, LocalType] =>
        r === role ? [r, alter(t, variant, FRESH)] : [r, t],
      );
      return invalid(withProgram({ localTypesR }), `projection mismatch for role ${role}`);
    }
  }
}

/**
 * A local type structurally different from `t` (so the projection comparison of rule 5 fails): a
 * third of the variants move the last code point of its first label by one (the smallest change a
 * label comparison can miss), the others replace it.
 */
function alter(t: LocalType, variant: number, partner: string): LocalType {
  if (variant % 3 === 2) {
    const sibling = withSiblingLabel(t);
    if (sibling !== null) return sibling;
  }
  if (t.kind !== 'end') return { kind: 'end' };
  const label = { name: variant % 2 === 0 ? 'zz' : 'ping', sort: 'unit' as const };
  return { kind: variant % 2 === 0 ? 'send' : 'recv', partner, branches: [{ label, continuation: { kind: 'end' } }] };
}

/** `t` with its first label (depth first) renamed to {@link nextName} of it, or null without a label. */
function withSiblingLabel(t: LocalType): LocalType | null {
  switch (t.kind) {
    case 'rec': {
      const body = withSiblingLabel(t.body);
      return body === null ? null : { ...t, body };
    }
    case 'send':
    case 'recv': {
      const [first, ...rest] = t.branches;
      if (first === undefined) return null;
      const renamed = { ...first, label: { ...first.label, name: nextName(first.label.name) } };
      return { ...t, branches: [renamed, ...rest] };
    }
    default:
      return null;
  }
}

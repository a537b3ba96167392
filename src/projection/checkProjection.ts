import type { GlobalBranch, GlobalType, LocalBranch, LocalType } from '../types/session.js';
import { isStackOverflow } from './_internals/deep.js';
import { labelEqual } from './_internals/equal.js';
import { guarded } from './guarded.js';
import { projectCore } from './projectCore.js';

/**
 * Lean's boolean projection checker `projectb` (projection.md §6.2): is `local` accepted as the
 * projection of `g` on `role`? No unfolding, reordering or merging; a bystander must accept the
 * same candidate in every branch.
 * @example
 * ```ts
 * // g = A→B{m:nat. end}
 * checkProjection(g, 'B', { kind: 'recv', partner: 'A', branches: [{ label: { name: 'm', sort: 'nat' }, continuation: { kind: 'end' } }] }); // true
 * ```
 * @public
 */
export function checkProjection(g: GlobalType, role: string, local: LocalType): boolean {
  try {
    return check(g, role, local);
  } catch (e) {
    if (!isStackOverflow(e)) throw e;
    return checkDeep(g, role, local);
  }
}

function check(g: GlobalType, role: string, local: LocalType): boolean {
  switch (g.kind) {
    case 'end':
      return local.kind === 'end';
    case 'var':
      return local.kind === 'var' && local.name === g.name;
    case 'rec': {
      if (local.kind === 'rec')
        return local.var === g.var && guarded(local.body, g.var) && check(g.body, role, local.body);
      if (local.kind !== 'end') return false;
      const e = projectCore(g.body, role);
      return !guarded(e, g.var) && check(g.body, role, e);
    }
    case 'comm': {
      if (role === g.sender)
        return local.kind === 'send' && local.partner === g.receiver && branchesMatch(g.branches, local.branches, role);
      if (role === g.receiver)
        return local.kind === 'recv' && local.partner === g.sender && branchesMatch(g.branches, local.branches, role);
      for (const b of g.branches) if (!check(b.continuation, role, local)) return false;
      return true;
    }
    case 'delegate': {
      const isSender = role === g.delegator;
      if (!isSender && role !== g.delegatee) return check(g.continuation, role, local);
      if (local.kind !== (isSender ? 'send' : 'recv')) return false;
      const l = local;
      const b = l.branches[0];
      if (l.partner !== (isSender ? g.delegatee : g.delegator) || l.branches.length !== 1 || b === undefined)
        return false;
      const p = b.payload;
      return (
        b.label.name === '_delegate' &&
        b.label.sort === 'unit' &&
        p !== undefined &&
        p.kind === 'chan' &&
        p.sid === g.session_id &&
        p.role === g.role &&
        check(g.continuation, role, b.continuation)
      );
    }
  }
}

function branchesMatch(gs: readonly GlobalBranch[], ls: readonly LocalBranch[], role: string): boolean {
  if (gs.length !== ls.length) return false;
  for (let i = 0; i < gs.length; i++) {
    const gb = gs[i];
    const lb = ls[i];
    if (gb === undefined || lb === undefined) return false;
    if (!labelEqual(gb.label, lb.label) || lb.payload !== undefined || !check(gb.continuation, role, lb.continuation))
      return false;
  }
  return true;
}

/**
 * The same relation as a work list of obligations (each must hold), for types too deep for the
 * recursive version; the definition is a conjunction, so the visiting order does not matter.
 */
function checkDeep(g0: GlobalType, role: string, l0: LocalType): boolean {
  const work: Array<readonly [GlobalType, LocalType]> = [[g0, l0]];
  for (let item = work.pop(); item !== undefined; item = work.pop()) {
    const [g, local] = item;
    switch (g.kind) {
      case 'end':
        if (local.kind !== 'end') return false;
        break;
      case 'var':
        if (local.kind !== 'var' || local.name !== g.name) return false;
        break;
      case 'rec':
        if (local.kind === 'rec') {
          if (local.var !== g.var || !guarded(local.body, g.var)) return false;
          work.push([g.body, local.body]);
        } else {
          if (local.kind !== 'end') return false;
          const e = projectCore(g.body, role);
          if (guarded(e, g.var)) return false;
          work.push([g.body, e]);
        }
        break;
      case 'comm': {
        const participant = role === g.sender || role === g.receiver;
        if (!participant) {
          for (const b of g.branches) work.push([b.continuation, local]);
          break;
        }
        const kind = role === g.sender ? 'send' : 'recv';
        const partner = role === g.sender ? g.receiver : g.sender;
        if (local.kind !== kind || local.partner !== partner || local.branches.length !== g.branches.length)
          return false;
        for (let i = 0; i < g.branches.length; i++) {
          const gb = g.branches[i];
          const lb = local.branches[i];
          if (gb === undefined || lb === undefined || !labelEqual(gb.label, lb.label) || lb.payload !== undefined)
            return false;
          work.push([gb.continuation, lb.continuation]);
        }
        break;
      }
      case 'delegate': {
        const isSender = role === g.delegator;
        if (!isSender && role !== g.delegatee) {
          work.push([g.continuation, local]);
          break;
        }
        if (local.kind !== (isSender ? 'send' : 'recv')) return false;
        const l = local;
        const b = l.branches[0];
        const p = b?.payload;
        if (l.partner !== (isSender ? g.delegatee : g.delegator) || l.branches.length !== 1 || b === undefined)
          return false;
        if (
          b.label.name !== '_delegate' ||
          b.label.sort !== 'unit' ||
          p === undefined ||
          p.kind !== 'chan' ||
          p.sid !== g.session_id ||
          p.role !== g.role
        )
          return false;
        work.push([g.continuation, b.continuation]);
        break;
      }
    }
  }
  return true;
}

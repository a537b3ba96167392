import type { GlobalType, LocalBranch, LocalType } from '../types/session.js';
import { isStackOverflow, projectCoreDeep } from './_internals/deep.js';
import { guarded } from './guarded.js';

const kEnd: LocalType = Object.freeze({ kind: 'end' });
const kDelegateLabel = Object.freeze({ name: '_delegate', sort: 'unit' as const });

/**
 * Projection of `g` on `role` exactly as Lean's `trans` computes it (projection.md §6.1). Total:
 * a bystander of a choice follows the first branch only, an empty bystander choice gives `end`,
 * `rec X` is kept iff X is guarded in the projected body. Unknown roles get the bystander
 * projection. Labels are shared with `g` (never copied); treat the result as immutable.
 * @example
 * ```ts
 * // rec t. A→B{m. t}
 * projectCore(g, 'A'); // rec t. !B{m. t}
 * projectCore(g, 'C'); // end
 * ```
 * @public
 */
export function projectCore(g: GlobalType, role: string): LocalType {
  try {
    return core(g, role);
  } catch (e) {
    if (isStackOverflow(e)) return projectCoreDeep(g, role);
    throw e;
  }
}

function core(g: GlobalType, role: string): LocalType {
  switch (g.kind) {
    case 'end':
      return kEnd;
    case 'var':
      // A global `var` node has exactly the local shape; sharing it avoids an allocation.
      return g;
    case 'rec': {
      const body = core(g.body, role);
      return guarded(body, g.var) ? { kind: 'rec', var: g.var, body } : kEnd;
    }
    case 'comm': {
      const bs = g.branches;
      if (role === g.sender || role === g.receiver) {
        const out = new Array<LocalBranch>(bs.length);
        for (let i = 0; i < bs.length; i++) {
          const b = bs[i];
          if (b !== undefined) out[i] = { label: b.label, continuation: core(b.continuation, role) };
        }
        // The sender test comes first: A→A projects to a send for A.
        return role === g.sender
          ? { kind: 'send', partner: g.receiver, branches: out }
          : { kind: 'recv', partner: g.sender, branches: out };
      }
      const first = bs[0];
      return first === undefined ? kEnd : core(first.continuation, role);
    }
    case 'delegate': {
      const cont = core(g.continuation, role);
      if (role !== g.delegator && role !== g.delegatee) return cont;
      const branch: LocalBranch = {
        label: kDelegateLabel,
        continuation: cont,
        payload: { kind: 'chan', sid: g.session_id, role: g.role },
      };
      return role === g.delegator
        ? { kind: 'send', partner: g.delegatee, branches: [branch] }
        : { kind: 'recv', partner: g.delegator, branches: [branch] };
    }
  }
}

import type { GlobalType } from '../types/session.js';
import { freeVars } from './freeVars.js';

/** The four parts of Lean's well-formedness (projection.md §5.1). @example `{ allVarsBound: true, allCommsNonEmpty: true, noSelfComm: true, isProductive: true }` @public */
export interface WellFormednessParts {
  readonly allVarsBound: boolean;
  readonly allCommsNonEmpty: boolean;
  readonly noSelfComm: boolean;
  readonly isProductive: boolean;
}

function every(g: GlobalType, pred: (n: GlobalType) => boolean): boolean {
  const stack: GlobalType[] = [g];
  for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
    if (!pred(n)) return false;
    if (n.kind === 'comm') for (const b of n.branches) stack.push(b.continuation);
    else if (n.kind === 'rec') stack.push(n.body);
    else if (n.kind === 'delegate') stack.push(n.continuation);
  }
  return true;
}

// Unguarded binder names since the last communication, as a linked list shared between branches.
type Names = { readonly name: string; readonly next: Names } | null;

function productive(g: GlobalType): boolean {
  const work: Array<readonly [GlobalType, Names]> = [[g, null]];
  for (let item = work.pop(); item !== undefined; item = work.pop()) {
    const [n, unguarded] = item;
    switch (n.kind) {
      case 'end':
        break;
      case 'var':
        for (let u = unguarded; u !== null; u = u.next) if (u.name === n.name) return false;
        break;
      case 'rec':
        work.push([n.body, { name: n.var, next: unguarded }]);
        break;
      case 'comm':
        for (const b of n.branches) work.push([b.continuation, null]);
        break;
      case 'delegate':
        work.push([n.continuation, null]);
        break;
    }
  }
  return true;
}

/**
 * The four parts of {@link isWellFormed}, separately (for diagnostics and tests).
 * @example
 * ```ts
 * wellFormednessParts(g).isProductive;
 * ```
 * @public
 */
export function wellFormednessParts(g: GlobalType): WellFormednessParts {
  return {
    allVarsBound: freeVars(g).length === 0,
    allCommsNonEmpty: every(g, (n) => n.kind !== 'comm' || n.branches.length > 0),
    noSelfComm: every(g, (n) =>
      n.kind === 'comm' ? n.sender !== n.receiver : n.kind === 'delegate' ? n.delegator !== n.delegatee : true,
    ),
    isProductive: productive(g),
  };
}

/**
 * Lean's well-formedness predicate (projection.md §5.1): all variables bound, every choice
 * non-empty, no self-communication, productive recursion. Label uniqueness is separate
 * ({@link uniqueBranchLabels}).
 * @example
 * ```ts
 * isWellFormed({ kind: 'rec', var: 'X', body: { kind: 'end' } }); // true
 * ```
 * @public
 */
export function isWellFormed(g: GlobalType): boolean {
  const p = wellFormednessParts(g);
  return p.allVarsBound && p.allCommsNonEmpty && p.noSelfComm && p.isProductive;
}

/**
 * Lean's `uniqueBranchLabels` (§5.1): in every choice the labels are pairwise distinct by name
 * **and** sort.
 * @example
 * ```ts
 * uniqueBranchLabels(g); // false if some choice repeats a (name, sort) pair
 * ```
 * @public
 */
export function uniqueBranchLabels(g: GlobalType): boolean {
  return every(g, (n) => {
    if (n.kind !== 'comm') return true;
    const seen = new Set<string>();
    for (const b of n.branches) {
      const key = JSON.stringify([b.label.name, b.label.sort]);
      if (seen.has(key)) return false;
      seen.add(key);
    }
    return true;
  });
}

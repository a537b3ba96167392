import type { Label, LocalType, Sort, ValType } from '../../types/session.js';

/** Structural sort equality (projection.md §2.1). */
export function sortEqual(a: Sort, b: Sort): boolean {
  if (a === b) return true;
  if (typeof a === 'string' || typeof b === 'string') return false;
  if ('vector' in a) return 'vector' in b && a.vector === b.vector;
  if (!('prod' in b)) return false;
  return sortEqual(a.prod[0], b.prod[0]) && sortEqual(a.prod[1], b.prod[1]);
}

/** Label identity is the pair (name, sort) (§2.2). */
export function labelEqual(a: Label, b: Label): boolean {
  return a.name === b.name && sortEqual(a.sort, b.sort);
}

/** Equality of optional payload annotations; absent equals absent only. */
export function valTypeEqual(a: ValType | undefined, b: ValType | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.kind !== b.kind) return false;
  if (a.kind === 'prod') return b.kind === 'prod' && valTypeEqual(a.left, b.left) && valTypeEqual(a.right, b.right);
  if (a.kind === 'chan') return b.kind === 'chan' && a.sid === b.sid && a.role === b.role;
  return true;
}

/** Structural local-type equality: kinds, partners, names, labels, annotations, branch order. */
export function localEqual(a: LocalType, b: LocalType): boolean {
  if (a === b) return true;
  switch (a.kind) {
    case 'end':
      return b.kind === 'end';
    case 'var':
      return b.kind === 'var' && a.name === b.name;
    case 'rec':
      return b.kind === 'rec' && a.var === b.var && localEqual(a.body, b.body);
    case 'send':
    case 'recv': {
      if (b.kind !== a.kind || a.partner !== b.partner || a.branches.length !== b.branches.length) return false;
      for (let i = 0; i < a.branches.length; i++) {
        const x = a.branches[i];
        const y = b.branches[i];
        if (
          x === undefined ||
          y === undefined ||
          !labelEqual(x.label, y.label) ||
          !valTypeEqual(x.payload, y.payload) ||
          !localEqual(x.continuation, y.continuation)
        )
          return false;
      }
      return true;
    }
  }
}

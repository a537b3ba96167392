import type { Label, LocalType, Sort, ValType } from '../../types/session.js';

/** Structural sort equality (projection.md §2.1). */
export function sortEqual(a0: Sort, b0: Sort): boolean {
  // A work list of pairs (b on top of a): products nest without bound under the Lean decoder.
  const work: Sort[] = [a0, b0];
  while (work.length > 0) {
    const b = work.pop() as Sort;
    const a = work.pop() as Sort;
    if (a === b) continue;
    if (typeof a === 'string' || typeof b === 'string') return false;
    if ('vector' in a) {
      if (!('vector' in b) || a.vector !== b.vector) return false;
    } else if (!('prod' in b)) return false;
    else work.push(a.prod[0], b.prod[0], a.prod[1], b.prod[1]);
  }
  return true;
}

/** Label identity is the pair (name, sort) (§2.2). */
export function labelEqual(a: Label, b: Label): boolean {
  return a.name === b.name && sortEqual(a.sort, b.sort);
}

/** Equality of optional payload annotations; absent equals absent only. */
export function valTypeEqual(a0: ValType | undefined, b0: ValType | undefined): boolean {
  const work: (ValType | undefined)[] = [a0, b0];
  while (work.length > 0) {
    // Pairs, b on top of a.
    const b = work.pop();
    const a = work.pop();
    if (a === b) continue;
    if (a === undefined || b === undefined || a.kind !== b.kind) return false;
    if (a.kind === 'prod') {
      if (b.kind !== 'prod') return false;
      work.push(a.left, b.left, a.right, b.right);
    } else if (a.kind === 'chan' && (b.kind !== 'chan' || a.sid !== b.sid || a.role !== b.role)) return false;
  }
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

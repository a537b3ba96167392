import type { LocalType } from '../types/session.js';
import { isStackOverflow, mapLocalDeep } from './_internals/deep.js';
import { localEqual } from './localEqual.js';

/**
 * Swaps send and recv everywhere (projection.md §8); partners, labels, annotations and branch
 * order are unchanged. `dual(dual(t))` equals t.
 * @example
 * ```ts
 * dual({ kind: 'send', partner: 'B', branches: [] }); // { kind: 'recv', partner: 'B', branches: [] }
 * ```
 * @public
 */
export function dual(t: LocalType): LocalType {
  try {
    return swap(t);
  } catch (e) {
    if (!isStackOverflow(e)) throw e;
    return mapLocalDeep(
      t,
      (c, branches) => ({ kind: c.kind === 'send' ? 'recv' : 'send', partner: c.partner, branches }),
      (leaf) => leaf,
    );
  }
}

function swap(t: LocalType): LocalType {
  switch (t.kind) {
    case 'end':
    case 'var':
      return t;
    case 'rec':
      return { kind: 'rec', var: t.var, body: swap(t.body) };
    case 'send':
    case 'recv':
      return {
        kind: t.kind === 'send' ? 'recv' : 'send',
        partner: t.partner,
        branches: t.branches.map((b) => ({ ...b, continuation: swap(b.continuation) })),
      };
  }
}

/**
 * True iff `dual(t1)` is structurally equal to `t2` (projection.md §8).
 * @example
 * ```ts
 * isDual(t, dual(t)); // true
 * ```
 * @public
 */
export function isDual(t1: LocalType, t2: LocalType): boolean {
  return localEqual(dual(t1), t2);
}

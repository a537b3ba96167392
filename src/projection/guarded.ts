import type { LocalType } from '../types/session.js';

/**
 * `guarded(t, X)`: X does not occur at the head of t (projection.md §6.1). Decides whether a
 * projected `rec X` body keeps its binder.
 * @example
 * ```ts
 * guarded({ kind: 'var', name: 't' }, 't'); // false
 * guarded({ kind: 'end' }, 't');            // true
 * ```
 * @public
 */
export function guarded(t: LocalType, x: string): boolean {
  let n = t;
  for (;;) {
    if (n.kind === 'var') return n.name !== x;
    if (n.kind !== 'rec') return true;
    if (n.var === x) return true;
    n = n.body;
  }
}

import type { GlobalType } from '../types/session.js';
import { pushContinuations } from './_internals/pushContinuations.js';

/**
 * Free recursion variables of `g`, unique, in first-occurrence order (projection.md §4).
 * @example
 * ```ts
 * freeVars({ kind: 'rec', var: 't', body: { kind: 'var', name: 'u' } }); // ['u']
 * ```
 * @public
 */
export function freeVars(g: GlobalType): string[] {
  const out = new Set<string>();
  // Binder counts in scope; a work item 'exit' closes the scope a `rec` opened (iterative, so
  // deep Lean-decoded types are fine).
  const bound = new Map<string, number>();
  const work: Array<GlobalType | { readonly exit: string }> = [g];
  for (let n = work.pop(); n !== undefined; n = work.pop()) {
    if ('exit' in n) {
      bound.set(n.exit, (bound.get(n.exit) ?? 1) - 1); // the count was set when the `rec` opened the scope
      continue;
    }
    switch (n.kind) {
      case 'var':
        if ((bound.get(n.name) ?? 0) === 0) out.add(n.name);
        break;
      case 'rec':
        bound.set(n.var, (bound.get(n.var) ?? 0) + 1);
        work.push({ exit: n.var }, n.body);
        break;
      case 'comm':
        pushContinuations(work, n.branches);
        break;
      case 'delegate':
        work.push(n.continuation);
        break;
      case 'end':
        break;
    }
  }
  return [...out];
}

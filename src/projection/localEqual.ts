import type { LocalType } from '../types/session.js';
import { isStackOverflow, localEqualDeep } from './_internals/deep.js';
import { localEqual as equal } from './_internals/equal.js';

/**
 * Structural equality of local types: kinds, partners, variable names, labels (name and sort),
 * payload annotations and branch order (the comparison of the Lean validator, projection.md §11.1).
 * @example
 * ```ts
 * localEqual({ kind: 'end' }, { kind: 'end' }); // true
 * ```
 * @public
 */
export function localEqual(a: LocalType, b: LocalType): boolean {
  try {
    return equal(a, b);
  } catch (e) {
    if (!isStackOverflow(e)) throw e;
    return localEqualDeep(a, b);
  }
}

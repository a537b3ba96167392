import type { GlobalType } from '../types/session.js';
import { compareCodePoints } from './_internals/codePoint.js';
import { roles } from './roles.js';

/**
 * The roles of `g` in code-point (UTF-8 byte) order, as Rust's `GlobalType::roles` returns them
 * (projection.md §4).
 * @example
 * ```ts
 * rolesSorted(g); // ['A', 'B', 'C', 'D'] where roles(g) is ['C', 'A', 'B', 'D']
 * ```
 * @public
 */
export function rolesSorted(g: GlobalType): string[] {
  return roles(g).sort(compareCodePoints);
}

/**
 * Code-point order of two strings (UTF-8 byte order), for sorting role and label names.
 * @example `['b', 'a'].sort(compareCodePoints)`
 * @public
 */
export { compareCodePoints };

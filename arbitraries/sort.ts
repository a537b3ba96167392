/** Payload sorts (projection.md §2.1). */
import fc from 'fast-check';
import type { Sort } from '../src/types/session.js';
import { resolveConstraints } from './_internals/resolveConstraints.js';

/** Limits for {@link sortArb}. @example `sortArb({ maxDepth: 1, maxVector: 4 })` @public */
export interface SortConstraints {
  /** Maximum nesting of `prod`. @defaultValue 2 */
  readonly maxDepth?: number;
  /** Largest `vector` length. @defaultValue 16 */
  readonly maxVector?: number;
}

/** Defaults of {@link SortConstraints}. @example `kSortDefaults.maxDepth // 2` @public */
export const kSortDefaults: Readonly<Required<SortConstraints>> = Object.freeze({ maxDepth: 2, maxVector: 16 });

/**
 * Payload sorts: the five names, `{vector: n}` and nested `{prod: [S1, S2]}`; `'unit'` is the most
 * likely value and the shrink target.
 * @param constraints - Optional limits; see {@link SortConstraints}.
 * @example
 * ```ts
 * fc.assert(fc.property(sortArb(), (s) => {
 *   expect(decodeGlobalValue(comm('A', 'B', [{ name: 'm', sort: s }])).ok).toBe(true);
 * }), { seed: 1 });
 * ```
 * @public
 */
export function sortArb(constraints: SortConstraints = {}): fc.Arbitrary<Sort> {
  const c = resolveConstraints(kSortDefaults, constraints);
  const { sort } = fc.letrec<{ sort: Sort }>((tie) => ({
    sort: fc.oneof(
      { maxDepth: c.maxDepth, depthSize: 'small', withCrossShrink: true },
      { weight: 6, arbitrary: fc.constant<Sort>('unit') },
      { weight: 4, arbitrary: fc.constantFrom<Sort>('nat', 'bool', 'string', 'real') },
      { weight: 1, arbitrary: fc.nat({ max: c.maxVector }).map((n): Sort => ({ vector: n })) },
      { weight: 1, arbitrary: fc.tuple(tie('sort'), tie('sort')).map(([a, b]): Sort => ({ prod: [a, b] })) },
    ),
  }));
  return sort;
}

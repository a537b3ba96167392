/** Local types (projection.md §2.4). */
import fc from 'fast-check';
import type { LocalBranch, LocalType } from '../src/types/session.js';
import { TelltaleError } from '../src/types/errors.js';
import {
  binderName,
  labelNames,
  namePoolsArb,
  rawTreeArb,
  type NamePools,
  type RawNode,
  type ResolvedShape,
} from './globalType.js';
import { checkRatio, resolveConstraints } from './_internals/resolveConstraints.js';
import { checkNameSpace, type NameSpace } from './names.js';
import { pick } from './_internals/pick.js';

/** Limits and shape options for {@link localTypeArb}. @example `localTypeArb({ partners: ['B'], recursion: false })` @public */
export interface LocalTypeConstraints {
  /** Partner role names. @defaultValue `['A', 'B']` */
  readonly partners?: readonly string[];
  /** Maximum nesting of choices and binders. @defaultValue 4 */
  readonly maxDepth?: number;
  /** Maximum branches per choice. @defaultValue 3 */
  readonly maxBranches?: number;
  /** Label names to draw from. @defaultValue `['m', 'a', 'b', 'ok', 'err', 'next', 'stop', 'data']` */
  readonly labels?: readonly string[];
  /** Generate `rec`/`var`. @defaultValue true */
  readonly recursion?: boolean;
  /** Also generate unguarded recursion (`rec X. X`). @defaultValue false */
  readonly unguardedRecursion?: boolean;
  /** Only bound variables (no free `var`). @defaultValue true */
  readonly closed?: boolean;
  /** Allow choices with no branch. @defaultValue false */
  readonly emptyChoices?: boolean;
  /** Draw payload sorts (else always `unit`). @defaultValue true */
  readonly sorts?: boolean;
  /** Where partner names, labels and recursion variables come from (see `globalTypeArb`). @defaultValue 'simple' */
  readonly names?: NameSpace;
  /** Share of binders that reuse the name of an enclosing binder (shadowing). @defaultValue 0.2 */
  readonly shadowRatio?: number;
}

/** Defaults of {@link LocalTypeConstraints}. @example `kLocalTypeDefaults.partners // ['A', 'B']` @public */
export const kLocalTypeDefaults: Readonly<Required<LocalTypeConstraints>> = Object.freeze({
  partners: Object.freeze(['A', 'B']),
  maxDepth: 4,
  maxBranches: 3,
  labels: Object.freeze(['m', 'a', 'b', 'ok', 'err', 'next', 'stop', 'data']),
  recursion: true,
  unguardedRecursion: false,
  closed: true,
  emptyChoices: false,
  sorts: true,
  names: 'simple',
  shadowRatio: 0.2,
});

function normalize(
  raw: RawNode,
  bound: readonly string[],
  unguarded: readonly string[],
  c: Required<LocalTypeConstraints>,
  names: NamePools,
): LocalType {
  switch (raw.t) {
    case 'end':
      return { kind: 'end' };
    case 'var': {
      const candidates = c.unguardedRecursion ? bound : bound.filter((x) => !unguarded.includes(x));
      if (candidates.length === 0)
        return c.closed || bound.length > 0 ? { kind: 'end' } : { kind: 'var', name: 'free' };
      return { kind: 'var', name: pick(candidates, candidates.length - 1 - (raw.i % candidates.length)) };
    }
    case 'rec': {
      if (!c.unguardedRecursion && (raw.body.t === 'var' || raw.body.t === 'rec'))
        return normalize(raw.body, bound, unguarded, c, names);
      const name = binderName(bound, raw.s, names.variables);
      return { kind: 'rec', var: name, body: normalize(raw.body, [...bound, name], [...unguarded, name], c, names) };
    }
    case 'comm': {
      const partner = pick(names.roles, raw.r);
      const labels = labelNames(raw.bs, names.labels, true);
      const branches = raw.bs.map((b, i): LocalBranch => ({
        label: { name: pick(labels, i), sort: b.sort },
        continuation: normalize(b.cont, bound, [], c, names),
      }));
      return { kind: raw.s % 2 === 0 ? 'send' : 'recv', partner, branches };
    }
  }
}

/**
 * Local types with distinct label names per choice, shrinking toward `end`; closed and guarded
 * unless asked otherwise.
 * @param constraints - Optional limits; see {@link LocalTypeConstraints} and {@link kLocalTypeDefaults}.
 * @example
 * ```ts
 * fc.assert(fc.property(localTypeArb(), (t) => {
 *   expect(dual(dual(t))).toEqual(t);
 * }), { seed: 7 });
 * ```
 * @public
 */
export function localTypeArb(constraints: LocalTypeConstraints = {}): fc.Arbitrary<LocalType> {
  const c = resolveConstraints(kLocalTypeDefaults, constraints);
  if (
    c.partners.length === 0 ||
    c.labels.length === 0 ||
    !Number.isInteger(c.maxDepth) ||
    c.maxDepth < 0 ||
    c.maxBranches < 1
  ) {
    throw new TelltaleError(
      'InvalidOption',
      'localTypeArb: partners and labels must be non-empty, maxDepth >= 0, maxBranches >= 1',
    );
  }
  const shape: ResolvedShape = {
    roles: c.partners,
    maxDepth: c.maxDepth,
    maxBranches: c.maxBranches,
    labels: c.labels,
    recursion: c.recursion,
    unguardedRecursion: c.unguardedRecursion,
    sorts: c.sorts,
    minBranches: c.emptyChoices ? 0 : 1,
    shadowRatio: c.shadowRatio,
  };
  const space = checkNameSpace('localTypeArb', c.names);
  checkRatio('localTypeArb', 'shadowRatio', c.shadowRatio);
  return fc
    .tuple(rawTreeArb(shape), namePoolsArb(space, c.partners, c.labels, c.maxDepth))
    .map(([raw, names]) => normalize(raw, [], [], c, names));
}

/**
 * Global types (projection.md §2.3). A raw tree of indices is generated with `fc.letrec` (so it
 * shrinks structurally toward `end`) and then normalised by construction into the requested class:
 * bound and guarded recursion, well-formed (§5.1 and §5.2), or projectable (§6.2).
 */
import fc from 'fast-check';
import type { GlobalBranch, GlobalType, Sort } from '../src/types/session.js';
import { TelltaleError } from '../src/types/errors.js';
import { sortArb } from './sort.js';
import { resolveConstraints } from './_internals/resolveConstraints.js';
import { pick } from './_internals/pick.js';

/** Limits and shape options for {@link globalTypeArb}. @example `globalTypeArb({ roles: ['P', 'Q', 'R'], maxDepth: 5, projectableOnly: true })` @public */
export interface GlobalTypeConstraints {
  /** Role names, or how many (`2` → `['A', 'B']`). @defaultValue 3 (`['A', 'B', 'C']`) */
  readonly roles?: number | readonly string[];
  /** Maximum nesting of choices and binders. @defaultValue 4 */
  readonly maxDepth?: number;
  /** Maximum branches per choice. @defaultValue 3 */
  readonly maxBranches?: number;
  /** Label names to draw from. @defaultValue `['m', 'a', 'b', 'ok', 'err', 'next', 'stop', 'data']` */
  readonly labels?: readonly string[];
  /** Generate `rec`/`var` (nested binders included). @defaultValue true */
  readonly recursion?: boolean;
  /** Also generate unguarded recursion (`rec X. X`, `rec X. rec Y. …`); ignored with `wellFormedOnly`. @defaultValue false */
  readonly unguardedRecursion?: boolean;
  /** Allow roles of `roles` that never occur in the type; `false` prefixes a message chain through every role. @defaultValue true */
  readonly nonParticipants?: boolean;
  /** Draw payload sorts with {@link sortArb} (else always `unit`). @defaultValue true */
  readonly sorts?: boolean;
  /** Only types with `isWellFormed(g)` and an empty `validateGlobal(g)` (PRJ-D8). @defaultValue false */
  readonly wellFormedOnly?: boolean;
  /** Only types that `projectChecked` accepts for every role of `roles(g)` (§6.2), built that way. @defaultValue false */
  readonly projectableOnly?: boolean;
}

/** Defaults of {@link GlobalTypeConstraints}. @example `kGlobalTypeDefaults.maxBranches // 3` @public */
export const kGlobalTypeDefaults: Readonly<{
  roles: number;
  maxDepth: number;
  maxBranches: number;
  labels: readonly string[];
  recursion: boolean;
  unguardedRecursion: boolean;
  nonParticipants: boolean;
  sorts: boolean;
  wellFormedOnly: boolean;
  projectableOnly: boolean;
}> = Object.freeze({
  roles: 3,
  maxDepth: 4,
  maxBranches: 3,
  labels: Object.freeze(['m', 'a', 'b', 'ok', 'err', 'next', 'stop', 'data']),
  recursion: true,
  unguardedRecursion: false,
  nonParticipants: true,
  sorts: true,
  wellFormedOnly: false,
  projectableOnly: false,
});

/** Raw generated tree: indices resolved by normalisation. @internal */
export type RawNode =
  | { readonly t: 'end' }
  | { readonly t: 'var'; readonly i: number }
  | { readonly t: 'rec'; readonly body: RawNode }
  | { readonly t: 'comm'; readonly s: number; readonly r: number; readonly bs: readonly RawBranch[] };
/** @internal */
export interface RawBranch {
  readonly l: number;
  readonly sort: Sort;
  readonly cont: RawNode;
}

/** Resolved constraints. @internal */
export interface ResolvedShape {
  readonly roles: readonly string[];
  readonly maxDepth: number;
  readonly maxBranches: number;
  readonly labels: readonly string[];
  readonly recursion: boolean;
  readonly unguardedRecursion: boolean;
  readonly sorts: boolean;
  readonly minBranches: number;
}

function roleNames(roles: number | readonly string[]): readonly string[] {
  if (typeof roles !== 'number') return roles;
  return Array.from({ length: roles }, (_, i) => (i < 26 ? String.fromCharCode(65 + i) : `R${i}`));
}

/** The raw tree arbitrary shared by the global and local generators. @internal */
export function rawTreeArb(c: ResolvedShape): fc.Arbitrary<RawNode> {
  const sort = c.sorts
    ? fc.oneof({ weight: 3, arbitrary: fc.constant<Sort>('unit') }, { weight: 2, arbitrary: sortArb() })
    : fc.constant<Sort>('unit');
  const { node } = fc.letrec<{ node: RawNode }>((tie) => ({
    node: fc.oneof(
      { maxDepth: c.maxDepth, depthSize: 'small', withCrossShrink: true },
      { weight: 2, arbitrary: fc.constant<RawNode>({ t: 'end' }) },
      ...(c.recursion
        ? [
            { weight: 2, arbitrary: fc.nat({ max: 7 }).map((i): RawNode => ({ t: 'var', i })) },
            { weight: 2, arbitrary: tie('node').map((body): RawNode => ({ t: 'rec', body })) },
          ]
        : []),
      {
        weight: 6,
        arbitrary: fc
          .record({
            s: fc.nat({ max: 63 }),
            r: fc.nat({ max: 63 }),
            bs: fc.array(fc.record({ l: fc.nat({ max: 63 }), sort, cont: tie('node') }), {
              minLength: c.minBranches,
              maxLength: c.maxBranches,
            }),
          })
          .map((x): RawNode => ({ t: 'comm', ...x })),
      },
    ),
  }));
  return node;
}

/** Picks label names for one choice; unique names when asked (Rust `DuplicateLabel`). @internal */
export function labelNames(raw: readonly RawBranch[], pool: readonly string[], unique: boolean): string[] {
  const used = new Set<string>();
  return raw.map((b) => {
    let name = pick(pool, b.l);
    if (unique) {
      for (let k = 1; used.has(name); k++) name = k < pool.length ? pick(pool, b.l + k) : `${pick(pool, b.l)}${k}`;
    }
    used.add(name);
    return name;
  });
}

interface Scope {
  /** Binders in scope, innermost last. */
  readonly bound: readonly string[];
  /** Binders opened since the last communication (a `var` to them would be unguarded). */
  readonly unguarded: readonly string[];
}

interface Mode {
  readonly shape: ResolvedShape;
  readonly wellFormed: boolean;
  readonly projectable: boolean;
}

function normalize(raw: RawNode, scope: Scope, m: Mode): GlobalType {
  const { shape } = m;
  switch (raw.t) {
    case 'end':
      return { kind: 'end' };
    case 'var': {
      const allowUnguarded = shape.unguardedRecursion && !m.wellFormed;
      const candidates = allowUnguarded ? scope.bound : scope.bound.filter((x) => !scope.unguarded.includes(x));
      if (candidates.length === 0)
        return m.wellFormed || scope.bound.length > 0 ? { kind: 'end' } : { kind: 'var', name: 'free' };
      return { kind: 'var', name: pick(candidates, candidates.length - 1 - (raw.i % candidates.length)) };
    }
    case 'rec': {
      // Rust's syntactic guard: a binder's body may not be a var or another binder.
      if (!(shape.unguardedRecursion && !m.wellFormed) && (raw.body.t === 'var' || raw.body.t === 'rec'))
        return normalize(raw.body, scope, m);
      const name = `t${scope.bound.length}`;
      return {
        kind: 'rec',
        var: name,
        body: normalize(raw.body, { bound: [...scope.bound, name], unguarded: [...scope.unguarded, name] }, m),
      };
    }
    case 'comm': {
      const roles = shape.roles;
      const sender = pick(roles, raw.s);
      let receiver = pick(roles, raw.r);
      if (sender === receiver && (m.wellFormed || m.projectable))
        receiver = pick(roles, raw.s + 1 + (raw.r % (roles.length - 1)));
      const inner: Scope = { bound: scope.bound, unguarded: [] };
      const names = labelNames(raw.bs, shape.labels, m.wellFormed);
      if (!m.projectable || roles.length < 3 || raw.bs.length === 0) {
        const branches = raw.bs.map((b, i): GlobalBranch => ({
          label: { name: pick(names, i), sort: b.sort },
          continuation: normalize(b.cont, inner, m),
        }));
        return { kind: 'comm', sender, receiver, branches };
      }
      // Projectable by construction (§6.2): every branch is a prefix of messages between the two
      // participants followed by one shared continuation K, so every bystander sees K everywhere.
      const k = normalize(pick(raw.bs, 0).cont, inner, m);
      const branches = raw.bs.map((b, i): GlobalBranch => ({
        label: { name: pick(names, i), sort: b.sort },
        continuation: i === 0 ? k : prefix(b.cont, sender, receiver, k, 2, shape, m.wellFormed),
      }));
      return { kind: 'comm', sender, receiver, branches };
    }
  }
}

/** A tree of messages between `p` and `q` only, whose every leaf is `k`. */
function prefix(
  raw: RawNode,
  p: string,
  q: string,
  k: GlobalType,
  depth: number,
  shape: ResolvedShape,
  unique: boolean,
): GlobalType {
  if (depth === 0 || raw.t !== 'comm' || raw.bs.length === 0) return k;
  const [s, r] = raw.s % 2 === 0 ? [p, q] : [q, p];
  const names = labelNames(raw.bs, shape.labels, unique);
  return {
    kind: 'comm',
    sender: s,
    receiver: r,
    branches: raw.bs.map((b, i) => ({
      label: { name: pick(names, i), sort: b.sort },
      continuation: prefix(b.cont, p, q, k, depth - 1, shape, unique),
    })),
  };
}

/**
 * Global types that shrink toward `end` and fewer branches. By default any shape of §2.3 except
 * `delegate` (empty choices, self-communication, duplicate labels and free variables included);
 * `wellFormedOnly` and `projectableOnly` restrict by construction, never by filtering.
 * @param constraints - Optional limits; see {@link GlobalTypeConstraints} and {@link kGlobalTypeDefaults}.
 * @example
 * ```ts
 * fc.assert(fc.property(globalTypeArb({ roles: ['A', 'B'], wellFormedOnly: true }), (g) => {
 *   expect(decodeGlobalValue(encodeGlobal(g))).toEqual({ ok: true, value: g });
 * }), { seed: 42 });
 * ```
 * @public
 */
export function globalTypeArb(constraints: GlobalTypeConstraints = {}): fc.Arbitrary<GlobalType> {
  const c = resolveConstraints(kGlobalTypeDefaults, constraints);
  const roles = roleNames(c.roles);
  if (roles.length < 1 || new Set(roles).size !== roles.length)
    throw new TelltaleError('InvalidOption', 'globalTypeArb: `roles` needs at least one name and no duplicates');
  if ((c.wellFormedOnly || c.projectableOnly) && roles.length < 2) {
    throw new TelltaleError(
      'InvalidOption',
      'globalTypeArb: wellFormedOnly/projectableOnly need at least two roles (a choice needs two different roles)',
    );
  }
  if (
    !Number.isInteger(c.maxDepth) ||
    c.maxDepth < 0 ||
    !Number.isInteger(c.maxBranches) ||
    c.maxBranches < 1 ||
    c.labels.length === 0
  ) {
    throw new TelltaleError(
      'InvalidOption',
      'globalTypeArb: maxDepth must be an integer >= 0, maxBranches >= 1, labels non-empty',
    );
  }
  const shape: ResolvedShape = {
    roles,
    maxDepth: c.maxDepth,
    maxBranches: c.maxBranches,
    labels: c.labels,
    recursion: c.recursion,
    unguardedRecursion: c.unguardedRecursion,
    sorts: c.sorts,
    minBranches: c.wellFormedOnly ? 1 : 0,
  };
  const mode: Mode = { shape, wellFormed: c.wellFormedOnly, projectable: c.projectableOnly };
  return rawTreeArb(shape).map((raw) => {
    const g = normalize(raw, { bound: [], unguarded: [] }, mode);
    return c.nonParticipants ? g : introduceAll(roles, pick(c.labels, 0), g);
  });
}

/** Prefixes `r0→r1, r1→r2, …` so that every role occurs (single-branch choices stay projectable). */
function introduceAll(roles: readonly string[], label: string, g: GlobalType): GlobalType {
  let out = g;
  for (let i = roles.length - 2; i >= 0; i--) {
    out = {
      kind: 'comm',
      sender: pick(roles, i),
      receiver: pick(roles, i + 1),
      branches: [{ label: { name: label, sort: 'unit' }, continuation: out }],
    };
  }
  return out;
}

/**
 * Global types (projection.md §2.3). A raw tree of indices is generated with `fc.letrec` (so it
 * shrinks structurally toward `end`) and then normalised by construction into the requested class:
 * bound and guarded recursion, well-formed (§5.1 and §5.2), or projectable (§6.2).
 */
import fc from 'fast-check';
import type { GlobalBranch, GlobalType, Sort } from '../src/types/session.js';
import { TelltaleError } from '../src/types/errors.js';
import { sortArb } from './sort.js';
import { checkRatio, resolveConstraints, weighted } from './_internals/resolveConstraints.js';
import { pick } from './_internals/pick.js';
import { checkNameSpace, namePoolArb, simpleName, type NameSpace } from './names.js';

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
  /**
   * Where role names, labels and recursion variables come from ({@link NameSpace}): `'simple'` uses
   * `roles`, `labels` and `t0, t1, …`; `'rich'` replaces each by a rich name (shrinking back to it).
   * @defaultValue 'simple'
   */
  readonly names?: NameSpace;
  /** Share of binders that reuse the name of an enclosing binder (shadowing). @defaultValue 0.2 */
  readonly shadowRatio?: number;
  /** Relative weight of `rec` and `var` nodes (a communication weighs 6, `end` 2). @defaultValue 2 */
  readonly recursionWeight?: number;
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
  names: NameSpace;
  shadowRatio: number;
  recursionWeight: number;
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
  names: 'simple',
  shadowRatio: 0.2,
  recursionWeight: 2,
});

/** Raw generated tree: indices resolved by normalisation. @internal */
export type RawNode =
  | { readonly t: 'end' }
  | { readonly t: 'var'; readonly i: number }
  /** `s` > 0: the binder reuses the name of enclosing binder `s - 1` (mod their count): shadowing. */
  | { readonly t: 'rec'; readonly body: RawNode; readonly s: number }
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
  readonly shadowRatio: number;
  /** Weight of `rec` and `var` nodes (2 by default). */
  readonly recursionWeight?: number;
}

/** The names one generated type draws from: role, label and recursion-variable pools. @internal */
export interface NamePools {
  readonly roles: readonly string[];
  readonly labels: readonly string[];
  /** Fresh binder names by nesting depth (simple: `t0, t1, …`). */
  readonly variables: readonly string[];
  /** One more role name, distinct from `roles` (a bystander that occurs nowhere). */
  readonly spare: string;
}

function roleNames(roles: number | readonly string[]): readonly string[] {
  if (typeof roles !== 'number') return roles;
  return Array.from({ length: roles }, (_, i) => simpleName('role', i));
}

/**
 * The name pools of one case: `roles` (+ a spare) and `labels` as given, variables `t0…t{depth}`,
 * each replaced by a rich name under `names: 'rich'` (rich label pools are smaller, so labels repeat
 * across nested and sibling choices). The spare is `Z` (or `Z0`, … when taken) in simple mode.
 * @internal
 */
export function namePoolsArb(
  names: NameSpace,
  roles: readonly string[],
  labels: readonly string[],
  maxDepth: number,
): fc.Arbitrary<NamePools> {
  let spare = 'Z';
  for (let k = 0; roles.includes(spare); k++) spare = `Z${k}`;
  const variables = Array.from({ length: maxDepth + 1 }, (_, i) => simpleName('variable', i));
  const labelSlots = names === 'simple' ? labels : labels.slice(0, Math.min(labels.length, 4));
  return fc
    .tuple(namePoolArb(names, [...roles, spare]), namePoolArb(names, labelSlots), namePoolArb(names, variables))
    .map(([r, l, v]) => ({
      roles: r.slice(0, roles.length),
      spare: r[roles.length] ?? spare,
      labels: l,
      variables: v,
    }));
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
            { weight: c.recursionWeight ?? 2, arbitrary: fc.nat({ max: 7 }).map((i): RawNode => ({ t: 'var', i })) },
            {
              weight: c.recursionWeight ?? 2,
              arbitrary: fc
                .tuple(
                  tie('node'),
                  weighted([
                    [1 - c.shadowRatio, fc.constant(0)],
                    [c.shadowRatio, fc.integer({ min: 1, max: 4 })],
                  ]),
                )
                .map(([body, s]): RawNode => ({ t: 'rec', body, s })),
            },
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
  readonly names: NamePools;
  readonly wellFormed: boolean;
  readonly projectable: boolean;
}

/**
 * The name of a binder opened with `bound` in scope: an enclosing binder's name when the raw node
 * asks for shadowing, else the depth's fresh name. @internal
 */
export function binderName(bound: readonly string[], s: number, variables: readonly string[]): string {
  if (s > 0 && bound.length > 0) return pick(bound, (s - 1) % bound.length);
  return variables[bound.length] ?? `t${bound.length}`;
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
      const name = binderName(scope.bound, raw.s, m.names.variables);
      return {
        kind: 'rec',
        var: name,
        body: normalize(raw.body, { bound: [...scope.bound, name], unguarded: [...scope.unguarded, name] }, m),
      };
    }
    case 'comm': {
      const roles = m.names.roles;
      const sender = pick(roles, raw.s);
      let receiver = pick(roles, raw.r);
      if (sender === receiver && (m.wellFormed || m.projectable))
        receiver = pick(roles, raw.s + 1 + (raw.r % (roles.length - 1)));
      const inner: Scope = { bound: scope.bound, unguarded: [] };
      const names = labelNames(raw.bs, m.names.labels, m.wellFormed);
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
        continuation: i === 0 ? k : prefix(b.cont, sender, receiver, k, 2, m.names.labels, m.wellFormed),
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
  labels: readonly string[],
  unique: boolean,
): GlobalType {
  if (depth === 0 || raw.t !== 'comm' || raw.bs.length === 0) return k;
  const [s, r] = raw.s % 2 === 0 ? [p, q] : [q, p];
  const names = labelNames(raw.bs, labels, unique);
  return {
    kind: 'comm',
    sender: s,
    receiver: r,
    branches: raw.bs.map((b, i) => ({
      label: { name: pick(names, i), sort: b.sort },
      continuation: prefix(b.cont, p, q, k, depth - 1, labels, unique),
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
  return globalTypeCaseArb(constraints).map((x) => x.g);
}

/**
 * {@link globalTypeArb} with the name pools the type was drawn from (callers that add roles or
 * messages around it use the same names). @internal
 */
export function globalTypeCaseArb(
  constraints: GlobalTypeConstraints = {},
): fc.Arbitrary<{ readonly g: GlobalType; readonly names: NamePools }> {
  const c = resolveConstraints(kGlobalTypeDefaults, constraints);
  const space = checkNameSpace('globalTypeArb', c.names);
  checkRatio('globalTypeArb', 'shadowRatio', c.shadowRatio);
  if (!Number.isInteger(c.recursionWeight) || c.recursionWeight < 1 || c.recursionWeight > 100)
    throw new TelltaleError('InvalidOption', 'globalTypeArb: recursionWeight must be an integer in [1, 100]');
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
    shadowRatio: c.shadowRatio,
    recursionWeight: c.recursionWeight,
  };
  return fc.tuple(rawTreeArb(shape), namePoolsArb(space, roles, c.labels, c.maxDepth)).map(([raw, names]) => {
    const mode: Mode = { shape, names, wellFormed: c.wellFormedOnly, projectable: c.projectableOnly };
    const g = normalize(raw, { bound: [], unguarded: [] }, mode);
    return { g: c.nonParticipants ? g : introduceAll(names.roles, pick(names.labels, 0), g), names };
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

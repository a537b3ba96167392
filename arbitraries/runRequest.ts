/**
 * Whole `lean_bridge.v1` run requests (bridge.md §3): several choreographies whose listed roles
 * the checked projection accepts, plus, on request, requests every loader must reject
 * (machine.md §9.5), so that rejection itself is compared between lanes.
 */
import fc from 'fast-check';
import { SCHEMA_VERSION, type ChoreographyRequest, type RunRequest } from '../src/types/bridge.js';
import { TelltaleError } from '../src/types/errors.js';
import type { GlobalType } from '../src/types/session.js';
import { projectChecked } from '../src/projection/projectChecked.js';
import { roles as rolesOf } from '../src/projection/roles.js';
import { globalTypeCaseArb, type NamePools } from './globalType.js';
import { checkNameSpace, type NameSpace } from './names.js';
import { mismatchType } from './_internals/mismatchType.js';
import { pick } from './_internals/pick.js';
import { deepen, loopWithExits } from './_internals/shapes.js';
import { expectLoad, type ChoreographyVerdict } from './_internals/expectLoad.js';
import { checkInt, checkRatio, coin, resolveConstraints, weighted } from './_internals/resolveConstraints.js';

/**
 * The ways a generated request is made to fail loading (machine.md §9.5 table): five templates, and
 * `natural` — a choreography drawn from the whole class of well-formed global types (choices a
 * bystander sees differently, roles that act in one branch only, multi-party loops that may exit)
 * with a natural role list (a subset in any order, an absent role, sometimes a role twice), whose
 * verdict is computed; it may even load.
 * @public
 */
export type RunRequestRejection =
  'projection_mismatch' | 'duplicate_role' | 'parse_error' | 'too_many_sessions' | 'too_many_coroutines' | 'natural';

/** Every {@link RunRequestRejection}, in shrink order (cheap ones first). @public */
export const RUN_REQUEST_REJECTIONS: readonly RunRequestRejection[] = Object.freeze([
  'projection_mismatch',
  'duplicate_role',
  'natural',
  'parse_error',
  'too_many_coroutines',
  'too_many_sessions',
]);

/**
 * What loading the request must give, computed from the projection functions (never assumed from
 * how the request was built): accepted, or the error of machine.md §9.5 (`code`, `path` =
 * `$.choreographies[k]`, and `message` where the spec pins it), with the way it was drawn.
 * @public
 */
export type RunRequestExpectation =
  | { readonly accepted: true }
  | {
      readonly accepted: false;
      /** How the failing choreography was drawn. */
      readonly rejection: RunRequestRejection;
      readonly code: string;
      readonly path: string;
      /** Exact message, except for `ParseError` whose decoder text is not pinned. */
      readonly message: string | null;
    };

/** A generated request with the verdict its construction guarantees. @public */
export interface RunRequestCase {
  readonly request: RunRequest;
  readonly expected: RunRequestExpectation;
}

/** Limits for {@link runRequestArb} and {@link runRequestCaseArb}. @public */
export interface RunRequestConstraints {
  /** Role names the global types draw from. @defaultValue `['A', 'B', 'C', 'D']` */
  readonly roles?: readonly string[];
  /** Fewest choreographies. @defaultValue 1 */
  readonly minChoreographies?: number;
  /** Most choreographies. @defaultValue 3 */
  readonly maxChoreographies?: number;
  /** Global-type nesting (passed to `globalTypeArb`). @defaultValue 4 */
  readonly maxDepth?: number;
  /** Branches per choice (passed to `globalTypeArb`). @defaultValue 3 */
  readonly maxBranches?: number;
  /** Largest `concurrency` (0 included: echoed, treated as 1 by the threaded engine). @defaultValue 4 */
  readonly maxConcurrency?: number;
  /** Largest `max_steps`; small budgets are drawn too, to cut runs short. @defaultValue 200 */
  readonly maxSteps?: number;
  /**
   * Share of global types wrapped in a loop that never exits (`rec L. g[end ↦ var L]`, where the
   * checked projection still accepts every role): long runs that end `stuck` at `max_steps`.
   * Each type also gets a message chain through the first 0..n roles (shrinks to none).
   * @defaultValue 0.3
   */
  readonly loopRatio?: number;
  /**
   * Share of choreographies that also list a bystander role `Z` that never occurs in the global
   * type (added only where the checked projection accepts it). @defaultValue 0.2
   */
  readonly bystanderRatio?: number;
  /** Share of choreographies that leave one role of the global type unlisted (legal, bridge.md §3). @defaultValue 0.1 */
  readonly partialRolesRatio?: number;
  /**
   * `true`: every request is rejected at load; a number: that share of requests is;
   * `false`/0: all are accepted. @defaultValue false
   */
  readonly rejected?: boolean | number;
  /** How rejected requests fail (`natural` is drawn as often as all templates together). @defaultValue {@link RUN_REQUEST_REJECTIONS} */
  readonly rejections?: readonly RunRequestRejection[];
  /** Where role names, labels and recursion variables come from (see `globalTypeArb`). @defaultValue 'simple' */
  readonly names?: NameSpace;
  /** Share of binders that shadow an enclosing binder's name. @defaultValue 0.2 */
  readonly shadowRatio?: number;
  /** Generate `rec`/`var` inside the global types (loops around them are `loopRatio`'s). @defaultValue true */
  readonly recursion?: boolean;
  /** Relative weight of `rec`/`var` nodes in the global types (see `globalTypeArb`). @defaultValue 2 */
  readonly recursionWeight?: number;
}

/** The defaults of {@link RunRequestConstraints}. @public */
export const kRunRequestDefaults: Required<RunRequestConstraints> = Object.freeze({
  roles: Object.freeze(['A', 'B', 'C', 'D']),
  minChoreographies: 1,
  maxChoreographies: 3,
  maxDepth: 4,
  maxBranches: 3,
  maxConcurrency: 4,
  maxSteps: 200,
  loopRatio: 0.3,
  bystanderRatio: 0.2,
  partialRolesRatio: 0.1,
  rejected: false,
  rejections: RUN_REQUEST_REJECTIONS,
  names: 'simple',
  shadowRatio: 0.2,
  recursion: true,
  recursionWeight: 2,
});

/**
 * Run requests (bridge.md §3) with their expected load verdict. Accepted requests are built from
 * `globalTypeArb({ projectableOnly: true, wellFormedOnly: true })`, list the roles in a rotated
 * order (the runner sorts them), sometimes add a bystander or leave a role out; rejected ones insert,
 * at one chosen position, a choreography drawn from a template (a projection mismatch, a duplicate
 * role, a decode failure, the limits) or drawn naturally (`natural`: any well-formed type, loops that
 * may exit, a natural role list). The verdict is computed for every case from the projection
 * functions. Names come from `names` (roles, labels, recursion variables, the bystander). Shrinks
 * toward one choreography, small global types, simple names, `concurrency` 0 and small `max_steps`.
 *
 * @param constraints - Optional limits; see {@link RunRequestConstraints}.
 * @example
 * ```ts
 * fc.assert(fc.property(runRequestCaseArb({ rejected: 0.3 }), ({ request, expected }) => {
 *   const r = runCooperative(request);
 *   expect(r.ok).toBe(expected.accepted);
 * }), { seed: 3, numRuns: 50 });
 * ```
 * @public
 */
export function runRequestCaseArb(constraints: RunRequestConstraints = {}): fc.Arbitrary<RunRequestCase> {
  const c = resolveRunRequestConstraints(constraints);
  const ratio = c.rejected === true ? 1 : c.rejected === false ? 0 : c.rejected;
  const valid = fc.array(validChoreographyArb(c), { minLength: c.minChoreographies, maxLength: c.maxChoreographies });
  const header = fc.record({
    concurrency: fc.nat({ max: c.maxConcurrency }),
    maxSteps: fc.oneof(
      { weight: 1, arbitrary: fc.nat({ max: Math.min(16, c.maxSteps) }) },
      { weight: 4, arbitrary: fc.integer({ min: Math.min(16, c.maxSteps), max: c.maxSteps }) },
    ),
  });
  const request = (
    choreographies: readonly ChoreographyRequest[],
    h: { concurrency: number; maxSteps: number },
  ): RunRequest => ({
    schema_version: SCHEMA_VERSION,
    choreographies,
    concurrency: h.concurrency,
    max_steps: h.maxSteps,
  });
  const accepted = fc
    .tuple(valid, header)
    .map(([chors, h]): RunRequestCase => ({ request: request(chors, h), expected: { accepted: true } }));
  // `natural` covers many rejection reasons: drawn as often as every template together.
  const templates = c.rejections.filter((r) => r !== 'natural');
  const kind = weighted<RunRequestRejection>([
    ...(templates.length > 0 ? [[templates.length, fc.constantFrom(...templates)] as const] : []),
    ...(c.rejections.includes('natural')
      ? [[Math.max(1, templates.length), fc.constant('natural' as const)] as const]
      : []),
  ]);
  const rejected = fc
    .tuple(valid, header, fc.nat(), kind, rejectionSeedArb(c), naturalChoreographyArb(c))
    .map(([chors, h, at, kind, seed, natural]): RunRequestCase => {
      const k = at % (chors.length + 1);
      const bad = kind === 'natural' ? { insert: [natural], known: null } : buildRejection(kind, seed);
      const all = [...chors.slice(0, k), ...bad.insert, ...chors.slice(k)];
      const known = new Map(bad.known === null ? [] : [[k, bad.known] as const]);
      const verdict = expectLoad(all, known);
      return {
        request: request(all, h),
        expected: verdict.accepted ? verdict : { ...verdict, rejection: kind },
      };
    });
  return weighted([
    [1 - ratio, accepted],
    [ratio, rejected],
  ]);
}

/**
 * Run requests only (the `request` of {@link runRequestCaseArb}); same constraints.
 * @example
 * ```ts
 * fc.assert(fc.property(runRequestArb({ maxChoreographies: 2 }), (req) => {
 *   expect(runCooperative(req).ok).toBe(true);
 * }), { seed: 1 });
 * ```
 * @public
 */
export function runRequestArb(constraints: RunRequestConstraints = {}): fc.Arbitrary<RunRequest> {
  return runRequestCaseArb(constraints).map((c) => c.request);
}

function validChoreographyArb(c: Required<RunRequestConstraints>): fc.Arbitrary<ChoreographyRequest> {
  const shape = {
    roles: c.roles,
    maxDepth: c.maxDepth,
    maxBranches: c.maxBranches,
    projectableOnly: true,
    wellFormedOnly: true,
    names: c.names,
    shadowRatio: c.shadowRatio,
    recursion: c.recursion,
    recursionWeight: c.recursionWeight,
  };
  return fc
    .record({
      drawn: globalTypeCaseArb(shape),
      chain: fc.nat({ max: c.roles.length - 1 }),
      loop: coin(c.loopRatio),
      shadow: coin(c.shadowRatio),
      bystander: coin(c.bystanderRatio),
      partial: coin(c.partialRolesRatio),
      rotate: fc.nat({ max: 7 }),
    })
    .map(({ drawn, chain, loop, shadow, bystander, partial, rotate }) => {
      const g = deepen(drawn.g, drawn.names.roles, chain, loop, shadow);
      let listed = [...rolesOf(g)];
      if (partial && listed.length > 1) listed.splice(rotate % listed.length, 1);
      const spare = drawn.names.spare;
      if (bystander && !listed.includes(spare) && projectChecked(g, spare).ok) listed.push(spare);
      listed = rotateList(listed, rotate);
      return choreography(g, listed);
    });
}

/**
 * A choreography from natural variety: any well-formed global type (not only projectable ones),
 * sometimes a loop whose chosen leaves repeat and the others exit, listed with its roles in a rotated
 * order, sometimes one left out, sometimes the spare role that occurs nowhere, sometimes one twice.
 */
function naturalChoreographyArb(c: Required<RunRequestConstraints>): fc.Arbitrary<ChoreographyRequest> {
  const shape = {
    maxDepth: Math.min(3, c.maxDepth),
    maxBranches: Math.max(2, c.maxBranches),
    wellFormedOnly: true,
    names: c.names,
    shadowRatio: c.shadowRatio,
    recursion: c.recursion,
    recursionWeight: c.recursionWeight,
  };
  return fc
    .record({
      // Every role takes part (choices have bystanders), or two roles only (an absent role is then
      // the only bystander).
      drawn: weighted([
        [0.6, globalTypeCaseArb({ ...shape, roles: c.roles, nonParticipants: false })],
        [0.4, globalTypeCaseArb({ ...shape, roles: c.roles.slice(0, 2) })],
      ]),
      loop: coin(0.5),
      tell: coin(0.25),
      mask: fc.nat({ max: 63 }),
      absent: coin(0.4),
      drop: coin(0.15),
      twice: coin(0.15),
      rotate: fc.nat({ max: 7 }),
    })
    .map(({ drawn, loop, tell, mask, absent, drop, twice, rotate }) => {
      const told = tell ? tellOutcome(drawn.g, drawn.names.spare) : drawn.g;
      const g = loop ? loopWithExits(told, mask) : told;
      const listed = [...rolesOf(g)];
      if (drop && listed.length > 1) listed.splice(rotate % listed.length, 1);
      if (absent || listed.length === 0) listed.push(drawn.names.spare);
      if (twice) listed.push(pick(listed, rotate));
      return choreography(g, rotateList(listed, rotate));
    });
}

/**
 * The first choice `s→q{lᵢ. Kᵢ}` with several branches, where the sender then tells `r` the outcome:
 * `s→q{lᵢ. s→r:lᵢ. Kᵢ}` (a role told with different labels, projection.md §6.2 W2).
 */
function tellOutcome(g: GlobalType, r: string): GlobalType {
  switch (g.kind) {
    case 'rec': {
      const body = tellOutcome(g.body, r);
      return body === g.body ? g : { ...g, body };
    }
    case 'comm': {
      if (g.branches.length >= 2 && g.sender !== r && g.receiver !== r)
        return {
          ...g,
          branches: g.branches.map((b) => ({
            label: b.label,
            continuation: {
              kind: 'comm',
              sender: g.sender,
              receiver: r,
              branches: [{ label: b.label, continuation: b.continuation }],
            },
          })),
        };
      for (const [i, b] of g.branches.entries()) {
        const cont = tellOutcome(b.continuation, r);
        if (cont !== b.continuation)
          return { ...g, branches: g.branches.map((x, j) => (j === i ? { label: x.label, continuation: cont } : x)) };
      }
      return g;
    }
    default:
      return g;
  }
}

/** Raw material for the rejected choreography: a small projectable type to embed, with its names. */
interface RejectionSeed {
  readonly drawn: { readonly g: GlobalType; readonly names: NamePools };
  readonly variant: number;
}

function rejectionSeedArb(c: Required<RunRequestConstraints>): fc.Arbitrary<RejectionSeed> {
  return fc.record({
    drawn: globalTypeCaseArb({
      roles: c.roles,
      maxDepth: Math.min(2, c.maxDepth),
      maxBranches: c.maxBranches,
      projectableOnly: true,
      wellFormedOnly: true,
      names: c.names,
      shadowRatio: c.shadowRatio,
    }),
    variant: fc.nat({ max: 5 }),
  });
}

/**
 * The choreographies a template inserts; `known` is the verdict of a choreography the arbitraries'
 * decoder-free oracle cannot judge (a decode failure), `null` when the oracle computes it.
 */
function buildRejection(
  kind: Exclude<RunRequestRejection, 'natural'>,
  seed: RejectionSeed,
): { insert: readonly ChoreographyRequest[]; known: ChoreographyVerdict | null } {
  const { g: sg, names } = seed.drawn;
  switch (kind) {
    case 'projection_mismatch': {
      const g = mismatchType(sg, seed.variant, names.roles);
      return { insert: [choreography(g, rotateList([...rolesOf(g)], seed.variant))], known: null };
    }
    case 'duplicate_role': {
      const listed = [...rolesOf(sg)];
      const dup = listed[seed.variant % Math.max(1, listed.length)] ?? names.spare;
      if (listed.length === 0) listed.push(dup);
      listed.push(dup);
      return { insert: [choreography(sg, rotateList(listed, seed.variant))], known: null };
    }
    case 'parse_error':
      return {
        insert: [parseErrorChoreography(sg, seed.variant, names.roles)],
        known: { ok: false, code: 'ParseError', message: null },
      };
    case 'too_many_coroutines':
      return {
        insert: [
          choreography(
            { kind: 'end' },
            Array.from({ length: 1025 }, (_, i) => `R${i}`),
          ),
        ],
        known: null,
      };
    case 'too_many_sessions':
      // 257 empty sessions: the 257th (after whatever precedes position k) exceeds the 256 limit.
      return { insert: Array.from({ length: 257 }, () => choreography({ kind: 'end' }, [])), known: null };
  }
}

/** A choreography the Lean decoder refuses (bridge.md §3: `bad choreography: <e>`). */
function parseErrorChoreography(g: GlobalType, variant: number, roles: readonly string[]): ChoreographyRequest {
  const listed = [...rolesOf(g)];
  const [a = 'A', b = 'B'] = roles;
  switch (variant % 3) {
    case 0:
      // Unknown kind under a valid prefix.
      return {
        schema_version: SCHEMA_VERSION,
        global_type: {
          kind: 'comm',
          sender: a,
          receiver: b,
          branches: [{ label: { name: 'm', sort: 'unit' }, continuation: { kind: 'bogus' } }],
        },
        roles: [a, b],
      };
    case 1:
      // A label without `sort`: mandatory for the Lean decoder (bridge.md §3).
      return {
        schema_version: SCHEMA_VERSION,
        global_type: {
          kind: 'comm',
          sender: a,
          receiver: b,
          branches: [{ label: { name: 'm' }, continuation: g }],
        },
        roles: [a, b],
      };
    default:
      // Roles that are not all strings. (Deliberately ill-typed: the loader must reject it.)
      return { schema_version: SCHEMA_VERSION, global_type: g, roles: [...listed, 7] as unknown as string[] };
  }
}

function choreography(g: GlobalType, roles: readonly string[]): ChoreographyRequest {
  return { schema_version: SCHEMA_VERSION, global_type: g, roles };
}

function rotateList<T>(xs: readonly T[], k: number): T[] {
  if (xs.length === 0) return [];
  const n = k % xs.length;
  return [...xs.slice(n), ...xs.slice(0, n)];
}

function resolveRunRequestConstraints(constraints: RunRequestConstraints): Required<RunRequestConstraints> {
  const c = resolveConstraints(kRunRequestDefaults, constraints);
  checkInt('runRequestArb', 'minChoreographies', c.minChoreographies, 0, 256);
  checkInt('runRequestArb', 'maxChoreographies', c.maxChoreographies, c.minChoreographies, 256);
  checkInt('runRequestArb', 'maxDepth', c.maxDepth, 0);
  checkInt('runRequestArb', 'maxBranches', c.maxBranches, 1);
  checkInt('runRequestArb', 'maxConcurrency', c.maxConcurrency, 0);
  checkInt('runRequestArb', 'maxSteps', c.maxSteps, 0);
  checkInt('runRequestArb', 'roles.length', c.roles.length, 2);
  checkInt('runRequestArb', 'rejections.length', c.rejections.length, 1);
  checkRatio('runRequestArb', 'bystanderRatio', c.bystanderRatio);
  checkRatio('runRequestArb', 'loopRatio', c.loopRatio);
  checkRatio('runRequestArb', 'partialRolesRatio', c.partialRolesRatio);
  if (typeof c.rejected !== 'boolean') checkRatio('runRequestArb', 'rejected', c.rejected);
  checkRatio('runRequestArb', 'shadowRatio', c.shadowRatio);
  checkNameSpace('runRequestArb', c.names);
  for (const r of c.rejections) {
    if (!RUN_REQUEST_REJECTIONS.includes(r))
      throw new TelltaleError(
        'InvalidOption',
        `runRequestArb: unknown rejection ${JSON.stringify(r)} in rejections; use the names of RUN_REQUEST_REJECTIONS`,
      );
  }
  return c;
}

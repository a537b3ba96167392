/**
 * Whole `lean_bridge.v1` run requests (bridge.md §3): several choreographies whose listed roles
 * the checked projection accepts, plus, on request, requests every loader must reject
 * (machine.md §9.5), so that rejection itself is compared between lanes.
 */
import fc from 'fast-check';
import { SCHEMA_VERSION, type ChoreographyRequest, type RunRequest } from '../src/types/bridge.js';
import { TelltaleError } from '../src/types/errors.js';
import { checkNameSpace, type NameSpace } from './names.js';
import { expectLoad } from './_internals/expectLoad.js';
import {
  buildRejection,
  naturalChoreographyArb,
  rejectionSeedArb,
  validChoreographyArb,
} from './_internals/requestChoreographies.js';
import { checkInt, checkRatio, resolveConstraints, weighted } from './_internals/resolveConstraints.js';

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
  /**
   * Most roles a `projection_mismatch` rejection makes act in one branch only (each drawn from 1 to
   * this, at most the roles there are besides the choice's two): several roles rejected at once, of
   * which the loader must name the first in code-point order whatever the listed order. @defaultValue 1
   */
  readonly mismatchRoles?: number;
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
  mismatchRoles: 1,
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
  checkInt('runRequestArb', 'mismatchRoles', c.mismatchRoles, 1, 16);
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

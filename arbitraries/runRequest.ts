/**
 * Whole `lean_bridge.v1` run requests (bridge.md §3): several choreographies whose listed roles
 * the checked projection accepts, plus, on request, requests every loader must reject
 * (machine.md §9.5), so that rejection itself is compared between lanes.
 */
import fc from 'fast-check';
import { SCHEMA_VERSION, type ChoreographyRequest, type RunRequest } from '../src/types/bridge.js';
import type { GlobalType } from '../src/types/session.js';
import { compareCodePoints } from '../src/projection/rolesSorted.js';
import { projectChecked } from '../src/projection/projectChecked.js';
import { roles as rolesOf } from '../src/projection/roles.js';
import { globalTypeArb } from './globalType.js';
import { mismatchType } from './_internals/mismatchType.js';
import { deepen } from './_internals/shapes.js';
import { checkInt, checkRatio, coin, resolveConstraints, weighted } from './_internals/resolveConstraints.js';

/** The ways a generated request is made to fail loading (machine.md §9.5 table). @public */
export type RunRequestRejection =
  'projection_mismatch' | 'duplicate_role' | 'parse_error' | 'too_many_sessions' | 'too_many_coroutines';

/** Every {@link RunRequestRejection}, in shrink order (cheap ones first). @public */
export const RUN_REQUEST_REJECTIONS: readonly RunRequestRejection[] = Object.freeze([
  'projection_mismatch',
  'duplicate_role',
  'parse_error',
  'too_many_coroutines',
  'too_many_sessions',
]);

/**
 * What loading the request must give: accepted, or the error of machine.md §9.5 (`code`,
 * `path` = `$.choreographies[k]`, and `message` where the spec pins it).
 * @public
 */
export type RunRequestExpectation =
  | { readonly accepted: true }
  | {
      readonly accepted: false;
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
  /** How rejected requests fail. @defaultValue {@link RUN_REQUEST_REJECTIONS} */
  readonly rejections?: readonly RunRequestRejection[];
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
});

const BYSTANDER = 'Z';

/**
 * Run requests (bridge.md §3) with their expected load verdict. Accepted requests are built from
 * `globalTypeArb({ projectableOnly: true, wellFormedOnly: true })`, list the roles in a rotated
 * order (the runner sorts them), sometimes add a bystander or leave a role out; rejected ones are
 * constructed to fail in one chosen way at one chosen choreography. Shrinks toward one
 * choreography, small global types, `concurrency` 0 and small `max_steps`.
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
  const rejected = fc
    .tuple(valid, header, fc.nat(), fc.constantFrom(...c.rejections), rejectionSeedArb(c))
    .map(([chors, h, at, kind, seed]): RunRequestCase => {
      const k = at % (chors.length + 1);
      const bad = buildRejection(kind, seed, k);
      return { request: request([...chors.slice(0, k), ...bad.insert, ...chors.slice(k)], h), expected: bad.expected };
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
  };
  return fc
    .record({
      g: globalTypeArb(shape),
      chain: fc.nat({ max: c.roles.length - 1 }),
      loop: coin(c.loopRatio),
      bystander: coin(c.bystanderRatio),
      partial: coin(c.partialRolesRatio),
      rotate: fc.nat({ max: 7 }),
    })
    .map(({ g: drawn, chain, loop, bystander, partial, rotate }) => {
      const g = deepen(drawn, c.roles, chain, loop);
      let listed = [...rolesOf(g)];
      if (partial && listed.length > 1) listed.splice(rotate % listed.length, 1);
      if (bystander && !listed.includes(BYSTANDER) && projectChecked(g, BYSTANDER).ok) listed.push(BYSTANDER);
      listed = rotateList(listed, rotate);
      return choreography(g, listed);
    });
}

/** Raw material for the rejected choreography: a small projectable type to embed. */
interface RejectionSeed {
  readonly g: GlobalType;
  readonly variant: number;
}

function rejectionSeedArb(c: Required<RunRequestConstraints>): fc.Arbitrary<RejectionSeed> {
  return fc.record({
    g: globalTypeArb({
      roles: c.roles,
      maxDepth: Math.min(2, c.maxDepth),
      maxBranches: c.maxBranches,
      projectableOnly: true,
      wellFormedOnly: true,
    }),
    variant: fc.nat({ max: 5 }),
  });
}

function buildRejection(
  kind: RunRequestRejection,
  seed: RejectionSeed,
  k: number,
): { insert: readonly ChoreographyRequest[]; expected: RunRequestExpectation } {
  const path = `$.choreographies[${k}]`;
  const reject = (code: string, message: string | null, at = path): RunRequestExpectation => ({
    accepted: false,
    rejection: kind,
    code,
    path: at,
    message,
  });
  switch (kind) {
    case 'projection_mismatch': {
      const g = mismatchType(seed.g, seed.variant);
      const listed = rotateList([...rolesOf(g)], seed.variant);
      const sorted = [...new Set(listed)].sort(compareCodePoints);
      const first = sorted.find((r) => !projectChecked(g, r).ok);
      if (first === undefined) throw new Error('runRequestArb: internal error, mismatch type accepted by every role');
      return {
        insert: [choreography(g, listed)],
        expected: reject('validation_failed', `bad choreography image: projection mismatch for role ${first}`),
      };
    }
    case 'duplicate_role': {
      const listed = [...rolesOf(seed.g)];
      const dup = listed[seed.variant % Math.max(1, listed.length)] ?? BYSTANDER;
      if (listed.length === 0) listed.push(dup);
      listed.push(dup);
      return {
        insert: [choreography(seed.g, rotateList(listed, seed.variant))],
        expected: reject('validation_failed', 'bad choreography image: duplicate entry-point role'),
      };
    }
    case 'parse_error':
      return { insert: [parseErrorChoreography(seed.g, seed.variant)], expected: reject('ParseError', null) };
    case 'too_many_coroutines': {
      const roles = Array.from({ length: 1025 }, (_, i) => `R${i}`);
      return {
        insert: [choreography({ kind: 'end' }, roles)],
        expected: reject('too_many_coroutines', 'too many coroutines while loading choreographies: 1024'),
      };
    }
    case 'too_many_sessions': {
      // 257 empty sessions: the 257th (after whatever precedes position k) exceeds the 256 limit.
      const empties = Array.from({ length: 257 }, () => choreography({ kind: 'end' }, []));
      return {
        insert: empties,
        expected: reject(
          'too_many_sessions',
          'too many sessions while loading choreographies: 256',
          `$.choreographies[${256}]`,
        ),
      };
    }
  }
}

/** A choreography the Lean decoder refuses (bridge.md §3: `bad choreography: <e>`). */
function parseErrorChoreography(g: GlobalType, variant: number): ChoreographyRequest {
  const listed = [...rolesOf(g)];
  switch (variant % 3) {
    case 0:
      // Unknown kind under a valid prefix.
      return {
        schema_version: SCHEMA_VERSION,
        global_type: {
          kind: 'comm',
          sender: 'A',
          receiver: 'B',
          branches: [{ label: { name: 'm', sort: 'unit' }, continuation: { kind: 'bogus' } }],
        },
        roles: ['A', 'B'],
      };
    case 1:
      // A label without `sort`: mandatory for the Lean decoder (bridge.md §3).
      return {
        schema_version: SCHEMA_VERSION,
        global_type: {
          kind: 'comm',
          sender: 'A',
          receiver: 'B',
          branches: [{ label: { name: 'm' }, continuation: g }],
        },
        roles: ['A', 'B'],
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
  return c;
}

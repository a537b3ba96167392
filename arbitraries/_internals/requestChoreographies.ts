/**
 * The choreographies of `runRequestCaseArb` (arbitraries/runRequest.ts): valid ones, natural ones
 * (whatever the loader makes of them), and the rejection templates of machine.md §9.5.
 */
import fc from 'fast-check';
import { SCHEMA_VERSION, type ChoreographyRequest } from '../../src/types/bridge.js';
import type { GlobalType } from '../../src/types/session.js';
import { projectChecked } from '../../src/projection/projectChecked.js';
import { roles as rolesOf } from '../../src/projection/roles.js';
import { globalTypeCaseArb, type NamePools } from '../globalType.js';
import type { RunRequestConstraints, RunRequestRejection } from '../runRequest.js';
import { mismatchType } from './mismatchType.js';
import { pick } from './pick.js';
import { deepen, loopWithExits } from './shapes.js';
import type { ChoreographyVerdict } from './expectLoad.js';
import { coin, weighted } from './resolveConstraints.js';

export function validChoreographyArb(c: Required<RunRequestConstraints>): fc.Arbitrary<ChoreographyRequest> {
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
export function naturalChoreographyArb(c: Required<RunRequestConstraints>): fc.Arbitrary<ChoreographyRequest> {
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
  /** Roles a projection mismatch rejects at once. */
  readonly rejected: number;
}

export function rejectionSeedArb(c: Required<RunRequestConstraints>): fc.Arbitrary<RejectionSeed> {
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
    // A constant draws nothing: with the default (1) the other fields are drawn as before.
    rejected: c.mismatchRoles > 1 ? fc.integer({ min: 1, max: c.mismatchRoles }) : fc.constant(1),
  });
}

/**
 * The choreographies a template inserts; `known` is the verdict of a choreography the arbitraries'
 * decoder-free oracle cannot judge (a decode failure), `null` when the oracle computes it.
 */
export function buildRejection(
  kind: Exclude<RunRequestRejection, 'natural'>,
  seed: RejectionSeed,
): { insert: readonly ChoreographyRequest[]; known: ChoreographyVerdict | null } {
  const { g: sg, names } = seed.drawn;
  switch (kind) {
    case 'projection_mismatch': {
      const g = mismatchType(sg, seed.variant, names.roles, seed.rejected);
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

/**
 * The load verdict of a run request, computed from the projection functions alone (machine.md §9.5,
 * bridge.md §1): the arbitraries' own oracle, independent of every lane's loader. Decoding the
 * typed choreographies the arbitraries build cannot fail except where a template breaks it on
 * purpose; such choreographies carry their verdict in `known`.
 */
import type { ChoreographyRequest } from '../../src/types/bridge.js';
import type { GlobalType } from '../../src/types/session.js';
import { compareCodePoints } from '../../src/projection/rolesSorted.js';
import { projectChecked } from '../../src/projection/projectChecked.js';

/** What loading one choreography on its own gives, before the limits. @internal */
export type ChoreographyVerdict =
  { readonly ok: true } | { readonly ok: false; readonly code: string; readonly message: string | null };

/** Lean `unitConfig` limits (bridge.md §3). */
const kMaxSessions = 256;
const kMaxCoroutines = 1024;

/** Duplicate roles first, then the first role in code-point order the checked projection rejects. @internal */
export function loadChoreography(g: GlobalType, roles: readonly string[]): ChoreographyVerdict {
  if (new Set(roles).size !== roles.length)
    return { ok: false, code: 'validation_failed', message: 'bad choreography image: duplicate entry-point role' };
  const first = [...roles].sort(compareCodePoints).find((r) => !projectChecked(g, r).ok);
  return first === undefined
    ? { ok: true }
    : {
        ok: false,
        code: 'validation_failed',
        message: `bad choreography image: projection mismatch for role ${first}`,
      };
}

/**
 * The verdict of a whole request: choreographies in array order, each `known` verdict (a template's)
 * or {@link loadChoreography}, then the session and coroutine limits. @internal
 */
export function expectLoad(
  choreographies: readonly ChoreographyRequest[],
  known: ReadonlyMap<number, ChoreographyVerdict>,
):
  | { readonly accepted: true }
  | { readonly accepted: false; readonly code: string; readonly path: string; readonly message: string | null } {
  let sessions = 0;
  let coroutines = 0;
  for (const [k, c] of choreographies.entries()) {
    const path = `$.choreographies[${k}]`;
    const v = known.get(k) ?? loadChoreography(c.global_type as GlobalType, c.roles);
    if (!v.ok) return { accepted: false, code: v.code, path, message: v.message };
    if (sessions >= kMaxSessions)
      return {
        accepted: false,
        code: 'too_many_sessions',
        path,
        message: `too many sessions while loading choreographies: ${kMaxSessions}`,
      };
    if (coroutines + c.roles.length > kMaxCoroutines)
      return {
        accepted: false,
        code: 'too_many_coroutines',
        path,
        message: `too many coroutines while loading choreographies: ${kMaxCoroutines}`,
      };
    sessions += 1;
    coroutines += c.roles.length;
  }
  return { accepted: true };
}

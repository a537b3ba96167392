/**
 * Run-mode request reading and choreography loading as the Lean runner does it (bridge.md §1, §15.1–15.2,
 * machine.md §9.3–9.5): hard failures in the spec's precedence, each as a BridgeError whose `message`
 * is the runner's exact text.
 */
import { decodeGlobalLean } from '../../projection/decodeGlobalLean.js';
import { projectChecked } from '../../projection/projectChecked.js';
import { projectCore } from '../../projection/projectCore.js';
import type { BridgeError, LoadErrorCode } from '../../types/errors.js';
import { pathIndex } from '../../types/errors.js';
import type { SessionType } from '../../types/machine.js';
import type { GlobalType, LocalType } from '../../types/session.js';
import { err, ok, type Result } from '../../types/result.js';
import { collectEdges, compileLocal, relocate, toSessionType, type RefInstr } from './compile.js';
import { arrayField, codePointCompare, memberOrNull, natField } from './json.js';

/** Lean `unitConfig` loader limits (bridge.md §3). */
export const MAX_SESSIONS = 256;
export const MAX_COROUTINES = 1024;

export interface RefSession {
  readonly sid: number;
  readonly roles: readonly string[];
  /** Current type per role; a halted role's entry is deleted. */
  readonly types: Map<string, SessionType>;
  /** Protocol edges (handlers bound); buffers exist exactly for these. */
  readonly buffers: Map<string, string[]>;
}

export interface RefCoroutine {
  readonly id: number;
  readonly sid: number;
  readonly role: string;
  readonly program: readonly RefInstr[];
  pc: number;
  status: 'ready' | 'blocked' | 'done' | 'faulted';
}

export interface LoadedRequest {
  readonly concurrency: number | bigint;
  readonly maxSteps: number | bigint;
  readonly sessions: RefSession[];
  readonly coroutines: RefCoroutine[];
  readonly opened: { readonly sid: number; readonly role: string }[];
}

function fail(code: LoadErrorCode, path: string, message: string): Result<never, BridgeError<LoadErrorCode>> {
  return err({ code, path, message });
}

/** Reads a run request (already-parsed JSON) and loads every choreography, or reports the first hard failure. */
export function loadRequest(request: unknown): Result<LoadedRequest, BridgeError> {
  const choreos = arrayField(request, 'choreographies');
  if (!choreos.ok) return fail('ParseError', '$.choreographies', `missing choreographies: ${choreos.message}`);
  const concurrency = natField(request, 'concurrency');
  if (!concurrency.ok) return fail('ParseError', '$.concurrency', `missing concurrency: ${concurrency.message}`);
  const maxSteps = natField(request, 'max_steps');
  if (!maxSteps.ok) return fail('ParseError', '$.max_steps', `missing max_steps: ${maxSteps.message}`);

  const loaded: LoadedRequest = {
    concurrency: concurrency.value,
    maxSteps: maxSteps.value,
    sessions: [],
    coroutines: [],
    opened: [],
  };
  for (let k = 0; k < choreos.value.length; k += 1) {
    const path = pathIndex('$.choreographies', k);
    const parsed = parseChoreography(choreos.value[k]);
    if (!parsed.ok) return fail('ParseError', path, `bad choreography: ${parsed.error}`);
    const step = loadChoreography(loaded, parsed.value.global, parsed.value.roles);
    if (!step.ok) return fail(step.error.code, path, step.error.message);
  }
  return ok(loaded);
}

/** Lean `parseChoreo`: `global_type` first (absent reads as null), then `roles` as strings. */
export function parseChoreography(json: unknown): Result<{ global: GlobalType; roles: string[] }, string> {
  const g = decodeGlobalLean(memberOrNull(json, 'global_type'));
  if (!g.ok) return err(g.error.message);
  const roles = arrayField(json, 'roles');
  if (!roles.ok) return err(roles.message);
  const names: string[] = [];
  for (const r of roles.value) {
    if (typeof r !== 'string') return err('String expected');
    names.push(r);
  }
  return ok({ global: g.value, roles: names });
}

/**
 * Insertion sort by `<=` on code points, as `CodeImage.fromLocalTypes` sorts (stable for equal
 * names). The insertion point is found by binary search (after every name `<=` the new one): a
 * choreography may list a thousand roles (the loader-limit rejections), and a linear scan made
 * that quadratic in comparisons of long names.
 */
function sortRoles(roles: readonly string[]): string[] {
  const out: string[] = [];
  for (const r of roles) {
    let lo = 0;
    let hi = out.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (codePointCompare(out[mid] as string, r) <= 0) lo = mid + 1;
      else hi = mid;
    }
    out.splice(lo, 0, r);
  }
  return out;
}

/** Image build, validation (`validateImage?`), limits and installation (machine.md §9.3–9.4). */
function loadChoreography(
  into: LoadedRequest,
  global: GlobalType,
  listed: readonly string[],
): Result<void, { code: LoadErrorCode; message: string }> {
  const roles = sortRoles(listed);
  if (new Set(roles).size !== roles.length) {
    return err({ code: 'validation_failed', message: 'bad choreography image: duplicate entry-point role' });
  }
  // The checked projection is projectCore's result once it passes: kept for compiling below (a type
  // nested 100k levels deep is not projected twice).
  const locals = new Map<string, LocalType>();
  for (const r of roles) {
    const checked = projectChecked(global, r);
    if (!checked.ok) {
      return err({ code: 'validation_failed', message: `bad choreography image: projection mismatch for role ${r}` });
    }
    locals.set(r, checked.value);
  }
  if (into.sessions.length >= MAX_SESSIONS) {
    return err({
      code: 'too_many_sessions',
      message: `too many sessions while loading choreographies: ${MAX_SESSIONS}`,
    });
  }
  if (into.coroutines.length + roles.length > MAX_COROUTINES) {
    return err({
      code: 'too_many_coroutines',
      message: `too many coroutines while loading choreographies: ${MAX_COROUTINES}`,
    });
  }

  // Sessions are never removed, so the next id is simply the count so far.
  const sid = into.sessions.length;
  const program: RefInstr[] = [];
  const entries: number[] = [];
  const types = new Map<string, SessionType>();
  const edges = new Set<string>();
  for (const r of roles) {
    const local = locals.get(r) ?? projectCore(global, r);
    entries.push(program.length);
    // One push per instruction: spreading a long program into push() overflows the stack.
    for (const instr of relocate(compileLocal(local), program.length)) program.push(instr);
    const st = toSessionType(local);
    types.set(r, st);
    collectEdges(r, st, edges);
  }
  const buffers = new Map<string, string[]>();
  for (const e of edges) buffers.set(e, []);
  into.sessions.push({ sid, roles, types, buffers });
  roles.forEach((r, i) => {
    into.coroutines.push({
      id: into.coroutines.length,
      sid,
      role: r,
      program,
      // One entry point per role, in role order.
      pc: entries[i] as number,
      status: 'ready',
    });
  });
  into.opened.push({ sid, role: roles.join(',') });
  return ok(undefined);
}

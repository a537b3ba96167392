/**
 * Client-side checks of a run request (bridge.md §5.3, §6.1; machine.md §9.5). `checkRunRequest` is
 * what our in-process lanes check before running: everything the runner would reject while loading,
 * reported as data in the runner's precedence, so every in-process lane answers a bad request with
 * the same error. A process lane checks only `checkBeforeSpawn` (§6.1) and lets its runner judge.
 */
import { decodeGlobalLean } from '../projection/decodeGlobalLean.js';
import { projectChecked } from '../projection/projectChecked.js';
import { SCHEMA_VERSION, type RunRequest } from '../types/bridge.js';
import { pathIndex, type BridgeError } from '../types/errors.js';
import { err, ok, type Result } from '../types/result.js';
import { parseNumberExact } from './_internals/exactNumbers.js';
import { parseJsonDeep } from '../types/parseJsonDeep.js';

/** Lean `unitConfig` loader limits (bridge.md §3). @example `LOADER_LIMITS.maxSessions // 256` @public */
export const LOADER_LIMITS = { maxSessions: 256, maxCoroutines: 1024 } as const;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const kU64Max = 18446744073709551615n;

function isNat(v: unknown): boolean {
  return (typeof v === 'number' && Number.isInteger(v) && v >= 0) || (typeof v === 'bigint' && v >= 0n);
}

function versionText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return 'null';
  return typeof v === 'bigint' ? v.toString() : (JSON.stringify(v) ?? 'null');
}

function parseError(path: string, message: string): Result<never, BridgeError> {
  return err({ code: 'ParseError', path, message });
}

function natProblem(obj: Record<string, unknown>, key: string): string | null {
  if (!(key in obj)) return `property not found: ${key}`;
  return isNat(obj[key]) ? null : 'Natural number expected';
}

/**
 * Checks a parsed run request (bridge.md §5.3) and returns it typed, or the first problem as a
 * {@link BridgeError}: `ParseError` for a missing/unsupported `schema_version` (root, then each
 * choreography; never normalized), a missing or mistyped field (runner texts of bridge.md §1) or a
 * choreography that fails to decode (`bad choreography: <e>`); the loader's `validation_failed`,
 * `too_many_sessions` (256) and `too_many_coroutines` (1024) with path `$.choreographies[k]`.
 * Unknown fields stay accepted; there is no request size limit.
 * @example
 * ```ts
 * const r = checkRunRequest({ schema_version: 'lean_bridge.v2', choreographies: [], concurrency: 1, max_steps: 1 });
 * // r.error: { code: 'ParseError', path: '$.schema_version', message: "unsupported schema_version 'lean_bridge.v2' for ProtocolMachineRunInput; expected 'lean_bridge.v1'" }
 * ```
 * @public
 */
export function checkRunRequest(json: unknown): Result<RunRequest, BridgeError> {
  if (!isObject(json)) return parseError('$', 'missing choreographies: object expected');
  if (json.schema_version !== SCHEMA_VERSION) {
    return parseError(
      '$.schema_version',
      `unsupported schema_version '${versionText(json.schema_version)}' for ProtocolMachineRunInput; expected '${SCHEMA_VERSION}'`,
    );
  }
  const choreos = json.choreographies;
  if (!('choreographies' in json))
    return parseError('$.choreographies', 'missing choreographies: property not found: choreographies');
  if (!Array.isArray(choreos)) return parseError('$.choreographies', 'missing choreographies: array expected');
  const concurrency = natProblem(json, 'concurrency');
  if (concurrency !== null) return parseError('$.concurrency', `missing concurrency: ${concurrency}`);
  const maxSteps = natProblem(json, 'max_steps');
  if (maxSteps !== null) return parseError('$.max_steps', `missing max_steps: ${maxSteps}`);
  const u64 = u64Problem(json);
  if (u64 !== null) return u64;

  // Decoding the typed request checks every nested version before anything is loaded.
  for (let k = 0; k < choreos.length; k += 1) {
    const c: unknown = choreos[k];
    const path = pathIndex('$.choreographies', k);
    if (!isObject(c)) return parseError(path, 'bad choreography: object expected');
    if (c.schema_version !== SCHEMA_VERSION) {
      return parseError(
        `${path}.schema_version`,
        `unsupported schema_version '${versionText(c.schema_version)}' for Lean bridge payload; expected '${SCHEMA_VERSION}'`,
      );
    }
  }

  // Then the loader, choreography by choreography, in the runner's order (machine.md §9.4–9.5).
  let sessions = 0;
  let coroutines = 0;
  for (let k = 0; k < choreos.length; k += 1) {
    // k < choreos.length; each choreography was checked to be an object by the version check above.
    const c = choreos[k] as Record<string, unknown>;
    const path = pathIndex('$.choreographies', k);
    const g = decodeGlobalLean('global_type' in c ? c.global_type : null);
    if (!g.ok) return parseError(path, `bad choreography: ${g.error.message}`);
    if (!('roles' in c)) return parseError(path, 'bad choreography: property not found: roles');
    if (!Array.isArray(c.roles)) return parseError(path, 'bad choreography: array expected');
    const roles: string[] = [];
    // An array (checked just above).
    for (const r of c.roles as unknown[]) {
      if (typeof r !== 'string') return parseError(path, 'bad choreography: String expected');
      roles.push(r);
    }
    if (new Set(roles).size !== roles.length) {
      return err({ code: 'validation_failed', path, message: 'bad choreography image: duplicate entry-point role' });
    }
    const sorted = [...roles].sort(codePointOrder);
    for (const r of sorted) {
      if (!projectChecked(g.value, r).ok) {
        return err({
          code: 'validation_failed',
          path,
          message: `bad choreography image: projection mismatch for role ${r}`,
        });
      }
    }
    if (sessions >= LOADER_LIMITS.maxSessions) {
      return err({
        code: 'too_many_sessions',
        path,
        message: `too many sessions while loading choreographies: ${LOADER_LIMITS.maxSessions}`,
      });
    }
    if (coroutines + roles.length > LOADER_LIMITS.maxCoroutines) {
      return err({
        code: 'too_many_coroutines',
        path,
        message: `too many coroutines while loading choreographies: ${LOADER_LIMITS.maxCoroutines}`,
      });
    }
    sessions += 1;
    coroutines += roles.length;
  }
  // Every field of bridge.md §5.3 was checked above.
  return ok(json as unknown as RunRequest);
}

/**
 * The only check a process lane's runner client makes before it spawns (bridge.md §6.1, §5.3): the
 * request's own `schema_version` must be `lean_bridge.v1`, and `concurrency` / `max_steps` must fit
 * the client's request type (u64) so that the request can be written at all. Everything else —
 * decoding, the checked projection, loader limits, nested versions — is the runner's to judge:
 * its own answer is what a comparison looks at.
 * @example
 * ```ts
 * checkBeforeSpawn({ schema_version: 'lean_bridge.v0' }).ok; // false: ParseError at $.schema_version
 * checkBeforeSpawn({ schema_version: 'lean_bridge.v1', choreographies: 'nope' }).ok; // true: the runner judges it
 * ```
 * @public
 */
export function checkBeforeSpawn(json: unknown): Result<unknown, BridgeError> {
  const version = isObject(json) ? json.schema_version : undefined;
  if (version !== SCHEMA_VERSION) {
    return parseError(
      '$.schema_version',
      `unsupported schema_version '${versionText(version)}' for ProtocolMachineRunInput; expected '${SCHEMA_VERSION}'`,
    );
  }
  // Checked to be an object with the right version just above.
  const u64 = u64Problem(json as Record<string, unknown>);
  return u64 ?? ok(json);
}

// The client's request type holds both as u64 (bridge.md §3): past that no lane could echo it.
function u64Problem(json: Record<string, unknown>): Result<never, BridgeError> | null {
  for (const key of ['concurrency', 'max_steps'] as const) {
    const v = json[key];
    if (typeof v === 'bigint' && v > kU64Max)
      return parseError(`$.${key}`, `invalid value: integer \`${v}\`, expected u64 (at most ${kU64Max})`);
  }
  return null;
}

/**
 * {@link checkRunRequest} on request text: truncated or invalid JSON is `ParseError` at `$` with
 * `invalid JSON: <e>` (bridge.md §5.3). Integers are read exactly (`bigint` past 2^53).
 * @example
 * ```ts
 * checkRunRequestText('{"schema_version":'); // { ok: false, error: { code: 'ParseError', path: '$', message: 'invalid JSON: …' } }
 * ```
 * @public
 */
export function checkRunRequestText(text: string): Result<RunRequest, BridgeError> {
  const json = parseRunRequestText(text);
  return json.ok ? checkRunRequest(json.value) : json;
}

/**
 * The JSON step of {@link checkRunRequestText} alone: the parsed value (integers exact, any nesting
 * depth), or `ParseError` at `$` with `invalid JSON: <e>`. For callers whose lane checks the request
 * itself (every lane does), so a deep request is not checked twice.
 * @example `parseRunRequestText('{"a":1}') // { ok: true, value: { a: 1 } }`
 * @public
 */
export function parseRunRequestText(text: string): Result<unknown, BridgeError> {
  try {
    // Requests may nest choreographies very deep: the stack-safe parser (runner output uses parseJsonExact).
    return ok(parseJsonDeep(text, parseNumberExact));
  } catch (e) {
    return parseError('$', `invalid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function codePointOrder(a: string, b: string): number {
  // Each element is one code point, never empty; indices below are < the shorter length.
  const x = [...a].map((c) => c.codePointAt(0) as number);
  const y = [...b].map((c) => c.codePointAt(0) as number);
  for (let i = 0; i < Math.min(x.length, y.length); i += 1)
    if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  return x.length - y.length;
}

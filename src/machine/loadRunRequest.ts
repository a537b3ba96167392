/** Loading a `lean_bridge.v1` run request into a machine (machine.md §9.5, bridge.md §3, §5.3, §15.2). */

import type { BridgeError } from '../types/errors.js';
import { pathIndex } from '../types/errors.js';
import type { Result } from '../types/result.js';
import { err, ok } from '../types/result.js';
import { SCHEMA_VERSION } from '../types/bridge.js';
import type { RunRequest } from '../types/bridge.js';
import type { MachineConfig } from '../types/machine.js';
import { decodeGlobalLean } from '../projection/decodeGlobalLean.js';
import { projectCore } from '../projection/projectCore.js';
import { codeImageFromLocalTypes } from './codeImage.js';
import { Machine } from './Machine.js';
import type { MachineOptions } from './Machine.js';
import { isRecord } from './_internals/json.js';

/** The checked top-level numbers of a run request. @example `{ concurrency: 1, maxSteps: 64 }` @public */
export interface RunRequestHeader {
  /** Echoed exactly in the output (a `bigint` past 2^53, never rounded or clamped). */
  readonly concurrency: number | bigint;
  /** Step budget; values past 2^53 are clamped (unreachable). */
  readonly maxSteps: number;
}

function parseError(path: string, message: string): { readonly ok: false; readonly error: BridgeError } {
  return err({ code: 'ParseError', path, message });
}

function natural(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isInteger(raw) && raw >= 0 ? raw : undefined;
  if (typeof raw === 'bigint')
    return raw >= 0n ? (raw > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(raw)) : undefined;
  return undefined;
}

/** A natural number as given: `bigint` stays `bigint` (only echoed, so never clamped). */
function naturalExact(raw: unknown): number | bigint | undefined {
  if (typeof raw === 'bigint') return raw >= 0n ? raw : undefined;
  return natural(raw);
}

function versionError(raw: unknown, path: string, who: string): { readonly ok: false; readonly error: BridgeError } {
  const text = raw === undefined ? 'null' : JSON.stringify(raw);
  return parseError(path, `unsupported schema_version '${text}' for ${who}; expected '${SCHEMA_VERSION}'`);
}

/**
 * The client-side request checks of bridge.md §5.3 (schema versions, then `choreographies`,
 * `concurrency`, `max_steps`), as `ParseError`s at the field's path.
 * @example `checkRunRequestHeader({ schema_version: 'lean_bridge.v1', choreographies: [], concurrency: 1, max_steps: 8 })`
 * @public
 */
export function checkRunRequestHeader(request: unknown): Result<RunRequestHeader, BridgeError> {
  if (!isRecord(request)) return parseError('$', 'invalid JSON: a run request must be a JSON object');
  const r = request;
  if (r['schema_version'] !== SCHEMA_VERSION)
    return versionError(r['schema_version'], '$.schema_version', 'ProtocolMachineRunInput');
  const chs = r['choreographies'];
  if (!Array.isArray(chs)) return parseError('$.choreographies', 'missing choreographies: expected an array');
  for (let k = 0; k < chs.length; k++) {
    const c: unknown = chs[k];
    // An array has no schema_version either: the same error as any other non-object.
    const v = isRecord(c) ? c['schema_version'] : undefined;
    if (v !== SCHEMA_VERSION)
      return versionError(v, `${pathIndex('$.choreographies', k)}.schema_version`, 'Lean bridge payload');
  }
  const concurrency = naturalExact(r['concurrency']);
  if (concurrency === undefined) return parseError('$.concurrency', 'missing concurrency: expected a natural number');
  const maxSteps = natural(r['max_steps']);
  if (maxSteps === undefined) return parseError('$.max_steps', 'missing max_steps: expected a natural number');
  return ok({ concurrency, maxSteps });
}

/**
 * Creates a machine and loads every choreography of a run request exactly as the Lean runner
 * does (machine.md §9.5): Lean decoder, `projectCore` per listed role, image built with sorted
 * roles, loader validation with the checked projection, loader limits. Errors are `BridgeError`s
 * at `$.choreographies[k]` (`ParseError`, `validation_failed`, `too_many_sessions`,
 * `too_many_coroutines`), or the request checks of {@link checkRunRequestHeader}.
 * @example
 * ```ts
 * const r = machineFromRunRequest(request);
 * if (r.ok) { const { machine, header } = r.value; }
 * ```
 * @public
 */
export function machineFromRunRequest(
  request: RunRequest,
  config: Partial<MachineConfig> = {},
  options: MachineOptions = {},
): Result<{ readonly machine: Machine; readonly header: RunRequestHeader }, BridgeError> {
  const header = checkRunRequestHeader(request);
  if (!header.ok) return header;
  const created = Machine.create(config, options);
  if (!created.ok) return created;
  const machine = created.value;
  const chs = request.choreographies;
  for (let k = 0; k < chs.length; k++) {
    const path = pathIndex('$.choreographies', k);
    const entry: unknown = chs[k];
    const c = isRecord(entry) ? entry : {};
    const g = decodeGlobalLean(c['global_type']);
    if (!g.ok) return parseError(path, `bad choreography: ${g.error.message}`);
    const roles = c['roles'];
    if (!Array.isArray(roles) || !roles.every((x): x is string => typeof x === 'string')) {
      return parseError(path, 'bad choreography: roles must be an array of strings');
    }
    const gt = g.value;
    const pairs = roles.map((role) => [role, projectCore(gt, role)] as const);
    const loaded = machine.loadImage(codeImageFromLocalTypes(pairs, gt), path);
    if (!loaded.ok) return loaded;
  }
  return ok({ machine, header: header.value });
}

/** Loading a `lean_bridge.v1` run request into a machine (machine.md §9.5, bridge.md §3, §5.3, §15.2). */

import type { BridgeError } from '../types/errors.js';
import { pathIndex } from '../types/errors.js';
import type { Result } from '../types/result.js';
import { err, ok } from '../types/result.js';
import { SCHEMA_VERSION } from '../types/bridge.js';
import type { RunRequest } from '../types/bridge.js';
import type { CodeImage, MachineConfig } from '../types/machine.js';
import { decodeGlobalLean } from '../projection/decodeGlobalLean.js';
import { projectCore } from '../projection/projectCore.js';
import { codeImageFromLocalTypes, validateCodeImage } from './codeImage.js';
import { Machine, installable, type InstallableProgram } from './Machine.js';
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
  return load(request, config, options, null);
}

/**
 * {@link machineFromRunRequest}, with the programs it installed, in order: a machine that
 * replicates this one (a pool thread of the threaded engine) installs them as they are instead of
 * decoding, projecting, compiling and validating every choreography again.
 * @example `const r = machineAndProgramsFromRunRequest(request, {}, { trace: false });`
 * @internal
 */
export function machineAndProgramsFromRunRequest(
  request: RunRequest,
  config: Partial<MachineConfig> = {},
  options: MachineOptions = {},
): Result<
  { readonly machine: Machine; readonly header: RunRequestHeader; readonly programs: readonly InstallableProgram[] },
  BridgeError
> {
  const programs: InstallableProgram[] = [];
  const r = load(request, config, options, programs);
  return r.ok ? ok({ ...r.value, programs }) : r;
}

function load(
  request: RunRequest,
  config: Partial<MachineConfig>,
  options: MachineOptions,
  programs: InstallableProgram[] | null,
): Result<{ readonly machine: Machine; readonly header: RunRequestHeader }, BridgeError> {
  const header = checkRunRequestHeader(request);
  if (!header.ok) return header;
  const created = Machine.create(config, options);
  if (!created.ok) return created;
  const machine = created.value;
  const chs = request.choreographies;
  const shared = sharing.get(request);
  for (let k = 0; k < chs.length; k++) {
    const path = pathIndex('$.choreographies', k);
    let image = shared?.[k];
    if (image === undefined) {
      image = choreographyImage(chs[k], path);
      if (shared !== undefined) shared[k] = image;
    }
    if (!image.ok) return image;
    const program = installable(image.value.program);
    const loaded = machine.install(program, path);
    if (!loaded.ok) return loaded;
    programs?.push(program);
  }
  return ok({ machine, header: header.value });
}

/**
 * The validated code image of one choreography (machine.md §9.5): Lean decoder, `projectCore` per
 * listed role, image built with sorted roles, loader validation with the checked projection. A
 * function of the choreography alone (not of the machine or its configuration).
 */
function choreographyImage(entry: unknown, path: string): Result<CodeImage, BridgeError> {
  const c = isRecord(entry) ? entry : {};
  const g = decodeGlobalLean(c['global_type']);
  if (!g.ok) return parseError(path, `bad choreography: ${g.error.message}`);
  const roles = c['roles'];
  if (!Array.isArray(roles) || !roles.every((x): x is string => typeof x === 'string')) {
    return parseError(path, 'bad choreography: roles must be an array of strings');
  }
  const gt = g.value;
  const pairs = roles.map((role) => [role, projectCore(gt, role)] as const);
  const image = codeImageFromLocalTypes(pairs, gt);
  // Machine.loadImage's validation, told that the types are projectCore's (not projected again).
  const reason = validateCodeImage(image, { projected: true });
  if (reason !== null)
    return err({ code: 'validation_failed', path, message: `bad choreography image: ${reason}`, reason });
  return ok(image);
}

/** Requests whose loads share their images, with the images (or errors) found so far, by index. */
const sharing = new WeakMap<object, Result<CodeImage, BridgeError>[]>();

/**
 * Lets every load of this very request object (by identity, {@link machineFromRunRequest}, so both
 * engines) share the read-only product of loading until the returned function is called: each
 * choreography is decoded, projected, compiled and validated once, and each load still installs
 * the image on its own fresh machine (sessions, coroutines, buffers and every later check are the
 * machine's own). For a differential test that runs two engines on one request: the shared part
 * is the loader, which the engines share as code anyway. The request must not change meanwhile;
 * pass a copy made for the purpose (`{ ...request }`), which nothing else can change or reuse.
 * @example
 * ```ts
 * const req = { ...request };
 * const release = shareLoading(req);
 * try { coop = runCooperative(req); threaded = await runThreaded(req, { lanes: 1 }); } finally { release(); }
 * ```
 * @internal
 */
export function shareLoading(request: RunRequest): () => void {
  sharing.set(request, []);
  return () => {
    sharing.delete(request);
  };
}

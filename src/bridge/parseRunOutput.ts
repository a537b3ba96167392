/**
 * Strict decoding of a runner's stdout (bridge.md §6.2): JSON, unknown root keys, typed fields with
 * nested schema versions, then the root version. Every failure is `ParseError` with the Rust text.
 */
import { SCHEMA_VERSION, type RunOutput } from '../types/bridge.js';
import type { BridgeError } from '../types/errors.js';
import { err, ok, type Result } from '../types/result.js';
import { parseJsonExact } from './_internals/exactNumbers.js';

/** Root keys a run output may have (bridge.md §4.1). @example `RUN_OUTPUT_KEYS.includes('step_states') // true` @public */
export const RUN_OUTPUT_KEYS: readonly string[] = [
  'schema_version',
  'trace',
  'sessions',
  'steps_executed',
  'concurrency',
  'status',
  'effect_trace',
  'effect_exchanges',
  'output_condition_trace',
  'step_states',
  'semantic_objects',
];

const kAllowed = new Set(RUN_OUTPUT_KEYS);

function failure(msg: string): Result<never, BridgeError<'ParseError'>> {
  return err({ code: 'ParseError', path: '$', message: `Failed to parse protocol-machine runner output: ${msg}` });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isU64(v: unknown): boolean {
  return (
    (typeof v === 'number' && Number.isInteger(v) && v >= 0) || (typeof v === 'bigint' && v >= 0n && v < 2n ** 64n)
  );
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a sequence';
  if (typeof v === 'object') return 'a map';
  if (typeof v === 'string') return `string ${JSON.stringify(v)}`;
  if (typeof v === 'bigint') return `integer \`${v}\``;
  if (typeof v === 'number' || typeof v === 'boolean') return `${typeof v} \`${v}\``;
  return typeof v;
}

/** A nested bridge struct's version: required and exact ("never normalized"). */
function nestedVersion(obj: Record<string, unknown>): string | null {
  if (!('schema_version' in obj)) return 'missing field `schema_version`';
  const v = obj.schema_version;
  if (v !== SCHEMA_VERSION) {
    return `unsupported schema_version '${typeof v === 'string' ? v : JSON.stringify(v)}' for Lean bridge payload; expected '${SCHEMA_VERSION}'`;
  }
  return null;
}

const kEventStrings = ['kind'];
const kOptionalStrings = [
  'sender',
  'receiver',
  'label',
  'role',
  'target',
  'reason',
  'predicate_ref',
  'witness_ref',
  'output_digest',
];
const kOptionalU64 = ['session', 'epoch', 'ghost', 'from', 'to'];
const kOptionalBools = ['permitted', 'passed'];

function checkEvent(e: unknown, where: string): string | null {
  if (!isObject(e)) return `invalid type: ${describe(e)}, expected struct ProtocolMachineTraceEvent at ${where}`;
  const version = nestedVersion(e);
  if (version !== null) return `${version} at ${where}`;
  for (const k of kEventStrings) {
    if (!(k in e)) return `missing field \`${k}\` at ${where}`;
    if (typeof e[k] !== 'string') return `invalid type: ${describe(e[k])}, expected a string at ${where}.${k}`;
  }
  if (!('tick' in e)) return `missing field \`tick\` at ${where}`;
  if (!isU64(e.tick)) return `invalid type: ${describe(e.tick)}, expected u64 at ${where}.tick`;
  // Absent and null are the same value (BR-DEV-07): null passes every optional field.
  for (const k of kOptionalStrings)
    if (e[k] !== undefined && e[k] !== null && typeof e[k] !== 'string')
      return `invalid type: ${describe(e[k])}, expected a string at ${where}.${k}`;
  for (const k of kOptionalU64)
    if (e[k] !== undefined && e[k] !== null && !isU64(e[k]))
      return `invalid type: ${describe(e[k])}, expected u64 at ${where}.${k}`;
  for (const k of kOptionalBools)
    if (e[k] !== undefined && e[k] !== null && typeof e[k] !== 'boolean')
      return `invalid type: ${describe(e[k])}, expected a boolean at ${where}.${k}`;
  return null;
}

function checkSession(s: unknown, where: string): string | null {
  if (!isObject(s)) return `invalid type: ${describe(s)}, expected struct ProtocolMachineSessionStatus at ${where}`;
  const version = nestedVersion(s);
  if (version !== null) return `${version} at ${where}`;
  if (!('sid' in s)) return `missing field \`sid\` at ${where}`;
  if (!isU64(s.sid)) return `invalid type: ${describe(s.sid)}, expected u64 at ${where}.sid`;
  if (!('terminal' in s)) return `missing field \`terminal\` at ${where}`;
  if (typeof s.terminal !== 'boolean')
    return `invalid type: ${describe(s.terminal)}, expected a boolean at ${where}.terminal`;
  return null;
}

function checkStepState(s: unknown, where: string): string | null {
  if (!isObject(s)) return `invalid type: ${describe(s)}, expected a map at ${where}`;
  const e = s.event;
  if (e !== undefined && e !== null) {
    const bad = checkEvent(e, `${where}.event`);
    if (bad !== null) return bad;
  }
  return null;
}

/**
 * Parses and strictly validates a runner's stdout as a run output (bridge.md §6.2 order): JSON text
 * (one value; a second line is trailing garbage), then the first root key outside §4.1
 * (``unknown field `<key>` in ProtocolMachineRunOutput``), then the typed fields with every nested
 * `schema_version` (events, sessions, step events), then the root version
 * (`unsupported schema_version '<v>' for ProtocolMachineRunOutput; …`). Event `kind` may be any
 * string. Integers are read exactly.
 * @example
 * ```ts
 * const r = parseRunOutput(stdout);
 * if (!r.ok) console.error(r.error.message); // "Failed to parse protocol-machine runner output: …"
 * ```
 * @public
 */
export function parseRunOutput(text: string): Result<RunOutput, BridgeError<'ParseError'>> {
  let json: unknown;
  try {
    json = parseJsonExact(text, (key) => {
      throw new SyntaxError(`duplicate field \`${key}\``);
    });
  } catch (e) {
    return failure(e instanceof Error ? e.message : String(e));
  }
  if (!isObject(json)) return failure(`invalid type: ${describe(json)}, expected struct ProtocolMachineRunOutput`);
  for (const key of Object.keys(json)) {
    if (!kAllowed.has(key)) return failure(`unknown field \`${key}\` in ProtocolMachineRunOutput`);
  }
  for (const key of ['schema_version', 'trace', 'sessions', 'steps_executed', 'concurrency', 'status']) {
    if (!(key in json)) return failure(`missing field \`${key}\``);
  }
  if (typeof json.schema_version !== 'string')
    return failure(`invalid type: ${describe(json.schema_version)}, expected a string at $.schema_version`);
  if (!Array.isArray(json.trace))
    return failure(`invalid type: ${describe(json.trace)}, expected a sequence at $.trace`);
  for (let i = 0; i < json.trace.length; i += 1) {
    const bad = checkEvent(json.trace[i], `$.trace[${i}]`);
    if (bad !== null) return failure(bad);
  }
  if (!Array.isArray(json.sessions))
    return failure(`invalid type: ${describe(json.sessions)}, expected a sequence at $.sessions`);
  for (let i = 0; i < json.sessions.length; i += 1) {
    const bad = checkSession(json.sessions[i], `$.sessions[${i}]`);
    if (bad !== null) return failure(bad);
  }
  for (const key of ['steps_executed', 'concurrency'] as const) {
    if (!isU64(json[key])) return failure(`invalid type: ${describe(json[key])}, expected u64 at $.${key}`);
  }
  if (typeof json.status !== 'string')
    return failure(`invalid type: ${describe(json.status)}, expected a string at $.status`);
  const stepStates = json.step_states ?? [];
  if (!Array.isArray(stepStates))
    return failure(`invalid type: ${describe(stepStates)}, expected a sequence at $.step_states`);
  for (let i = 0; i < stepStates.length; i += 1) {
    const bad = checkStepState(stepStates[i], `$.step_states[${i}]`);
    if (bad !== null) return failure(bad);
  }
  for (const key of ['effect_trace', 'effect_exchanges', 'output_condition_trace'] as const) {
    const v = json[key];
    if (v !== undefined && v !== null && !Array.isArray(v))
      return failure(`invalid type: ${describe(v)}, expected a sequence at $.${key}`);
  }
  const so = json.semantic_objects;
  if (so !== undefined && so !== null && !isObject(so))
    return failure(`invalid type: ${describe(so)}, expected struct SemanticObjects at $.semantic_objects`);
  if (json.schema_version !== SCHEMA_VERSION) {
    return failure(
      `unsupported schema_version '${json.schema_version}' for ProtocolMachineRunOutput; expected '${SCHEMA_VERSION}'`,
    );
  }
  // Every root key and nested struct was checked above (bridge.md §6.2).
  const output: RunOutput = { ...(json as unknown as RunOutput), step_states: stepStates as RunOutput['step_states'] };
  return ok(output);
}

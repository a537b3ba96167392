/**
 * Strict codecs of `SimRunInput` and `SimRunOutput` (bridge.md §8.2–8.3; telltale
 * `rust/bridge/src/sim_reference.rs`), schema `lean_bridge.v1`.
 */
import { SCHEMA_VERSION } from '../../types/bridge.js';
import type { JsonValue } from '../../types/artifact.js';
import type { BridgeError } from '../../types/errors.js';
import type { Result } from '../../types/result.js';
import type { SimRunInput, SimRunOutput } from '../../types/simRun.js';
import { def, jsonC, listC, req, sortedMapC, structC, version, type Codec } from './_internals/codec.js';
import { bridgeEventCodec } from './_internals/bridgeEvent.js';
import { decodeWith } from './_internals/decoder.js';
import { globalTypeJsonC, localTypesJsonC } from './protocolBundle.js';

/** @internal */
export const simRunInputCodec: Codec<SimRunInput> = structC('SimRunInput', {
  schema_version: version(SCHEMA_VERSION, 'Lean bridge payload'),
  scenario: req(jsonC),
  global_type: req(globalTypeJsonC),
  local_types: req(localTypesJsonC),
  initial_states: def(sortedMapC(listC(jsonC)), {}),
});

/** @internal */
export const simRunOutputCodec: Codec<SimRunOutput> = structC('SimRunOutput', {
  schema_version: version(SCHEMA_VERSION, 'Lean bridge payload'),
  trace: def(listC(bridgeEventCodec), []),
  violations: def(listC(jsonC), []),
  artifacts: def(jsonC, null),
});

/**
 * Strictly decodes a `SimRunInput`: version `lean_bridge.v1`, `scenario` (opaque), the global type
 * and each local type (strict projection decoders, kept byte for byte), `initial_states` (role →
 * array, default `{}`).
 * @example `decodeSimRunInput({ schema_version: 'lean_bridge.v1', scenario: { steps: 3 }, global_type: { kind: 'end' }, local_types: {} })`
 * @public
 */
export function decodeSimRunInput(json: unknown): Result<SimRunInput, BridgeError> {
  return decodeWith(simRunInputCodec.read, json);
}

/**
 * Strictly decodes a `SimRunOutput`: version `lean_bridge.v1`; `trace` (bridge events, each with its
 * own `lean_bridge.v1` version), `violations` and `artifacts` with their defaults.
 * @example `decodeSimRunOutput({ schema_version: 'lean_bridge.v1' })` // ok: trace [], violations [], artifacts null
 * @public
 */
export function decodeSimRunOutput(json: unknown): Result<SimRunOutput, BridgeError> {
  return decodeWith(simRunOutputCodec.read, json);
}

/**
 * Canonical JSON of a `SimRunInput` (maps by ascending role).
 * @example `stringifyArtifact(encodeSimRunInput(input))`
 * @public
 */
export function encodeSimRunInput(value: SimRunInput): JsonValue {
  return simRunInputCodec.write(value) as JsonValue;
}

/**
 * Canonical JSON of a `SimRunOutput` (events without absent fields).
 * @example `stringifyArtifact(encodeSimRunOutput(output))`
 * @public
 */
export function encodeSimRunOutput(value: SimRunOutput): JsonValue {
  return simRunOutputCodec.write(value) as JsonValue;
}

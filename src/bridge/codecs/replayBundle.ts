/**
 * Strict codec of the replay bundle (bridge.md §12; telltale `ProtocolMachineReplayBundle`,
 * `rust/bridge/src/protocol_machine_trace.rs`).
 */
import { SCHEMA_VERSION } from '../../types/bridge.js';
import type { JsonValue } from '../../types/artifact.js';
import type { BridgeError } from '../../types/errors.js';
import type { NormalizedEvent, ReplayBundle } from '../../types/replayBundle.js';
import type { Result } from '../../types/result.js';
import { def, listC, nullableC, req, stringC, structC, u64C, version, type Codec } from './_internals/codec.js';
import { decodeWith } from './_internals/decoder.js';
import { effectTraceCodec } from './effectTrace.js';
import { outputConditionTraceCodec } from './outputConditionTrace.js';

const normalizedEvent: Codec<NormalizedEvent> = structC('NormalizedEvent', {
  kind: req(stringC),
  session_index: req(u64C),
  sender: req(stringC),
  receiver: req(stringC),
  label: def(nullableC(stringC), null),
});

/** @internal */
export const replayBundleCodec: Codec<ReplayBundle> = structC('ProtocolMachineReplayBundle', {
  schema_version: version(SCHEMA_VERSION, 'Lean bridge payload'),
  semantic_audit: req(listC(normalizedEvent)),
  effect_trace: def(effectTraceCodec, []),
  output_condition_trace: def(outputConditionTraceCodec, []),
});

/**
 * Strictly decodes a `ProtocolMachineReplayBundle`: version `lean_bridge.v1` (telltale's
 * `unsupported schema_version '<v>' for Lean bridge payload; …`), `semantic_audit` required,
 * `effect_trace` and `output_condition_trace` default to `[]`.
 * @example
 * ```ts
 * decodeReplayBundle({ schema_version: 'lean_bridge.v1', semantic_audit: [] });
 * // ok: { schema_version, semantic_audit: [], effect_trace: [], output_condition_trace: [] }
 * ```
 * @public
 */
export function decodeReplayBundle(json: unknown): Result<ReplayBundle, BridgeError> {
  return decodeWith(replayBundleCodec.read, json);
}

/**
 * Canonical JSON of a replay bundle (all four keys).
 * @example `stringifyArtifact(encodeReplayBundle(bundle))`
 * @public
 */
export function encodeReplayBundle(value: ReplayBundle): JsonValue {
  return replayBundleCodec.write(value) as JsonValue;
}

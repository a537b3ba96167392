/**
 * Strict codec of `effect_trace` entries as the bridge reads them (bridge.md §10; telltale
 * `EffectTraceEvent`, `rust/bridge/src/protocol_machine_trace.rs`).
 */
import type { JsonValue } from '../../types/artifact.js';
import type { EffectTraceEntry, TopologyPerturbationEvent } from '../../types/effectTrace.js';
import type { BridgeError } from '../../types/errors.js';
import type { Result } from '../../types/result.js';
import { def, enumC, jsonC, listC, nullableC, req, stringC, structC, u64C, type Codec } from './_internals/codec.js';
import { decodeWith } from './_internals/decoder.js';

const optString = nullableC(stringC);

const topology: Codec<TopologyPerturbationEvent> = structC('TopologyPerturbationEvent', {
  kind: req(enumC('TopologyPerturbationKind', ['Crash', 'Partition', 'Heal'])),
  site: def(optString, null),
  from: def(optString, null),
  to: def(optString, null),
});

/** @internal One entry. */
export const effectTraceEntryCodec: Codec<EffectTraceEntry> = structC('EffectTraceEvent', {
  effect_id: req(u64C),
  effect_kind: req(stringC),
  inputs: req(jsonC),
  outputs: req(jsonC),
  handler_identity: req(stringC),
  ordering_key: req(u64C),
  topology: def(nullableC(topology), null),
});

/** @internal The whole list. */
export const effectTraceCodec: Codec<readonly EffectTraceEntry[]> = listC(effectTraceEntryCodec);

/**
 * Strictly decodes an `effect_trace` array; `inputs`/`outputs` are opaque, `topology` is `null`
 * (default) or `{kind: Crash|Partition|Heal, site?, from?, to?}`.
 * @example `decodeEffectTrace([])` // ok: []
 * @public
 */
export function decodeEffectTrace(json: unknown): Result<readonly EffectTraceEntry[], BridgeError> {
  return decodeWith(effectTraceCodec.read, json);
}

/**
 * Canonical JSON of an `effect_trace` array.
 * @example `stringifyArtifact(encodeEffectTrace(entries))`
 * @public
 */
export function encodeEffectTrace(value: readonly EffectTraceEntry[]): JsonValue {
  return effectTraceCodec.write(value) as JsonValue;
}

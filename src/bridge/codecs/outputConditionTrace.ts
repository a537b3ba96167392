/**
 * Strict codec of `output_condition_trace` entries (bridge.md §12; telltale
 * `OutputConditionTraceEvent`, `rust/bridge/src/protocol_machine_trace.rs`).
 */
import type { JsonValue } from '../../types/artifact.js';
import type { BridgeError } from '../../types/errors.js';
import type { OutputConditionEntry } from '../../types/outputConditionTrace.js';
import type { Result } from '../../types/result.js';
import { boolC, def, listC, nullableC, req, stringC, structC, type Codec } from './_internals/codec.js';
import { decodeWith } from './_internals/decoder.js';

/** @internal One entry. */
export const outputConditionEntryCodec: Codec<OutputConditionEntry> = structC('OutputConditionTraceEvent', {
  predicate_ref: req(stringC),
  witness_ref: def(nullableC(stringC), null),
  output_digest: req(stringC),
  passed: req(boolC),
});

/** @internal The whole list. */
export const outputConditionTraceCodec: Codec<readonly OutputConditionEntry[]> = listC(outputConditionEntryCodec);

/**
 * Strictly decodes an `output_condition_trace` array: `predicate_ref` and `output_digest` strings,
 * `passed` a boolean, `witness_ref` a string or `null` (default).
 * @example
 * ```ts
 * decodeOutputConditionTrace([{ predicate_ref: 'p', output_digest: 'd', passed: 'yes' }]);
 * // err: { code: 'ExpectedBoolean', path: '$[0].passed', … }
 * ```
 * @public
 */
export function decodeOutputConditionTrace(json: unknown): Result<readonly OutputConditionEntry[], BridgeError> {
  return decodeWith(outputConditionTraceCodec.read, json);
}

/**
 * Canonical JSON of an `output_condition_trace` array (`witness_ref` always written).
 * @example `encodeOutputConditionTrace([{ predicate_ref: 'p', witness_ref: null, output_digest: 'd', passed: true }])`
 * @public
 */
export function encodeOutputConditionTrace(value: readonly OutputConditionEntry[]): JsonValue {
  return outputConditionTraceCodec.write(value) as JsonValue;
}

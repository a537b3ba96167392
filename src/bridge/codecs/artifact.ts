/**
 * The Tier 2 artifact registry (bridge.md §6, §8, §12, §13; machine.md §12.2): one strict decoder and
 * one canonical encoder per family, behind `validate` and the round-trip property.
 */
import type { JsonValue } from '../../types/artifact.js';
import type { EffectExchangeRecord } from '../../types/effectExchange.js';
import type { EffectTraceEntry } from '../../types/effectTrace.js';
import type { BridgeError } from '../../types/errors.js';
import type { OutputConditionEntry } from '../../types/outputConditionTrace.js';
import type { InvariantClaims, ProtocolBundle } from '../../types/protocolBundle.js';
import type { ReplayBundle } from '../../types/replayBundle.js';
import type { Result } from '../../types/result.js';
import type { RustObsEvent } from '../../types/rustTrace.js';
import type { SemanticObjects } from '../../types/semanticObjects.js';
import type { SimRunInput, SimRunOutput } from '../../types/simRun.js';
import type { Codec } from './_internals/codec.js';
import { runReader } from './_internals/decoder.js';
import { parseJsonText, stringifyJson } from './_internals/json.js';
import { effectExchangesCodec } from './effectExchange.js';
import { effectTraceCodec } from './effectTrace.js';
import { outputConditionTraceCodec } from './outputConditionTrace.js';
import { invariantClaimsCodec, protocolBundleCodec } from './protocolBundle.js';
import { replayBundleCodec } from './replayBundle.js';
import { rustTraceCodec } from './rustTrace.js';
import { semanticObjectsCodec } from './semanticObjects.js';
import { simRunInputCodec, simRunOutputCodec } from './simRun.js';

/**
 * The decoded type of each codec family.
 * @example `type Bundle = ArtifactTypes['protocol_bundle'];`
 * @public
 */
export interface ArtifactTypes {
  readonly semantic_objects: SemanticObjects;
  readonly effect_exchanges: readonly EffectExchangeRecord[];
  readonly effect_trace: readonly EffectTraceEntry[];
  readonly output_condition_trace: readonly OutputConditionEntry[];
  readonly replay_bundle: ReplayBundle;
  readonly protocol_bundle: ProtocolBundle;
  readonly invariant_claims: InvariantClaims;
  readonly sim_run_input: SimRunInput;
  readonly sim_run_output: SimRunOutput;
  readonly rust_trace: readonly RustObsEvent[];
}

/** A family with a Tier 2 codec (every {@link ArtifactFamily} but the three Tier 1 ones). @example `const f: CodecFamily = 'replay_bundle';` @public */
export type CodecFamily = keyof ArtifactTypes;

const kCodecs: { readonly [F in CodecFamily]: Codec<ArtifactTypes[F]> } = {
  semantic_objects: semanticObjectsCodec,
  effect_exchanges: effectExchangesCodec,
  effect_trace: effectTraceCodec,
  output_condition_trace: outputConditionTraceCodec,
  replay_bundle: replayBundleCodec,
  protocol_bundle: protocolBundleCodec,
  invariant_claims: invariantClaimsCodec,
  sim_run_input: simRunInputCodec,
  sim_run_output: simRunOutputCodec,
  rust_trace: rustTraceCodec,
};

/** Every {@link CodecFamily}, in documentation order. @example `CODEC_FAMILIES.includes('rust_trace') // true` @public */
export const CODEC_FAMILIES: readonly CodecFamily[] = Object.freeze(Object.keys(kCodecs) as CodecFamily[]);

/**
 * Whether a family name has a Tier 2 codec.
 * @example `isCodecFamily('run_output') // false: validate checks it with parseRunOutput`
 * @public
 */
export function isCodecFamily(family: string): family is CodecFamily {
  return Object.hasOwn(kCodecs, family);
}

/**
 * Everything a strict decoding found: the value (when there is no problem), every problem (at most
 * 100 kept, `dropped` counts the rest), and the keys serde would ignore (unknown fields).
 * @public
 */
export interface ArtifactDecoding<T> {
  readonly value: T | undefined;
  readonly problems: readonly BridgeError[];
  readonly ignored: readonly string[];
  readonly dropped: number;
}

/**
 * Decodes parsed JSON as the given family, collecting every problem rather than stopping at the
 * first (the per-family `decode…` functions return the first one as a `Result`).
 * @example
 * ```ts
 * const d = decodeArtifact('replay_bundle', json);
 * for (const p of d.problems) console.log(p.code, p.path, p.message);
 * ```
 * @public
 */
export function decodeArtifact<F extends CodecFamily>(family: F, json: unknown): ArtifactDecoding<ArtifactTypes[F]> {
  return runReader(kCodecs[family].read, json);
}

/**
 * The canonical JSON of a decoded value of the family (Rust field order; opaque parts as given).
 * @example `stringifyArtifact(encodeArtifact('semantic_objects', value))`
 * @public
 */
export function encodeArtifact<F extends CodecFamily>(family: F, value: ArtifactTypes[F]): JsonValue {
  return kCodecs[family].write(value) as JsonValue;
}

/**
 * Parses artifact text exactly: u64 values above 2^53 become `bigint`, numbers that a JS number
 * would print differently (`1.0`, `-0`) keep their text, repeated keys are an error. Errors are at
 * `$` with codes `InvalidJSON`, `DuplicateField` or `InputTooDeep`.
 * @example
 * ```ts
 * const parsed = parseArtifactJson('{"effect_id":18446744073709551615}');
 * // ok: { effect_id: 18446744073709551615n }
 * ```
 * @public
 */
export function parseArtifactJson(text: string): Result<unknown, BridgeError> {
  return parseJsonText(text);
}

/**
 * Compact JSON text of an encoded (or decoded) artifact: `bigint`s as digits, exact number texts as
 * written, object keys in the order given. `stringifyArtifact(encodeArtifact(f, v))` is the
 * canonical text of `v`.
 * @example `stringifyArtifact({ n: 18446744073709551615n }) // '{"n":18446744073709551615}'`
 * @public
 */
export function stringifyArtifact(json: unknown): string {
  return stringifyJson(json);
}

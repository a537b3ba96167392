/**
 * Strict codec of `protocol_bundle.v1` and its `InvariantClaims` (bridge.md §13; telltale
 * `rust/bridge/src/invariants.rs`). The global type and local types are checked with the strict
 * projection decoders (the Rust bridge's import) and kept byte for byte.
 */
import { SCHEMA_VERSION } from '../../types/bridge.js';
import type { I64, JsonValue } from '../../types/artifact.js';
import type { BridgeError } from '../../types/errors.js';
import {
  CLASSICAL_CLAIMS_DEFAULT,
  DISTRIBUTED_CLAIMS_DEFAULT,
  type ClassicalClaims,
  type DistributedClaims,
  type EnabledConfig,
  type InvariantClaims,
  type ProtocolBundle,
} from '../../types/protocolBundle.js';
import type { Result } from '../../types/result.js';
import { decodeGlobalValue } from '../../projection/decodeGlobal.js';
import { decodeLocalValue } from '../../projection/decodeLocal.js';
import {
  boolC,
  def,
  enumC,
  nullableC,
  req,
  sortedMapC,
  structC,
  u64C,
  version,
  type Codec,
  type FieldDef,
} from './_internals/codec.js';
import { decodeWith, type Reader } from './_internals/decoder.js';
import { fixedQ32 } from './_internals/fixedQ32.js';

/** The `protocol_bundle.v1` constant (bridge.md §6). @example `bundle.schema_version === PROTOCOL_BUNDLE_VERSION` @public */
export const PROTOCOL_BUNDLE_VERSION = 'protocol_bundle.v1';

const fixedQ32C: Codec<I64> = { read: fixedQ32, write: (v) => v };
const enabled: Codec<EnabledConfig> = structC('EnabledConfig', { enabled: req(boolC) });

function optional<T>(c: Codec<T>): FieldDef<T | null> {
  // Rust `Option<Config>` without a serde default: serde still reads an absent key as None.
  return def(nullableC(c), null);
}

const distributed: Codec<DistributedClaims> = structC('DistributedClaims', {
  fault_model: def(enumC('FaultModel', ['Crash', 'Byzantine', 'Hybrid']), 'Crash'),
  flp: optional(structC('FLPConfig', { crash_bound: req(u64C), requires_determinism: req(boolC) })),
  cap: optional(
    structC('CAPConfig', {
      consistency: req(enumC('ConsistencyLevel', ['Linearizable', 'Sequential', 'Eventual'])),
      availability: req(enumC('AvailabilityLevel', ['Total', 'BoundedDegradation', 'BestEffort'])),
      partition_model: req(enumC('PartitionModel', ['None', 'CrashOnly', 'NetworkSplit'])),
    }),
  ),
  quorum_geometry: optional(
    structC('QuorumGeometryConfig', {
      quorum_system: req(enumC('QuorumSystemKind', ['Majority', 'Weighted', 'Flexible'])),
      n: req(u64C),
      quorum_size: req(u64C),
      intersection_size: req(u64C),
    }),
  ),
  partial_synchrony: optional(
    structC('PartialSynchronyConfig', {
      timing: req(enumC('TimingModel', ['Asynchronous', 'PartialSynchrony', 'Synchronous'])),
      delta_bound: optional(u64C),
    }),
  ),
  responsiveness: optional(
    structC('ResponsivenessConfig', { leader_based: req(boolC), requires_stable_period: req(boolC) }),
  ),
  nakamoto: optional(structC('NakamotoConfig', { honest_fraction: req(fixedQ32C), finality_depth: req(u64C) })),
  reconfiguration: optional(
    structC('ReconfigurationConfig', { dynamic_membership: req(boolC), overlap_required: req(boolC) }),
  ),
  atomic_broadcast: optional(structC('AtomicBroadcastConfig', { total_order: req(boolC), valid_delivery: req(boolC) })),
  accountable_safety: optional(enabled),
  failure_detectors: optional(enabled),
  data_availability: optional(enabled),
  coordination: optional(enabled),
  crdt: optional(enabled),
  byzantine_safety: optional(enabled),
  consensus_envelope: optional(enabled),
  failure_envelope: optional(enabled),
  protocol_machine_envelope_adherence: optional(enabled),
  protocol_machine_envelope_admission: optional(enabled),
  protocol_envelope_bridge: optional(enabled),
});

const classical: Codec<ClassicalClaims> = structC('ClassicalClaims', {
  foster: optional(enabled),
  max_weight: optional(structC('MaxWeightConfig', { enabled: req(boolC), slack: optional(fixedQ32C) })),
  ldp: optional(enabled),
  mean_field: optional(structC('MeanFieldConfig', { enabled: req(boolC), population_size: optional(u64C) })),
  heavy_traffic: optional(enabled),
  mixing: optional(structC('MixingConfig', { enabled: req(boolC), mixing_time_bound: optional(u64C) })),
  fluid: optional(enabled),
  concentration: optional(enabled),
  littles_law: optional(enabled),
  functional_clt: optional(enabled),
  spectral_gap_termination: optional(enabled),
});

/** @internal */
export const invariantClaimsCodec: Codec<InvariantClaims> = structC('InvariantClaims', {
  schema_version: version(SCHEMA_VERSION, 'Lean bridge payload'),
  liveness: optional(
    structC('LivenessConfig', {
      scheduler: req(enumC('SchedulerKind', ['Cooperative', 'RoundRobin', 'Priority', 'ProgressAware'])),
      fairness_k: optional(u64C),
      progress_required: req(boolC),
    }),
  ),
  distributed: def(distributed, DISTRIBUTED_CLAIMS_DEFAULT),
  classical: def(classical, CLASSICAL_CLAIMS_DEFAULT),
});

/** JSON checked by another strict decoder, then kept as given. */
function checkedJson(check: (json: unknown) => Result<unknown, BridgeError>): Codec<JsonValue> {
  const read: Reader<JsonValue> = (d, raw, path) => {
    const r = check(raw);
    return r.ok ? (raw as JsonValue) : d.adopt(r.error, path);
  };
  return { read, write: (v) => v };
}

/** @internal Global type JSON (the Rust bridge's import: no Lean-only kinds). */
export const globalTypeJsonC = checkedJson((json) => decodeGlobalValue(json));
/** @internal Role → local type JSON, written with roles in ascending order (a Rust `BTreeMap`). */
export const localTypesJsonC = sortedMapC(checkedJson((json) => decodeLocalValue(json)));

/** @internal */
export const protocolBundleCodec: Codec<ProtocolBundle> = structC('ProtocolBundle', {
  schema_version: version(PROTOCOL_BUNDLE_VERSION, null),
  global_type: req(globalTypeJsonC),
  local_types: req(localTypesJsonC),
  claims: req(invariantClaimsCodec),
});

/**
 * Strictly decodes a `protocol_bundle.v1`: the root version (`unsupported schema_version '<v>';
 * expected 'protocol_bundle.v1'`), the global type and every local type (strict projection decoders;
 * their codes, paths under `$.global_type` / `$.local_types.<role>`), and the claims: version
 * `lean_bridge.v1`, `liveness` optional, `distributed` / `classical` defaulting to all-null claim
 * sets with `fault_model` `Crash`, every claim key of `invariants.rs` with its enums; `FixedQ32`
 * values as raw bits or decimal strings.
 * @example
 * ```ts
 * const r = decodeProtocolBundle(JSON.parse(text));
 * if (r.ok) console.log(r.value.claims.distributed.fault_model); // 'Crash' when absent
 * ```
 * @public
 */
export function decodeProtocolBundle(json: unknown): Result<ProtocolBundle, BridgeError> {
  return decodeWith(protocolBundleCodec.read, json);
}

/**
 * Strictly decodes a standalone `InvariantClaims` object (version `lean_bridge.v1`).
 * @example `decodeInvariantClaims({ schema_version: 'lean_bridge.v1' })` // ok: all defaults
 * @public
 */
export function decodeInvariantClaims(json: unknown): Result<InvariantClaims, BridgeError> {
  return decodeWith(invariantClaimsCodec.read, json);
}

/**
 * Canonical JSON of a protocol bundle: every claim key written (`null` when unset), `FixedQ32` as
 * bits, local types by ascending role, types as given.
 * @example `stringifyArtifact(encodeProtocolBundle(bundle))`
 * @public
 */
export function encodeProtocolBundle(value: ProtocolBundle): JsonValue {
  return protocolBundleCodec.write(value) as JsonValue;
}

/**
 * Canonical JSON of `InvariantClaims`.
 * @example `encodeInvariantClaims(bundle.claims)`
 * @public
 */
export function encodeInvariantClaims(value: InvariantClaims): JsonValue {
  return invariantClaimsCodec.write(value) as JsonValue;
}

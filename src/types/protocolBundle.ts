/**
 * `protocol_bundle.v1` with its `InvariantClaims` (bridge.md §13; telltale
 * `rust/bridge/src/invariants.rs`). Enum values are serde's PascalCase strings; `FixedQ32` values are
 * their raw Q32.32 bits ({@link I64}).
 */
import type { I64, JsonValue, U64 } from './artifact.js';

/** SchedulerKind. @example `'RoundRobin'` @public */
export type SchedulerKind = 'Cooperative' | 'RoundRobin' | 'Priority' | 'ProgressAware';
/** FaultModel (default `Crash`). @example `'Byzantine'` @public */
export type FaultModel = 'Crash' | 'Byzantine' | 'Hybrid';
/** TimingModel. @example `'PartialSynchrony'` @public */
export type TimingModel = 'Asynchronous' | 'PartialSynchrony' | 'Synchronous';
/** ConsistencyLevel. @example `'Eventual'` @public */
export type ConsistencyLevel = 'Linearizable' | 'Sequential' | 'Eventual';
/** AvailabilityLevel. @example `'BestEffort'` @public */
export type AvailabilityLevel = 'Total' | 'BoundedDegradation' | 'BestEffort';
/** PartitionModel. @example `'NetworkSplit'` @public */
export type PartitionModel = 'None' | 'CrashOnly' | 'NetworkSplit';
/** QuorumSystemKind. @example `'Weighted'` @public */
export type QuorumSystemKind = 'Majority' | 'Weighted' | 'Flexible';

/** Liveness claim; `fairness_k` defaults to `null`. @example `{ scheduler: 'RoundRobin', fairness_k: 2, progress_required: true }` @public */
export interface LivenessConfig {
  readonly scheduler: SchedulerKind;
  readonly fairness_k: U64 | null;
  readonly progress_required: boolean;
}

/** A claim that is only switched on or off. @example `{ enabled: true }` @public */
export interface EnabledConfig {
  readonly enabled: boolean;
}

/** FLP claim. @example `{ crash_bound: 1, requires_determinism: true }` @public */
export interface FLPConfig {
  readonly crash_bound: U64;
  readonly requires_determinism: boolean;
}
/** CAP claim. @example `{ consistency: 'Linearizable', availability: 'Total', partition_model: 'None' }` @public */
export interface CAPConfig {
  readonly consistency: ConsistencyLevel;
  readonly availability: AvailabilityLevel;
  readonly partition_model: PartitionModel;
}
/** Quorum-geometry claim. @example `{ quorum_system: 'Majority', n: 3, quorum_size: 2, intersection_size: 1 }` @public */
export interface QuorumGeometryConfig {
  readonly quorum_system: QuorumSystemKind;
  readonly n: U64;
  readonly quorum_size: U64;
  readonly intersection_size: U64;
}
/** Partial-synchrony claim; `delta_bound` defaults to `null`. @example `{ timing: 'Synchronous', delta_bound: 5 }` @public */
export interface PartialSynchronyConfig {
  readonly timing: TimingModel;
  readonly delta_bound: U64 | null;
}
/** Responsiveness claim. @example `{ leader_based: true, requires_stable_period: false }` @public */
export interface ResponsivenessConfig {
  readonly leader_based: boolean;
  readonly requires_stable_period: boolean;
}
/** Nakamoto claim (`honest_fraction` as FixedQ32 bits). @example `{ honest_fraction: 2147483648, finality_depth: 6 }` @public */
export interface NakamotoConfig {
  readonly honest_fraction: I64;
  readonly finality_depth: U64;
}
/** Reconfiguration claim. @example `{ dynamic_membership: true, overlap_required: true }` @public */
export interface ReconfigurationConfig {
  readonly dynamic_membership: boolean;
  readonly overlap_required: boolean;
}
/** Atomic-broadcast claim. @example `{ total_order: true, valid_delivery: true }` @public */
export interface AtomicBroadcastConfig {
  readonly total_order: boolean;
  readonly valid_delivery: boolean;
}
/** Max-weight claim; `slack` (FixedQ32 bits) defaults to `null`. @example `{ enabled: true, slack: null }` @public */
export interface MaxWeightConfig {
  readonly enabled: boolean;
  readonly slack: I64 | null;
}
/** Mean-field claim; `population_size` defaults to `null`. @example `{ enabled: true, population_size: 100 }` @public */
export interface MeanFieldConfig {
  readonly enabled: boolean;
  readonly population_size: U64 | null;
}
/** Mixing claim; `mixing_time_bound` defaults to `null`. @example `{ enabled: false, mixing_time_bound: null }` @public */
export interface MixingConfig {
  readonly enabled: boolean;
  readonly mixing_time_bound: U64 | null;
}

/**
 * Distributed claims: `fault_model` (default `Crash`) and one optional slot per claim, each `null`
 * (the default) or its config.
 * @example `{ ...DISTRIBUTED_CLAIMS_DEFAULT, flp: { crash_bound: 1, requires_determinism: true } }`
 * @public
 */
export interface DistributedClaims {
  readonly fault_model: FaultModel;
  readonly flp: FLPConfig | null;
  readonly cap: CAPConfig | null;
  readonly quorum_geometry: QuorumGeometryConfig | null;
  readonly partial_synchrony: PartialSynchronyConfig | null;
  readonly responsiveness: ResponsivenessConfig | null;
  readonly nakamoto: NakamotoConfig | null;
  readonly reconfiguration: ReconfigurationConfig | null;
  readonly atomic_broadcast: AtomicBroadcastConfig | null;
  readonly accountable_safety: EnabledConfig | null;
  readonly failure_detectors: EnabledConfig | null;
  readonly data_availability: EnabledConfig | null;
  readonly coordination: EnabledConfig | null;
  readonly crdt: EnabledConfig | null;
  readonly byzantine_safety: EnabledConfig | null;
  readonly consensus_envelope: EnabledConfig | null;
  readonly failure_envelope: EnabledConfig | null;
  readonly protocol_machine_envelope_adherence: EnabledConfig | null;
  readonly protocol_machine_envelope_admission: EnabledConfig | null;
  readonly protocol_envelope_bridge: EnabledConfig | null;
}

/** Classical claims: one optional slot per claim. @example `{ ...CLASSICAL_CLAIMS_DEFAULT, foster: { enabled: true } }` @public */
export interface ClassicalClaims {
  readonly foster: EnabledConfig | null;
  readonly max_weight: MaxWeightConfig | null;
  readonly ldp: EnabledConfig | null;
  readonly mean_field: MeanFieldConfig | null;
  readonly heavy_traffic: EnabledConfig | null;
  readonly mixing: MixingConfig | null;
  readonly fluid: EnabledConfig | null;
  readonly concentration: EnabledConfig | null;
  readonly littles_law: EnabledConfig | null;
  readonly functional_clt: EnabledConfig | null;
  readonly spectral_gap_termination: EnabledConfig | null;
}

/**
 * `InvariantClaims`: versioned `lean_bridge.v1` (not the bundle's version); `liveness` defaults to
 * `null`, `distributed`/`classical` to their all-null defaults.
 * @example `{ schema_version: 'lean_bridge.v1', liveness: null, distributed: DISTRIBUTED_CLAIMS_DEFAULT, classical: CLASSICAL_CLAIMS_DEFAULT }`
 * @public
 */
export interface InvariantClaims {
  readonly schema_version: 'lean_bridge.v1';
  readonly liveness: LivenessConfig | null;
  readonly distributed: DistributedClaims;
  readonly classical: ClassicalClaims;
}

/**
 * `ProtocolBundle` (`protocol_bundle.v1`): the global type and each role's local type as their
 * bridge JSON (checked with the strict projection decoders, kept byte for byte), and the claims.
 * @example
 * ```ts
 * const r = decodeProtocolBundle(JSON.parse(text));
 * if (r.ok) r.value.claims.distributed.fault_model; // 'Crash' unless set
 * ```
 * @public
 */
export interface ProtocolBundle {
  readonly schema_version: 'protocol_bundle.v1';
  readonly global_type: JsonValue;
  readonly local_types: { readonly [role: string]: JsonValue };
  readonly claims: InvariantClaims;
}

/** The distributed claims default: fault model `Crash`, every slot `null`. @example `DISTRIBUTED_CLAIMS_DEFAULT.fault_model // 'Crash'` @public */
export const DISTRIBUTED_CLAIMS_DEFAULT: DistributedClaims = Object.freeze({
  fault_model: 'Crash',
  flp: null,
  cap: null,
  quorum_geometry: null,
  partial_synchrony: null,
  responsiveness: null,
  nakamoto: null,
  reconfiguration: null,
  atomic_broadcast: null,
  accountable_safety: null,
  failure_detectors: null,
  data_availability: null,
  coordination: null,
  crdt: null,
  byzantine_safety: null,
  consensus_envelope: null,
  failure_envelope: null,
  protocol_machine_envelope_adherence: null,
  protocol_machine_envelope_admission: null,
  protocol_envelope_bridge: null,
});

/** The classical claims default: every slot `null`. @example `CLASSICAL_CLAIMS_DEFAULT.foster // null` @public */
export const CLASSICAL_CLAIMS_DEFAULT: ClassicalClaims = Object.freeze({
  foster: null,
  max_weight: null,
  ldp: null,
  mean_field: null,
  heavy_traffic: null,
  mixing: null,
  fluid: null,
  concentration: null,
  littles_law: null,
  functional_clt: null,
  spectral_gap_termination: null,
});

/**
 * The `protocol_machine.semantic_objects.v1` family (bridge.md §12; telltale
 * `rust/machine/src/semantic_objects.rs`): 17 object kinds in one bundle. Shapes are the JSON
 * shapes (snake_case, enums as their serde strings); `T | null` fields are Rust `Option`s, which the
 * spec requires to be present (as `null` when empty) unless marked "default".
 */
import type { JsonValue, U64 } from './artifact.js';

/** OperationPhase variants (serde strings, declaration order). @example `OPERATION_PHASES.includes('handed_off') // true` @public */
export const OPERATION_PHASES = Object.freeze([
  'pending',
  'blocked',
  'succeeded',
  'failed',
  'cancelled',
  'timed_out',
  'handed_off',
] as const);
/** OperationPhase. @example `'handed_off'` @public */
export type OperationPhase = (typeof OPERATION_PHASES)[number];
/** OutstandingEffectStatus variants (serde strings, declaration order). @example `OUTSTANDING_EFFECT_STATUSES.includes('invalidated') // true` @public */
export const OUTSTANDING_EFFECT_STATUSES = Object.freeze([
  'pending',
  'blocked',
  'succeeded',
  'failed',
  'cancelled',
  'invalidated',
] as const);
/** OutstandingEffectStatus. @example `'invalidated'` @public */
export type OutstandingEffectStatus = (typeof OUTSTANDING_EFFECT_STATUSES)[number];
/** AuthoritativeReadKind variants (serde strings, declaration order). @example `AUTHORITATIVE_READ_KINDS.includes('output_condition') // true` @public */
export const AUTHORITATIVE_READ_KINDS = Object.freeze([
  'readiness',
  'cancellation',
  'timeout',
  'output_condition',
] as const);
/** AuthoritativeReadKind. @example `'output_condition'` @public */
export type AuthoritativeReadKind = (typeof AUTHORITATIVE_READ_KINDS)[number];
/** AuthoritativeReadLifecycle variants (serde strings, declaration order). @example `AUTHORITATIVE_READ_LIFECYCLES.includes('verified') // true` @public */
export const AUTHORITATIVE_READ_LIFECYCLES = Object.freeze(['issued', 'consumed', 'rejected', 'verified'] as const);
/** AuthoritativeReadLifecycle. @example `'verified'` @public */
export type AuthoritativeReadLifecycle = (typeof AUTHORITATIVE_READ_LIFECYCLES)[number];
/** CanonicalHandleKind variants (serde strings, declaration order). @example `CANONICAL_HANDLE_KINDS.includes('handoff') // true` @public */
export const CANONICAL_HANDLE_KINDS = Object.freeze(['materialization', 'handoff'] as const);
/** CanonicalHandleKind. @example `'handoff'` @public */
export type CanonicalHandleKind = (typeof CANONICAL_HANDLE_KINDS)[number];
/** PublicationObserverClass variants (serde strings, declaration order). @example `PUBLICATION_OBSERVER_CLASSES.includes('audit') // true` @public */
export const PUBLICATION_OBSERVER_CLASSES = Object.freeze(['canonical', 'audit'] as const);
/** PublicationObserverClass. @example `'audit'` @public */
export type PublicationObserverClass = (typeof PUBLICATION_OBSERVER_CLASSES)[number];
/** PublicationStatus variants (serde strings, declaration order). @example `PUBLICATION_STATUSES.includes('rejected') // true` @public */
export const PUBLICATION_STATUSES = Object.freeze(['published', 'rejected'] as const);
/** PublicationStatus. @example `'rejected'` @public */
export type PublicationStatus = (typeof PUBLICATION_STATUSES)[number];
/** ProgressState variants (serde strings, declaration order). @example `PROGRESS_STATES.includes('no_progress') // true` @public */
export const PROGRESS_STATES = Object.freeze([
  'pending',
  'blocked',
  'no_progress',
  'degraded',
  'succeeded',
  'failed',
  'cancelled',
  'timed_out',
  'handed_off',
] as const);
/** ProgressState. @example `'no_progress'` @public */
export type ProgressState = (typeof PROGRESS_STATES)[number];
/** OperationVisibility variants (serde strings, declaration order). @example `OPERATION_VISIBILITIES.includes('blocked_until_finalized') // true` @public */
export const OPERATION_VISIBILITIES = Object.freeze(['immediate', 'pending', 'blocked_until_finalized'] as const);
/** OperationVisibility. @example `'blocked_until_finalized'` @public */
export type OperationVisibility = (typeof OPERATION_VISIBILITIES)[number];
/** AgreementLevel variants (serde strings, declaration order). @example `AGREEMENT_LEVELS.includes('soft_safe') // true` @public */
export const AGREEMENT_LEVELS = Object.freeze(['none', 'provisional', 'soft_safe', 'finalized'] as const);
/** AgreementLevel. @example `'soft_safe'` @public */
export type AgreementLevel = (typeof AGREEMENT_LEVELS)[number];
/**
 * AgreementRule: three unit variants and two struct variants, externally tagged (serde snake_case).
 * @example `{ threshold: { required_participants: 2 } }`
 * @public
 */
export type AgreementRule =
  | 'no_agreement'
  | 'any_participant'
  | 'unanimous'
  | { readonly threshold: { readonly required_participants: U64 } }
  | { readonly named: { readonly rule_name: string } };
/** AgreementEvidenceKind variants (serde strings, declaration order). @example `AGREEMENT_EVIDENCE_KINDS.includes('commit_fact') // true` @public */
export const AGREEMENT_EVIDENCE_KINDS = Object.freeze([
  'witness',
  'certificate',
  'commit_fact',
  'publication',
  'materialization',
] as const);
/** AgreementEvidenceKind. @example `'commit_fact'` @public */
export type AgreementEvidenceKind = (typeof AGREEMENT_EVIDENCE_KINDS)[number];
/** FinalizationOutcome variants (serde strings, declaration order). @example `FINALIZATION_OUTCOMES.includes('aborted') // true` @public */
export const FINALIZATION_OUTCOMES = Object.freeze(['finalized', 'aborted', 'rejected', 'timed_out'] as const);
/** FinalizationOutcome. @example `'aborted'` @public */
export type FinalizationOutcome = (typeof FINALIZATION_OUTCOMES)[number];
/** OwnershipScope: PascalCase, externally tagged. @example `{ Fragments: ['A'] }` @public */
export type OwnershipScope = 'Session' | { readonly Fragments: readonly string[] };
/** DelegationStatus variants (serde strings, declaration order). @example `DELEGATION_STATUSES.includes('RolledBack') // true` @public */
export const DELEGATION_STATUSES = Object.freeze(['Committed', 'RolledBack'] as const);
/** DelegationStatus. @example `'RolledBack'` @public */
export type DelegationStatus = (typeof DELEGATION_STATUSES)[number];

/** One operation instance. @example `{ operation_id: 'effect:4', session: 0, owner_id: null, kind: 'sendDecision', phase: 'succeeded', handler_identity: 'host/ref', effect_ids: [4], dependent_operation_ids: [], terminal_publication: 'effect.succeeded', budget_ticks: 1, requires_proof: false }` @public */
export interface OperationInstance {
  readonly operation_id: string;
  readonly session: U64 | null;
  readonly owner_id: string | null;
  readonly kind: string;
  readonly phase: OperationPhase;
  readonly handler_identity: string | null;
  readonly effect_ids: readonly U64[];
  readonly dependent_operation_ids: readonly string[];
  readonly terminal_publication: string | null;
  readonly budget_ticks: U64 | null;
  readonly requires_proof: boolean;
}

/** One deferred or completed effect; `inputs`/`outputs` are opaque JSON. @example see docs/bridge.md @public */
export interface OutstandingEffect {
  readonly effect_id: U64;
  readonly operation_id: string;
  readonly session: U64 | null;
  readonly owner_id: string | null;
  readonly effect_interface: string | null;
  readonly effect_operation: string | null;
  readonly effect_kind: string;
  readonly handler_identity: string;
  readonly status: OutstandingEffectStatus;
  readonly ordering_key: U64;
  readonly budget_ticks: U64 | null;
  readonly retry_policy: string;
  readonly invalidation_token: string;
  readonly completed_at_tick: U64 | null;
  readonly inputs: JsonValue;
  readonly outputs: JsonValue;
}

/** One semantic handoff; the two owner ids default to `""` when absent. @example `{ handoff_id: 7, session: 1, from_coro: 0, to_coro: 1, revoked_owner_id: 'coro:0', activated_owner_id: 'coro:1', scope: 'Session', status: 'Committed', tick: 9, reason: null }` @public */
export interface SemanticHandoff {
  readonly handoff_id: U64;
  readonly session: U64;
  readonly from_coro: U64;
  readonly to_coro: U64;
  readonly revoked_owner_id: string;
  readonly activated_owner_id: string;
  readonly scope: OwnershipScope;
  readonly status: DelegationStatus;
  readonly tick: U64;
  readonly reason: string | null;
}

/** The obligation bundle one handoff carries. @example see docs/bridge.md @public */
export interface TransformationObligation {
  readonly obligation_id: string;
  readonly handoff_id: U64;
  readonly session: U64;
  readonly transformed_fragments: readonly string[];
  readonly affected_operation_ids: readonly string[];
  readonly affected_effect_ids: readonly U64[];
  readonly transported_effect_ids: readonly U64[];
  readonly invalidated_effect_ids: readonly U64[];
  readonly witness_policy: string;
  readonly publication_revoked_from: string;
  readonly publication_activated_to: string;
  readonly scope: OwnershipScope;
  readonly status: DelegationStatus;
  readonly tick: U64;
  readonly reason: string | null;
}

/** One authoritative read. @example `{ read_id: 'readiness:1:Issued', session: 1, owner_id: null, kind: 'readiness', lifecycle: 'issued', predicate_ref: null, witness_id: 1, generation: 0, reason: null }` @public */
export interface AuthoritativeRead {
  readonly read_id: string;
  readonly session: U64 | null;
  readonly owner_id: string | null;
  readonly kind: AuthoritativeReadKind;
  readonly lifecycle: AuthoritativeReadLifecycle;
  readonly predicate_ref: string | null;
  readonly witness_id: U64 | null;
  readonly generation: U64 | null;
  readonly reason: string | null;
}

/** One observational read. @example `{ read_id: 'effect:1', session: 1, effect_id: 1, effect_interface: null, effect_operation: null, handler_identity: 'host', status: 'succeeded' }` @public */
export interface ObservedRead {
  readonly read_id: string;
  readonly session: U64 | null;
  readonly effect_id: U64;
  readonly effect_interface: string | null;
  readonly effect_operation: string | null;
  readonly handler_identity: string;
  readonly status: OutstandingEffectStatus;
}

/** One materialization proof. @example `{ proof_id: 'p', session: null, predicate_ref: 'session.ready', witness_ref: null, output_digest: 'd', passed: true }` @public */
export interface MaterializationProof {
  readonly proof_id: string;
  readonly session: U64 | null;
  readonly predicate_ref: string;
  readonly witness_ref: string | null;
  readonly output_digest: string;
  readonly passed: boolean;
}

/** One canonical handle. @example `{ handle_id: 'h', session: null, owner_id: null, kind: 'materialization', proof_ref: 'p' }` @public */
export interface CanonicalHandle {
  readonly handle_id: string;
  readonly session: U64 | null;
  readonly owner_id: string | null;
  readonly kind: CanonicalHandleKind;
  readonly proof_ref: string | null;
}

/** One publication event. @example see docs/bridge.md @public */
export interface PublicationEvent {
  readonly publication_id: string;
  readonly session: U64 | null;
  readonly operation_id: string;
  readonly owner_id: string | null;
  readonly publication: string;
  readonly observer_class: PublicationObserverClass;
  readonly status: PublicationStatus;
  readonly proof_ref: string | null;
  readonly handle_ref: string | null;
  readonly reason: string | null;
}

/** One prestate binding. @example `{ binding_id: 'prestate:op', operation_id: 'op', session: 1, state_digest: 'd', epoch_ref: null, participant_digest: null }` @public */
export interface PrestateBinding {
  readonly binding_id: string;
  readonly operation_id: string;
  readonly session: U64 | null;
  readonly state_digest: string;
  readonly epoch_ref: string | null;
  readonly participant_digest: string | null;
}

/** One named agreement profile. @example `{ profile_name: 'P', visibility: 'pending', rule: 'no_agreement', usable_at: 'provisional', finalized_at: 'finalized', required_evidence_kind: 'publication' }` @public */
export interface AgreementProfile {
  readonly profile_name: string;
  readonly visibility: OperationVisibility;
  readonly rule: AgreementRule;
  readonly usable_at: AgreementLevel;
  readonly finalized_at: AgreementLevel;
  readonly required_evidence_kind: AgreementEvidenceKind;
}

/** One agreement contract. @example see docs/bridge.md @public */
export interface AgreementContract {
  readonly contract_name: string;
  readonly operation_id: string;
  readonly session: U64 | null;
  readonly owner_id: string | null;
  readonly profile_name: string | null;
  readonly visibility: OperationVisibility;
  readonly rule: AgreementRule;
  readonly usable_at: AgreementLevel;
  readonly finalized_at: AgreementLevel;
  readonly required_evidence_kind: AgreementEvidenceKind;
}

/** One piece of agreement evidence. @example see docs/bridge.md @public */
export interface AgreementEvidence {
  readonly evidence_id: string;
  readonly operation_id: string;
  readonly session: U64 | null;
  readonly owner_id: string | null;
  readonly level: AgreementLevel;
  readonly kind: AgreementEvidenceKind;
  readonly reference: string;
  readonly authoritative: boolean;
}

/** One agreement state. @example see docs/bridge.md @public */
export interface AgreementState {
  readonly operation_id: string;
  readonly session: U64 | null;
  readonly owner_id: string | null;
  readonly contract_name: string;
  readonly level: AgreementLevel;
  readonly finalization: FinalizationOutcome | null;
  readonly evidence_ids: readonly string[];
  readonly last_updated_tick: U64 | null;
  readonly reason: string | null;
}

/** One region. @example `{ region_id: 'session:1', session: 1, owner_id: null, scope: 'Session', operation_ids: [], effect_ids: [], authoritative_read_ids: [], handle_ids: [], publication_ids: [] }` @public */
export interface Region {
  readonly region_id: string;
  readonly session: U64 | null;
  readonly owner_id: string | null;
  readonly scope: OwnershipScope;
  readonly operation_ids: readonly string[];
  readonly effect_ids: readonly U64[];
  readonly authoritative_read_ids: readonly string[];
  readonly handle_ids: readonly string[];
  readonly publication_ids: readonly string[];
}

/** One progress contract; the last four fields default to `null` when absent. @example `{ operation_id: 'effect:4', session: 0, state: 'succeeded', last_ordering_key: 4, bounded: true, budget_ticks: null, last_progress_tick: null, escalated_at_tick: null, reason: null }` @public */
export interface ProgressContract {
  readonly operation_id: string;
  readonly session: U64 | null;
  readonly state: ProgressState;
  readonly last_ordering_key: U64 | null;
  readonly bounded: boolean;
  readonly budget_ticks: U64 | null;
  readonly last_progress_tick: U64 | null;
  readonly escalated_at_tick: U64 | null;
  readonly reason: string | null;
}

/** One progress transition. @example `{ operation_id: 'op', session: 1, from_state: 'blocked', to_state: 'degraded', tick: 8, reason: null }` @public */
export interface ProgressTransition {
  readonly operation_id: string;
  readonly session: U64 | null;
  readonly from_state: ProgressState;
  readonly to_state: ProgressState;
  readonly tick: U64;
  readonly reason: string | null;
}

/**
 * The `semantic_objects` bundle (`ProtocolMachineSemanticObjects`). Decoded values always carry all
 * 18 lists (the eight optional ones default to `[]`), in Rust declaration order.
 * @example
 * ```ts
 * const r = decodeSemanticObjects(JSON.parse(text));
 * if (r.ok) r.value.semantic_handoffs.map((h) => h.activated_owner_id);
 * ```
 * @public
 */
export interface SemanticObjects {
  readonly schema_version: 'protocol_machine.semantic_objects.v1';
  readonly operation_instances: readonly OperationInstance[];
  readonly outstanding_effects: readonly OutstandingEffect[];
  readonly semantic_handoffs: readonly SemanticHandoff[];
  readonly transformation_obligations: readonly TransformationObligation[];
  readonly authoritative_reads: readonly AuthoritativeRead[];
  readonly observed_reads: readonly ObservedRead[];
  readonly materialization_proofs: readonly MaterializationProof[];
  readonly canonical_handles: readonly CanonicalHandle[];
  readonly publication_events: readonly PublicationEvent[];
  readonly prestate_bindings: readonly PrestateBinding[];
  readonly agreement_profiles: readonly AgreementProfile[];
  readonly agreement_contracts: readonly AgreementContract[];
  readonly agreement_evidence: readonly AgreementEvidence[];
  readonly agreement_states: readonly AgreementState[];
  readonly regions: readonly Region[];
  readonly progress_contracts: readonly ProgressContract[];
  readonly progress_transitions: readonly ProgressTransition[];
}

/**
 * Strict codec of `protocol_machine.semantic_objects.v1` (bridge.md §12; telltale
 * `rust/machine/src/semantic_objects.rs`). Field order is Rust's declaration order; unknown keys are
 * ignored (no struct denies them); `Option` fields must be present unless the spec marks a default.
 */
import { SEMANTIC_OBJECTS_VERSION } from '../../types/bridge.js';
import type { JsonValue } from '../../types/artifact.js';
import type { BridgeError } from '../../types/errors.js';
import type { Result } from '../../types/result.js';
import {
  AGREEMENT_EVIDENCE_KINDS,
  AGREEMENT_LEVELS,
  AUTHORITATIVE_READ_KINDS,
  AUTHORITATIVE_READ_LIFECYCLES,
  CANONICAL_HANDLE_KINDS,
  DELEGATION_STATUSES,
  FINALIZATION_OUTCOMES,
  OPERATION_PHASES,
  OPERATION_VISIBILITIES,
  OUTSTANDING_EFFECT_STATUSES,
  PROGRESS_STATES,
  PUBLICATION_OBSERVER_CLASSES,
  PUBLICATION_STATUSES,
  type AgreementContract,
  type AgreementEvidence,
  type AgreementProfile,
  type AgreementRule,
  type AgreementState,
  type AuthoritativeRead,
  type CanonicalHandle,
  type DelegationStatus,
  type MaterializationProof,
  type ObservedRead,
  type OperationInstance,
  type OutstandingEffect,
  type OwnershipScope,
  type PrestateBinding,
  type ProgressContract,
  type ProgressTransition,
  type PublicationEvent,
  type Region,
  type SemanticHandoff,
  type SemanticObjects,
  type TransformationObligation,
} from '../../types/semanticObjects.js';
import {
  boolC,
  def,
  enumC,
  jsonC,
  listC,
  nullableC,
  req,
  stringC,
  structC,
  taggedC,
  u64C,
  version,
  type Codec,
} from './_internals/codec.js';
import { decodeWith } from './_internals/decoder.js';

const optU64 = nullableC(u64C);
const optString = nullableC(stringC);
const u64s = listC(u64C);
const strings = listC(stringC);

const operationPhase = enumC('OperationPhase', OPERATION_PHASES);
const effectStatus = enumC('OutstandingEffectStatus', OUTSTANDING_EFFECT_STATUSES);
const readKind = enumC('AuthoritativeReadKind', AUTHORITATIVE_READ_KINDS);
const readLifecycle = enumC('AuthoritativeReadLifecycle', AUTHORITATIVE_READ_LIFECYCLES);
const handleKind = enumC('CanonicalHandleKind', CANONICAL_HANDLE_KINDS);
const observerClass = enumC('PublicationObserverClass', PUBLICATION_OBSERVER_CLASSES);
const publicationStatus = enumC('PublicationStatus', PUBLICATION_STATUSES);
const progressState = enumC('ProgressState', PROGRESS_STATES);
const visibility = enumC('OperationVisibility', OPERATION_VISIBILITIES);
const level = enumC('AgreementLevel', AGREEMENT_LEVELS);
const evidenceKind = enumC('AgreementEvidenceKind', AGREEMENT_EVIDENCE_KINDS);
const finalization = enumC('FinalizationOutcome', FINALIZATION_OUTCOMES);
const delegationStatus: Codec<DelegationStatus> = enumC('DelegationStatus', DELEGATION_STATUSES);
const scope: Codec<OwnershipScope> = taggedC('OwnershipScope', ['Session'], { Fragments: strings });
const rule: Codec<AgreementRule> = taggedC('AgreementRule', ['no_agreement', 'any_participant', 'unanimous'], {
  threshold: structC('AgreementRule::Threshold', { required_participants: req(u64C) }),
  named: structC('AgreementRule::Named', { rule_name: req(stringC) }),
});

const operationInstance: Codec<OperationInstance> = structC('OperationInstance', {
  operation_id: req(stringC),
  session: req(optU64),
  owner_id: req(optString),
  kind: req(stringC),
  phase: req(operationPhase),
  handler_identity: req(optString),
  effect_ids: req(u64s),
  dependent_operation_ids: req(strings),
  terminal_publication: req(optString),
  budget_ticks: req(optU64),
  requires_proof: req(boolC),
});

const outstandingEffect: Codec<OutstandingEffect> = structC('OutstandingEffect', {
  effect_id: req(u64C),
  operation_id: req(stringC),
  session: req(optU64),
  owner_id: req(optString),
  effect_interface: req(optString),
  effect_operation: req(optString),
  effect_kind: req(stringC),
  handler_identity: req(stringC),
  status: req(effectStatus),
  ordering_key: req(u64C),
  budget_ticks: req(optU64),
  retry_policy: req(stringC),
  invalidation_token: req(stringC),
  completed_at_tick: req(optU64),
  inputs: req(jsonC),
  outputs: req(jsonC),
});

const semanticHandoff: Codec<SemanticHandoff> = structC('SemanticHandoff', {
  handoff_id: req(u64C),
  session: req(u64C),
  from_coro: req(u64C),
  to_coro: req(u64C),
  revoked_owner_id: def(stringC, ''),
  activated_owner_id: def(stringC, ''),
  scope: req(scope),
  status: req(delegationStatus),
  tick: req(u64C),
  reason: req(optString),
});

const transformationObligation: Codec<TransformationObligation> = structC('TransformationObligation', {
  obligation_id: req(stringC),
  handoff_id: req(u64C),
  session: req(u64C),
  transformed_fragments: req(strings),
  affected_operation_ids: req(strings),
  affected_effect_ids: req(u64s),
  transported_effect_ids: req(u64s),
  invalidated_effect_ids: req(u64s),
  witness_policy: req(stringC),
  publication_revoked_from: req(stringC),
  publication_activated_to: req(stringC),
  scope: req(scope),
  status: req(delegationStatus),
  tick: req(u64C),
  reason: req(optString),
});

const authoritativeRead: Codec<AuthoritativeRead> = structC('AuthoritativeRead', {
  read_id: req(stringC),
  session: req(optU64),
  owner_id: req(optString),
  kind: req(readKind),
  lifecycle: req(readLifecycle),
  predicate_ref: req(optString),
  witness_id: req(optU64),
  generation: req(optU64),
  reason: req(optString),
});

const observedRead: Codec<ObservedRead> = structC('ObservedRead', {
  read_id: req(stringC),
  session: req(optU64),
  effect_id: req(u64C),
  effect_interface: req(optString),
  effect_operation: req(optString),
  handler_identity: req(stringC),
  status: req(effectStatus),
});

const materializationProof: Codec<MaterializationProof> = structC('MaterializationProof', {
  proof_id: req(stringC),
  session: req(optU64),
  predicate_ref: req(stringC),
  witness_ref: req(optString),
  output_digest: req(stringC),
  passed: req(boolC),
});

const canonicalHandle: Codec<CanonicalHandle> = structC('CanonicalHandle', {
  handle_id: req(stringC),
  session: req(optU64),
  owner_id: req(optString),
  kind: req(handleKind),
  proof_ref: req(optString),
});

const publicationEvent: Codec<PublicationEvent> = structC('PublicationEvent', {
  publication_id: req(stringC),
  session: req(optU64),
  operation_id: req(stringC),
  owner_id: req(optString),
  publication: req(stringC),
  observer_class: req(observerClass),
  status: req(publicationStatus),
  proof_ref: req(optString),
  handle_ref: req(optString),
  reason: req(optString),
});

const prestateBinding: Codec<PrestateBinding> = structC('PrestateBinding', {
  binding_id: req(stringC),
  operation_id: req(stringC),
  session: req(optU64),
  state_digest: req(stringC),
  epoch_ref: req(optString),
  participant_digest: req(optString),
});

const agreementProfile: Codec<AgreementProfile> = structC('AgreementProfile', {
  profile_name: req(stringC),
  visibility: req(visibility),
  rule: req(rule),
  usable_at: req(level),
  finalized_at: req(level),
  required_evidence_kind: req(evidenceKind),
});

const agreementContract: Codec<AgreementContract> = structC('AgreementContract', {
  contract_name: req(stringC),
  operation_id: req(stringC),
  session: req(optU64),
  owner_id: req(optString),
  profile_name: req(optString),
  visibility: req(visibility),
  rule: req(rule),
  usable_at: req(level),
  finalized_at: req(level),
  required_evidence_kind: req(evidenceKind),
});

const agreementEvidence: Codec<AgreementEvidence> = structC('AgreementEvidence', {
  evidence_id: req(stringC),
  operation_id: req(stringC),
  session: req(optU64),
  owner_id: req(optString),
  level: req(level),
  kind: req(evidenceKind),
  reference: req(stringC),
  authoritative: req(boolC),
});

const agreementState: Codec<AgreementState> = structC('AgreementState', {
  operation_id: req(stringC),
  session: req(optU64),
  owner_id: req(optString),
  contract_name: req(stringC),
  level: req(level),
  finalization: req(nullableC(finalization)),
  evidence_ids: req(strings),
  last_updated_tick: req(optU64),
  reason: req(optString),
});

const region: Codec<Region> = structC('Region', {
  region_id: req(stringC),
  session: req(optU64),
  owner_id: req(optString),
  scope: req(scope),
  operation_ids: req(strings),
  effect_ids: req(u64s),
  authoritative_read_ids: req(strings),
  handle_ids: req(strings),
  publication_ids: req(strings),
});

const progressContract: Codec<ProgressContract> = structC('ProgressContract', {
  operation_id: req(stringC),
  session: req(optU64),
  state: req(progressState),
  last_ordering_key: req(optU64),
  bounded: req(boolC),
  budget_ticks: def(optU64, null),
  last_progress_tick: def(optU64, null),
  escalated_at_tick: def(optU64, null),
  reason: def(optString, null),
});

const progressTransition: Codec<ProgressTransition> = structC('ProgressTransition', {
  operation_id: req(stringC),
  session: req(optU64),
  from_state: req(progressState),
  to_state: req(progressState),
  tick: req(u64C),
  reason: req(optString),
});

/** @internal The whole bundle, for the other codecs and `validate`. */
export const semanticObjectsCodec: Codec<SemanticObjects> = structC('ProtocolMachineSemanticObjects', {
  schema_version: version(SEMANTIC_OBJECTS_VERSION, null),
  operation_instances: req(listC(operationInstance)),
  outstanding_effects: req(listC(outstandingEffect)),
  semantic_handoffs: req(listC(semanticHandoff)),
  transformation_obligations: def(listC(transformationObligation), []),
  authoritative_reads: req(listC(authoritativeRead)),
  observed_reads: req(listC(observedRead)),
  materialization_proofs: req(listC(materializationProof)),
  canonical_handles: req(listC(canonicalHandle)),
  publication_events: def(listC(publicationEvent), []),
  prestate_bindings: def(listC(prestateBinding), []),
  agreement_profiles: def(listC(agreementProfile), []),
  agreement_contracts: def(listC(agreementContract), []),
  agreement_evidence: def(listC(agreementEvidence), []),
  agreement_states: def(listC(agreementState), []),
  regions: req(listC(region)),
  progress_contracts: req(listC(progressContract)),
  progress_transitions: def(listC(progressTransition), []),
});

/**
 * Strictly decodes a `semantic_objects` bundle (parsed JSON; parse text with `parseArtifactJson` to
 * keep u64 values above 2^53 exact). The version must be exactly
 * `protocol_machine.semantic_objects.v1`; the nine required lists must be present; the eight
 * optional lists default to `[]`. The error is the first problem (`code`, JSON `path`, `message`).
 * @example
 * ```ts
 * decodeSemanticObjects({ schema_version: 'v0' });
 * // err: { code: 'UnsupportedSchemaVersion', path: '$.schema_version',
 * //        message: "unsupported schema_version 'v0'; expected 'protocol_machine.semantic_objects.v1'" }
 * ```
 * @public
 */
export function decodeSemanticObjects(json: unknown): Result<SemanticObjects, BridgeError> {
  return decodeWith(semanticObjectsCodec.read, json);
}

/**
 * The canonical JSON of a bundle: all 18 lists in Rust's order, every field present (`null` for an
 * empty option), opaque `inputs`/`outputs` as given. `encodeSemanticObjects(decode(x))` printed with
 * `stringifyArtifact` is a fixed point.
 * @example `stringifyArtifact(encodeSemanticObjects(value))`
 * @public
 */
export function encodeSemanticObjects(value: SemanticObjects): JsonValue {
  return semanticObjectsCodec.write(value) as JsonValue;
}

/**
 * `protocol_machine.semantic_objects.v1` bundles (bridge.md §12) in their decoded form: all 18
 * lists, every object kind and enum variant reachable, every list shrinking toward `[]`.
 */
import fc from 'fast-check';
import { SEMANTIC_OBJECTS_VERSION } from '../src/types/bridge.js';
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
  type AgreementRule,
  type OwnershipScope,
  type SemanticHandoff,
  type SemanticObjects,
  type TransformationObligation,
  type OutstandingEffect,
} from '../src/types/semanticObjects.js';
import {
  listArb,
  opaqueJsonArb,
  optionArb,
  textArb,
  tier2Limits,
  u64Arb,
  type Tier2Constraints,
} from './_internals/tier2.js';

/** Limits of {@link semanticObjectsArb}. @example `semanticObjectsArb({ maxItems: 2 })` @public */
export type SemanticObjectsConstraints = Tier2Constraints;

const optU64 = optionArb(u64Arb);
const optText = optionArb(textArb);
const session = optU64;

const operationPhase = fc.constantFrom(...OPERATION_PHASES);
const effectStatus = fc.constantFrom(...OUTSTANDING_EFFECT_STATUSES);
const progressState = fc.constantFrom(...PROGRESS_STATES);
const visibility = fc.constantFrom(...OPERATION_VISIBILITIES);
const level = fc.constantFrom(...AGREEMENT_LEVELS);
const evidenceKind = fc.constantFrom(...AGREEMENT_EVIDENCE_KINDS);
const delegation = fc.constantFrom(...DELEGATION_STATUSES);

/** OwnershipScope: `"Session"` or `{Fragments: [...]}`. @internal */
export function ownershipScopeArb(maxItems: number): fc.Arbitrary<OwnershipScope> {
  return fc.oneof(
    fc.constant('Session' as const),
    listArb(textArb, maxItems).map((f) => ({ Fragments: f })),
  );
}

const ruleArb: fc.Arbitrary<AgreementRule> = fc.oneof(
  fc.constantFrom('no_agreement' as const, 'any_participant' as const, 'unanimous' as const),
  u64Arb.map((n) => ({ threshold: { required_participants: n } })),
  textArb.map((s) => ({ named: { rule_name: s } })),
);

/** One semantic handoff. @internal */
export function semanticHandoffArb(maxItems: number): fc.Arbitrary<SemanticHandoff> {
  return fc.record({
    handoff_id: u64Arb,
    session: u64Arb,
    from_coro: u64Arb,
    to_coro: u64Arb,
    revoked_owner_id: textArb,
    activated_owner_id: textArb,
    scope: ownershipScopeArb(maxItems),
    status: delegation,
    tick: u64Arb,
    reason: optText,
  });
}

/** One outstanding effect. @internal */
export const outstandingEffectArb: fc.Arbitrary<OutstandingEffect> = fc.record({
  effect_id: u64Arb,
  operation_id: textArb,
  session,
  owner_id: optText,
  effect_interface: optText,
  effect_operation: optText,
  effect_kind: textArb,
  handler_identity: textArb,
  status: effectStatus,
  ordering_key: u64Arb,
  budget_ticks: optU64,
  retry_policy: fc.constantFrom('forbid_late_results', 'retry'),
  invalidation_token: textArb,
  completed_at_tick: optU64,
  inputs: opaqueJsonArb,
  outputs: opaqueJsonArb,
});

/** One transformation obligation. @internal */
export function transformationObligationArb(maxItems: number): fc.Arbitrary<TransformationObligation> {
  const ids = listArb(u64Arb, maxItems);
  const texts = listArb(textArb, maxItems);
  return fc.record({
    obligation_id: textArb,
    handoff_id: u64Arb,
    session: u64Arb,
    transformed_fragments: texts,
    affected_operation_ids: texts,
    affected_effect_ids: ids,
    transported_effect_ids: ids,
    invalidated_effect_ids: ids,
    witness_policy: textArb,
    publication_revoked_from: textArb,
    publication_activated_to: textArb,
    scope: ownershipScopeArb(maxItems),
    status: delegation,
    tick: u64Arb,
    reason: optText,
  });
}

/**
 * Semantic-object bundles (decoded shape, 17 object kinds). Every list shrinks toward `[]`, every
 * option toward `null`; u64 fields sometimes exceed 2^53 and opaque `inputs`/`outputs` carry exact
 * number texts, so round trips are tested where they break.
 * @example
 * ```ts
 * fc.assert(fc.property(semanticObjectsArb(), (so) => decodeSemanticObjects(encodeSemanticObjects(so)).ok));
 * ```
 * @public
 */
export function semanticObjectsArb(constraints: SemanticObjectsConstraints = {}): fc.Arbitrary<SemanticObjects> {
  const { maxItems } = tier2Limits('semanticObjectsArb', constraints);
  const list = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<readonly T[]> => listArb(a, maxItems);
  const texts = list(textArb);
  const ids = list(u64Arb);
  const scope = ownershipScopeArb(maxItems);
  return fc.record({
    schema_version: fc.constant(SEMANTIC_OBJECTS_VERSION),
    operation_instances: list(
      fc.record({
        operation_id: textArb,
        session,
        owner_id: optText,
        kind: textArb,
        phase: operationPhase,
        handler_identity: optText,
        effect_ids: ids,
        dependent_operation_ids: texts,
        terminal_publication: optText,
        budget_ticks: optU64,
        requires_proof: fc.boolean(),
      }),
    ),
    outstanding_effects: list(outstandingEffectArb),
    semantic_handoffs: list(semanticHandoffArb(maxItems)),
    transformation_obligations: list(transformationObligationArb(maxItems)),
    authoritative_reads: list(
      fc.record({
        read_id: textArb,
        session,
        owner_id: optText,
        kind: fc.constantFrom(...AUTHORITATIVE_READ_KINDS),
        lifecycle: fc.constantFrom(...AUTHORITATIVE_READ_LIFECYCLES),
        predicate_ref: optText,
        witness_id: optU64,
        generation: optU64,
        reason: optText,
      }),
    ),
    observed_reads: list(
      fc.record({
        read_id: textArb,
        session,
        effect_id: u64Arb,
        effect_interface: optText,
        effect_operation: optText,
        handler_identity: textArb,
        status: effectStatus,
      }),
    ),
    materialization_proofs: list(
      fc.record({
        proof_id: textArb,
        session,
        predicate_ref: textArb,
        witness_ref: optText,
        output_digest: textArb,
        passed: fc.boolean(),
      }),
    ),
    canonical_handles: list(
      fc.record({
        handle_id: textArb,
        session,
        owner_id: optText,
        kind: fc.constantFrom(...CANONICAL_HANDLE_KINDS),
        proof_ref: optText,
      }),
    ),
    publication_events: list(
      fc.record({
        publication_id: textArb,
        session,
        operation_id: textArb,
        owner_id: optText,
        publication: textArb,
        observer_class: fc.constantFrom(...PUBLICATION_OBSERVER_CLASSES),
        status: fc.constantFrom(...PUBLICATION_STATUSES),
        proof_ref: optText,
        handle_ref: optText,
        reason: optText,
      }),
    ),
    prestate_bindings: list(
      fc.record({
        binding_id: textArb,
        operation_id: textArb,
        session,
        state_digest: textArb,
        epoch_ref: optText,
        participant_digest: optText,
      }),
    ),
    agreement_profiles: list(
      fc.record({
        profile_name: textArb,
        visibility,
        rule: ruleArb,
        usable_at: level,
        finalized_at: level,
        required_evidence_kind: evidenceKind,
      }),
    ),
    agreement_contracts: list(
      fc.record({
        contract_name: textArb,
        operation_id: textArb,
        session,
        owner_id: optText,
        profile_name: optText,
        visibility,
        rule: ruleArb,
        usable_at: level,
        finalized_at: level,
        required_evidence_kind: evidenceKind,
      }),
    ),
    agreement_evidence: list(
      fc.record({
        evidence_id: textArb,
        operation_id: textArb,
        session,
        owner_id: optText,
        level,
        kind: evidenceKind,
        reference: textArb,
        authoritative: fc.boolean(),
      }),
    ),
    agreement_states: list(
      fc.record({
        operation_id: textArb,
        session,
        owner_id: optText,
        contract_name: textArb,
        level,
        finalization: optionArb(fc.constantFrom(...FINALIZATION_OUTCOMES)),
        evidence_ids: texts,
        last_updated_tick: optU64,
        reason: optText,
      }),
    ),
    regions: list(
      fc.record({
        region_id: textArb,
        session,
        owner_id: optText,
        scope,
        operation_ids: texts,
        effect_ids: ids,
        authoritative_read_ids: texts,
        handle_ids: texts,
        publication_ids: texts,
      }),
    ),
    progress_contracts: list(
      fc.record({
        operation_id: textArb,
        session,
        state: progressState,
        last_ordering_key: optU64,
        bounded: fc.boolean(),
        budget_ticks: optU64,
        last_progress_tick: optU64,
        escalated_at_tick: optU64,
        reason: optText,
      }),
    ),
    progress_transitions: list(
      fc.record({
        operation_id: textArb,
        session,
        from_state: progressState,
        to_state: progressState,
        tick: u64Arb,
        reason: optText,
      }),
    ),
  });
}

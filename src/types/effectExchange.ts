/**
 * `effect_exchanges` records (bridge.md §12; telltale `EffectExchangeRecord` in
 * `rust/machine/src/effect/core_types.rs`): a typed effect request with its interface metadata, and
 * its outcome. Request bodies and responses are opaque JSON (objects tagged by `kind`) that round-trip
 * byte for byte.
 */
import type { JsonValue, U64 } from './artifact.js';

/** EffectAuthorityClass variants (serde strings, declaration order). @example `EFFECT_AUTHORITY_CLASSES.includes('observe') // true` @public */
export const EFFECT_AUTHORITY_CLASSES = Object.freeze(['authoritative', 'command', 'observe'] as const);
/** EffectAuthorityClass. @example `'observe'` @public */
export type EffectAuthorityClass = (typeof EFFECT_AUTHORITY_CLASSES)[number];
/** EffectSemanticClass variants (serde strings, declaration order). @example `EFFECT_SEMANTIC_CLASSES.includes('best_effort') // true` @public */
export const EFFECT_SEMANTIC_CLASSES = Object.freeze(['authoritative', 'observational', 'best_effort'] as const);
/** EffectSemanticClass. @example `'best_effort'` @public */
export type EffectSemanticClass = (typeof EFFECT_SEMANTIC_CLASSES)[number];
/** EffectAgreementUse variants (serde strings, declaration order). @example `EFFECT_AGREEMENT_USES.includes('forbidden') // true` @public */
export const EFFECT_AGREEMENT_USES = Object.freeze(['none', 'required', 'forbidden'] as const);
/** EffectAgreementUse. @example `'forbidden'` @public */
export type EffectAgreementUse = (typeof EFFECT_AGREEMENT_USES)[number];
/** EffectRegionScope variants (serde strings, declaration order). @example `EFFECT_REGION_SCOPES.includes('fragment') // true` @public */
export const EFFECT_REGION_SCOPES = Object.freeze(['session', 'fragment', 'global'] as const);
/** EffectRegionScope. @example `'fragment'` @public */
export type EffectRegionScope = (typeof EFFECT_REGION_SCOPES)[number];
/** EffectAdmissibility variants (serde strings, declaration order). @example `EFFECT_ADMISSIBILITIES.includes('declared_use_only') // true` @public */
export const EFFECT_ADMISSIBILITIES = Object.freeze(['always', 'declared_use_only', 'internal_only'] as const);
/** EffectAdmissibility. @example `'declared_use_only'` @public */
export type EffectAdmissibility = (typeof EFFECT_ADMISSIBILITIES)[number];
/** EffectTotality variants (serde strings, declaration order). @example `EFFECT_TOTALITIES.includes('may_block') // true` @public */
export const EFFECT_TOTALITIES = Object.freeze(['immediate', 'may_block'] as const);
/** EffectTotality. @example `'may_block'` @public */
export type EffectTotality = (typeof EFFECT_TOTALITIES)[number];
/** EffectTimeoutPolicy (externally tagged). @example `{ required: { budget_ticks: 4 } }` @public */
export type EffectTimeoutPolicy =
  'none' | 'inherit_operation_budget' | { readonly required: { readonly budget_ticks: U64 | null } };
/** EffectRetryShape (externally tagged). @example `{ bounded: { max_retries: 3 } }` @public */
export type EffectRetryShape = 'forbidden' | 'until_timeout' | { readonly bounded: { readonly max_retries: U64 } };
/** EffectReentrancyPolicy variants (serde strings, declaration order). @example `EFFECT_REENTRANCY_POLICIES.includes('reject_same_fragment') // true` @public */
export const EFFECT_REENTRANCY_POLICIES = Object.freeze([
  'allow',
  'reject_same_operation',
  'reject_same_fragment',
] as const);
/** EffectReentrancyPolicy. @example `'reject_same_fragment'` @public */
export type EffectReentrancyPolicy = (typeof EFFECT_REENTRANCY_POLICIES)[number];
/** EffectHandlerDomain variants (serde strings, declaration order). @example `EFFECT_HANDLER_DOMAINS.includes('external') // true` @public */
export const EFFECT_HANDLER_DOMAINS = Object.freeze(['internal', 'external'] as const);
/** EffectHandlerDomain. @example `'external'` @public */
export type EffectHandlerDomain = (typeof EFFECT_HANDLER_DOMAINS)[number];
/** EffectFailureKind variants (serde strings, declaration order). @example `EFFECT_FAILURE_KINDS.includes('stale_authority') // true` @public */
export const EFFECT_FAILURE_KINDS = Object.freeze([
  'denied',
  'timeout',
  'cancelled',
  'stale_authority',
  'invalid_evidence',
  'unavailable',
  'invalid_input',
  'determinism',
  'topology_disruption',
  'contract_violation',
  'unknown',
] as const);
/** EffectFailureKind. @example `'stale_authority'` @public */
export type EffectFailureKind = (typeof EFFECT_FAILURE_KINDS)[number];

/** Interface metadata of one effect operation (`EffectInterfaceMetadata`). @example see docs/bridge.md @public */
export interface EffectInterfaceMetadata {
  readonly interface_name: string;
  readonly operation_name: string;
  readonly authority_class: EffectAuthorityClass;
  readonly semantic_class: EffectSemanticClass;
  readonly agreement_use: EffectAgreementUse;
  readonly region_scope: EffectRegionScope;
  readonly admissibility: EffectAdmissibility;
  readonly totality: EffectTotality;
  readonly timeout_policy: EffectTimeoutPolicy;
  readonly retry_shape: EffectRetryShape;
  readonly reentrancy_policy: EffectReentrancyPolicy;
  readonly handler_domain: EffectHandlerDomain;
}

/**
 * One typed effect request. `effect_id`, `session` and `operation_id` default to `null`; `body` is
 * an opaque object whose `kind` names the request (`send_decision`, `handle_recv`, ...).
 * @example see docs/bridge.md
 * @public
 */
export interface EffectRequest {
  readonly effect_id: U64 | null;
  readonly tick: U64;
  readonly session: U64 | null;
  readonly operation_id: string | null;
  readonly metadata: EffectInterfaceMetadata;
  readonly body: { readonly kind: string; readonly [field: string]: JsonValue };
}

/** A typed failure at the effect boundary (`EffectFailure`). @example `{ kind: 'denied', message: 'no capacity' }` @public */
export interface EffectFailure {
  readonly kind: EffectFailureKind;
  readonly message: string;
}

/** Outcome status, internally tagged by `status`. @example `{ status: 'failure', failure: { kind: 'timeout', message: 't' } }` @public */
export type EffectOutcomeStatus =
  | { readonly status: 'success' }
  | { readonly status: 'blocked' }
  | { readonly status: 'failure'; readonly failure: EffectFailure };

/** The outcome of one exchange; `response` (opaque, tagged by `kind`) defaults to `null`. @example `{ status: { status: 'blocked' }, response: null }` @public */
export interface EffectOutcome {
  readonly status: EffectOutcomeStatus;
  readonly response: { readonly kind: string; readonly [field: string]: JsonValue } | null;
}

/**
 * One `effect_exchanges` record (`EffectExchangeRecord`).
 * @example
 * ```ts
 * const r = decodeEffectExchanges(JSON.parse(text));
 * if (r.ok) r.value.filter((x) => x.outcome.status.status === 'failure');
 * ```
 * @public
 */
export interface EffectExchangeRecord {
  readonly effect_id: U64;
  readonly handler_identity: string;
  readonly ordering_key: U64;
  readonly request: EffectRequest;
  readonly outcome: EffectOutcome;
}

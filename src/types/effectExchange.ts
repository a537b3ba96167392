/**
 * `effect_exchanges` records (bridge.md §12; telltale `EffectExchangeRecord` in
 * `rust/machine/src/effect/core_types.rs`): a typed effect request with its interface metadata, and
 * its outcome. Request bodies and responses are opaque JSON (objects tagged by `kind`) that round-trip
 * byte for byte.
 */
import type { JsonValue, U64 } from './artifact.js';

/** EffectAuthorityClass. @example `'observe'` @public */
export type EffectAuthorityClass = 'authoritative' | 'command' | 'observe';
/** EffectSemanticClass. @example `'best_effort'` @public */
export type EffectSemanticClass = 'authoritative' | 'observational' | 'best_effort';
/** EffectAgreementUse. @example `'forbidden'` @public */
export type EffectAgreementUse = 'none' | 'required' | 'forbidden';
/** EffectRegionScope. @example `'fragment'` @public */
export type EffectRegionScope = 'session' | 'fragment' | 'global';
/** EffectAdmissibility. @example `'declared_use_only'` @public */
export type EffectAdmissibility = 'always' | 'declared_use_only' | 'internal_only';
/** EffectTotality. @example `'may_block'` @public */
export type EffectTotality = 'immediate' | 'may_block';
/** EffectTimeoutPolicy (externally tagged). @example `{ required: { budget_ticks: 4 } }` @public */
export type EffectTimeoutPolicy =
  'none' | 'inherit_operation_budget' | { readonly required: { readonly budget_ticks: U64 | null } };
/** EffectRetryShape (externally tagged). @example `{ bounded: { max_retries: 3 } }` @public */
export type EffectRetryShape = 'forbidden' | 'until_timeout' | { readonly bounded: { readonly max_retries: U64 } };
/** EffectReentrancyPolicy. @example `'reject_same_fragment'` @public */
export type EffectReentrancyPolicy = 'allow' | 'reject_same_operation' | 'reject_same_fragment';
/** EffectHandlerDomain. @example `'external'` @public */
export type EffectHandlerDomain = 'internal' | 'external';
/** EffectFailureKind. @example `'stale_authority'` @public */
export type EffectFailureKind =
  | 'denied'
  | 'timeout'
  | 'cancelled'
  | 'stale_authority'
  | 'invalid_evidence'
  | 'unavailable'
  | 'invalid_input'
  | 'determinism'
  | 'topology_disruption'
  | 'contract_violation'
  | 'unknown';

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

/**
 * `effect_exchanges` records (bridge.md §12): typed metadata with every enum variant, opaque
 * bodies and responses (objects tagged by `kind`), all three outcome statuses.
 */
import fc from 'fast-check';
import type { EffectExchangeRecord, EffectInterfaceMetadata } from '../src/types/effectExchange.js';
import { kindTaggedArb, optionArb, textArb, u64Arb } from './_internals/tier2.js';

const kKinds = [
  'send_decision',
  'receive',
  'choose',
  'invoke_step',
  'acquire',
  'release',
  'topology_events',
  'wal_sync',
  'output_condition_hint',
];

const metadataArb: fc.Arbitrary<EffectInterfaceMetadata> = fc.record({
  interface_name: fc.constantFrom('Transport', 'Runtime', 'Guard', 'Wal'),
  operation_name: textArb,
  authority_class: fc.constantFrom('command', 'authoritative', 'observe'),
  semantic_class: fc.constantFrom('best_effort', 'authoritative', 'observational'),
  agreement_use: fc.constantFrom('forbidden', 'none', 'required'),
  region_scope: fc.constantFrom('session', 'fragment', 'global'),
  admissibility: fc.constantFrom('declared_use_only', 'always', 'internal_only'),
  totality: fc.constantFrom('immediate', 'may_block'),
  timeout_policy: fc.oneof(
    fc.constantFrom('none' as const, 'inherit_operation_budget' as const),
    optionArb(u64Arb).map((budget_ticks) => ({ required: { budget_ticks } })),
  ),
  retry_shape: fc.oneof(
    fc.constantFrom('forbidden' as const, 'until_timeout' as const),
    u64Arb.map((max_retries) => ({ bounded: { max_retries } })),
  ),
  reentrancy_policy: fc.constantFrom('allow', 'reject_same_operation', 'reject_same_fragment'),
  handler_domain: fc.constantFrom('external', 'internal'),
});

const failureKind = fc.constantFrom(
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
);

/**
 * One effect exchange record in its decoded form (optional request fields and the response
 * shrink toward `null`, the status toward `success`).
 * @example
 * ```ts
 * fc.assert(fc.property(fc.array(effectExchangeArb()), (xs) => decodeEffectExchanges(xs).ok));
 * ```
 * @public
 */
export function effectExchangeArb(): fc.Arbitrary<EffectExchangeRecord> {
  return fc.record({
    effect_id: u64Arb,
    handler_identity: textArb,
    ordering_key: u64Arb,
    request: fc.record({
      effect_id: optionArb(u64Arb),
      tick: u64Arb,
      session: optionArb(u64Arb),
      operation_id: optionArb(textArb),
      metadata: metadataArb,
      body: kindTaggedArb(kKinds),
    }),
    outcome: fc.record({
      status: fc.oneof(
        { withCrossShrink: true },
        fc.constant({ status: 'success' as const }),
        fc.constant({ status: 'blocked' as const }),
        fc.record({ kind: failureKind, message: textArb }).map((failure) => ({ status: 'failure' as const, failure })),
      ),
      response: optionArb(kindTaggedArb(kKinds)),
    }),
  });
}

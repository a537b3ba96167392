/**
 * `effect_exchanges` records (bridge.md §12): typed metadata with every enum variant, opaque
 * bodies and responses (objects tagged by `kind`), all three outcome statuses.
 */
import fc from 'fast-check';
import {
  EFFECT_ADMISSIBILITIES,
  EFFECT_AGREEMENT_USES,
  EFFECT_AUTHORITY_CLASSES,
  EFFECT_FAILURE_KINDS,
  EFFECT_HANDLER_DOMAINS,
  EFFECT_REENTRANCY_POLICIES,
  EFFECT_REGION_SCOPES,
  EFFECT_SEMANTIC_CLASSES,
  EFFECT_TOTALITIES,
  type EffectExchangeRecord,
  type EffectInterfaceMetadata,
} from '../src/types/effectExchange.js';
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
  authority_class: fc.constantFrom(...EFFECT_AUTHORITY_CLASSES),
  semantic_class: fc.constantFrom(...EFFECT_SEMANTIC_CLASSES),
  agreement_use: fc.constantFrom(...EFFECT_AGREEMENT_USES),
  region_scope: fc.constantFrom(...EFFECT_REGION_SCOPES),
  admissibility: fc.constantFrom(...EFFECT_ADMISSIBILITIES),
  totality: fc.constantFrom(...EFFECT_TOTALITIES),
  timeout_policy: fc.oneof(
    fc.constantFrom('none' as const, 'inherit_operation_budget' as const),
    optionArb(u64Arb).map((budget_ticks) => ({ required: { budget_ticks } })),
  ),
  retry_shape: fc.oneof(
    fc.constantFrom('forbidden' as const, 'until_timeout' as const),
    u64Arb.map((max_retries) => ({ bounded: { max_retries } })),
  ),
  reentrancy_policy: fc.constantFrom(...EFFECT_REENTRANCY_POLICIES),
  handler_domain: fc.constantFrom(...EFFECT_HANDLER_DOMAINS),
});

const failureKind = fc.constantFrom(...EFFECT_FAILURE_KINDS);

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

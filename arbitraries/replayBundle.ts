/**
 * Replay bundles (`ProtocolMachineReplayBundle`, bridge.md §12): semantic audit, effect trace and
 * output-condition trace, each list shrinking toward `[]`.
 */
import fc from 'fast-check';
import { SCHEMA_VERSION } from '../src/types/bridge.js';
import type { EffectTraceEntry } from '../src/types/effectTrace.js';
import type { OutputConditionEntry } from '../src/types/outputConditionTrace.js';
import type { ReplayBundle } from '../src/types/replayBundle.js';
import {
  listArb,
  opaqueJsonArb,
  optionArb,
  textArb,
  tier2Limits,
  u64Arb,
  type Tier2Constraints,
} from './_internals/tier2.js';

/** Limits of {@link replayBundleArb}. @example `replayBundleArb({ maxItems: 5 })` @public */
export type ReplayBundleConstraints = Tier2Constraints;

const optText = optionArb(textArb);

const effectTraceEntryArb: fc.Arbitrary<EffectTraceEntry> = fc.record({
  effect_id: u64Arb,
  effect_kind: fc.constantFrom('send_decision', 'handle_recv', 'invoke_step', 'topology_event'),
  inputs: opaqueJsonArb,
  outputs: opaqueJsonArb,
  handler_identity: textArb,
  ordering_key: u64Arb,
  topology: optionArb(
    fc.record({ kind: fc.constantFrom('Crash', 'Partition', 'Heal'), site: optText, from: optText, to: optText }),
  ),
});

const outputConditionArb: fc.Arbitrary<OutputConditionEntry> = fc.record({
  predicate_ref: textArb,
  witness_ref: optText,
  output_digest: textArb,
  passed: fc.boolean(),
});

/**
 * Replay bundles in their decoded form (`schema_version` `lean_bridge.v1`).
 * @example
 * ```ts
 * fc.assert(fc.property(replayBundleArb(), (b) => decodeReplayBundle(encodeReplayBundle(b)).ok));
 * ```
 * @public
 */
export function replayBundleArb(constraints: ReplayBundleConstraints = {}): fc.Arbitrary<ReplayBundle> {
  const { maxItems } = tier2Limits('replayBundleArb', constraints);
  return fc.record({
    schema_version: fc.constant(SCHEMA_VERSION),
    semantic_audit: listArb(
      fc.record({
        kind: fc.constantFrom('sent', 'received', 'opened', 'closed'),
        session_index: u64Arb,
        sender: textArb,
        receiver: textArb,
        label: optText,
      }),
      maxItems,
    ),
    effect_trace: listArb(effectTraceEntryArb, maxItems),
    output_condition_trace: listArb(outputConditionArb, maxItems),
  });
}

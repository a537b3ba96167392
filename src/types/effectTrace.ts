/**
 * `effect_trace` entries as the bridge reads them (bridge.md §10; telltale `EffectTraceEvent` in
 * `rust/bridge/src/protocol_machine_trace.rs`), used in run outputs and replay bundles.
 */
import type { JsonValue, U64 } from './artifact.js';

/** TopologyPerturbationKind (PascalCase). @example `'Partition'` @public */
export type TopologyPerturbationKind = 'Crash' | 'Partition' | 'Heal';

/** A topology perturbation; `site`, `from`, `to` default to `null`. @example `{ kind: 'Crash', site: 'A', from: null, to: null }` @public */
export interface TopologyPerturbationEvent {
  readonly kind: TopologyPerturbationKind;
  readonly site: string | null;
  readonly from: string | null;
  readonly to: string | null;
}

/**
 * One effect-trace record; `inputs`/`outputs` are opaque JSON, `topology` defaults to `null`.
 * @example `{ effect_id: 1, effect_kind: 'send_decision', inputs: {}, outputs: {}, handler_identity: 'h', ordering_key: 1, topology: null }`
 * @public
 */
export interface EffectTraceEntry {
  readonly effect_id: U64;
  readonly effect_kind: string;
  readonly inputs: JsonValue;
  readonly outputs: JsonValue;
  readonly handler_identity: string;
  readonly ordering_key: U64;
  readonly topology: TopologyPerturbationEvent | null;
}

/**
 * The replay bundle (bridge.md §12; telltale `ProtocolMachineReplayBundle` in
 * `rust/bridge/src/protocol_machine_trace.rs`), schema `lean_bridge.v1`.
 */
import type { U64 } from './artifact.js';
import type { EffectTraceEntry } from './effectTrace.js';
import type { OutputConditionEntry } from './outputConditionTrace.js';

/** One semantic-audit event with the session replaced by its index; `label` defaults to `null`. @example `{ kind: 'sent', session_index: 0, sender: 'A', receiver: 'B', label: 'ping' }` @public */
export interface NormalizedEvent {
  readonly kind: string;
  readonly session_index: U64;
  readonly sender: string;
  readonly receiver: string;
  readonly label: string | null;
}

/**
 * `ProtocolMachineReplayBundle`: the semantic audit plus the effect and output-condition traces
 * (both default to `[]`).
 * @example `{ schema_version: 'lean_bridge.v1', semantic_audit: [], effect_trace: [], output_condition_trace: [] }`
 * @public
 */
export interface ReplayBundle {
  readonly schema_version: 'lean_bridge.v1';
  readonly semantic_audit: readonly NormalizedEvent[];
  readonly effect_trace: readonly EffectTraceEntry[];
  readonly output_condition_trace: readonly OutputConditionEntry[];
}

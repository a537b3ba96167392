/**
 * `output_condition_trace` entries (bridge.md §12; telltale `OutputConditionTraceEvent` in
 * `rust/bridge/src/protocol_machine_trace.rs`).
 */

/**
 * One output-condition verification record; `witness_ref` defaults to `null`.
 * @example `{ predicate_ref: 'protocol_machine.observable_output', witness_ref: null, output_digest: 'd', passed: true }`
 * @public
 */
export interface OutputConditionEntry {
  readonly predicate_ref: string;
  readonly witness_ref: string | null;
  readonly output_digest: string;
  readonly passed: boolean;
}

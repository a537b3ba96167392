/**
 * Reference-simulator payloads (bridge.md §8.2–8.3; telltale `SimRunInput`/`SimRunOutput` in
 * `rust/bridge/src/sim_reference.rs`), schema `lean_bridge.v1`.
 */
import type { JsonValue } from './artifact.js';
import type { BridgeEvent } from './bridge.js';

/**
 * `SimRunInput`: scenario (opaque; the Lean simulator reads `scenario.steps`), the global type and
 * each role's local type (bridge JSON, checked by the strict projection decoders and kept byte for
 * byte), and `initial_states` (default `{}`).
 * @example `{ schema_version: 'lean_bridge.v1', scenario: { steps: 3 }, global_type: { kind: 'end' }, local_types: {}, initial_states: {} }`
 * @public
 */
export interface SimRunInput {
  readonly schema_version: 'lean_bridge.v1';
  readonly scenario: JsonValue;
  readonly global_type: JsonValue;
  readonly local_types: { readonly [role: string]: JsonValue };
  readonly initial_states: { readonly [role: string]: readonly JsonValue[] };
}

/**
 * `SimRunOutput`: the simulated bridge trace (default `[]`), violations (opaque, default `[]`) and
 * artifacts (opaque, default `null`).
 * @example `{ schema_version: 'lean_bridge.v1', trace: [], violations: [], artifacts: null }`
 * @public
 */
export interface SimRunOutput {
  readonly schema_version: 'lean_bridge.v1';
  readonly trace: readonly BridgeEvent[];
  readonly violations: readonly JsonValue[];
  readonly artifacts: JsonValue;
}

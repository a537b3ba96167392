/** Machine configuration defaults and validation (machine.md §9.1). */

import type { BridgeError } from '../types/errors.js';
import type { Result } from '../types/result.js';
import { err, ok } from '../types/result.js';
import type { MachineConfig } from '../types/machine.js';

/**
 * Our defaults (machine.md §9.1 "Ours"): Lean's unit model — 8 registers, `{fifo, 16, block}`
 * buffers, cooperative policy, monitor on, cost 1, budget 2^64 - 1 — and the Tier-2 fields off
 * (no guard layers, flows allowed, no per-edge buffers, no perturbations, no progress tokens).
 * @example
 * ```ts
 * const cfg = { ...kMachineConfigDefaults, bufferConfig: { mode: 'fifo', initialCapacity: 1, policy: { kind: 'drop' } } };
 * ```
 * @public
 */
export const kMachineConfigDefaults: MachineConfig = Object.freeze({
  configSchemaVersion: 1,
  schedPolicy: { kind: 'cooperative' },
  bufferConfig: { mode: 'fifo', initialCapacity: 16, policy: { kind: 'block' } },
  maxSessions: 256,
  maxCoroutines: 1024,
  numRegisters: 8,
  tickDurationMs: 1,
  guardLayers: [],
  speculationEnabled: false,
  maxSpeculationDepth: 16,
  determinismMode: 'full',
  effectDeterminismTier: 'strict_deterministic',
  outputConditionPolicy: { kind: 'allow_all' },
  monitorMode: 'session_type_precheck',
  flowPolicy: 'allow_all',
  instructionCost: 1,
  initialCostBudget: (1n << 64n) - 1n,
  footprintGuidedWaveWidening: false,
  runtimeTuningProfile: 'standard',
  threadedRoundSemantics: 'canonical_one_step',
  effectTraceCaptureMode: 'full',
  observabilityRetention: { mode: 'full', capacity: 4096 },
  payloadValidationMode: 'structural',
  communicationReplayMode: 'off',
  maxPayloadBytes: 65536,
  hostContractAssertions: 'enforced',
  edgeBufferConfigs: [],
  topologyPerturbations: [],
  initialProgressTokens: 0,
  progressTokenPolicy: 'carry',
} satisfies MachineConfig);

function invalid(reason: string): { readonly ok: false; readonly error: BridgeError } {
  return err({ code: 'InvalidConfig', path: '$.config', message: `invalid machine config: ${reason}`, reason });
}

/**
 * Completes a partial config with {@link kMachineConfigDefaults} and validates it (Rust
 * `validate_invariants` order, then our `num_registers <= 65535`). Failure:
 * `{code: 'InvalidConfig', reason}` with the spec's reason text.
 * @example
 * ```ts
 * resolveMachineConfig({ maxSessions: 0 }); // err: reason 'max_sessions must be > 0'
 * ```
 * @public
 */
export function resolveMachineConfig(partial: Partial<MachineConfig> = {}): Result<MachineConfig, BridgeError> {
  const c: MachineConfig = { ...kMachineConfigDefaults, ...partial };
  const pos = (n: number): boolean => Number.isInteger(n) && n > 0;
  if (!(Number.isInteger(c.configSchemaVersion) && c.configSchemaVersion >= 1))
    return invalid('config_schema_version must be >= 1');
  if (!pos(c.maxSessions)) return invalid('max_sessions must be > 0');
  if (!pos(c.maxCoroutines)) return invalid('max_coroutines must be > 0');
  if (!pos(c.numRegisters)) return invalid('num_registers must be > 0');
  if (!pos(c.instructionCost)) return invalid('instruction_cost must be > 0');
  if (!pos(c.maxPayloadBytes)) return invalid('max_payload_bytes must be > 0');
  if (c.observabilityRetention.mode === 'capped' && !pos(c.observabilityRetention.capacity)) {
    return invalid('observability_retention.capacity must be > 0 in capped mode');
  }
  if (c.hostContractAssertions === 'relaxed_test_only' && c.determinismMode === 'full') {
    return invalid('host_contract_assertions=relaxed_test_only is not valid with DeterminismMode::Full');
  }
  if (c.numRegisters > 65535) return invalid('num_registers must be <= 65535');
  if (c.initialCostBudget < 0n) return invalid('initial_cost_budget must be >= 0');
  const b = c.bufferConfig;
  if (!(Number.isInteger(b.initialCapacity) && b.initialCapacity >= 0))
    return invalid('buffer_config.initial_capacity must be a natural number');
  if (b.policy.kind === 'resize' && !(Number.isInteger(b.policy.maxCapacity) && b.policy.maxCapacity >= 0)) {
    return invalid('buffer_config.policy.max_capacity must be a natural number');
  }
  // Tier 2 (the same reasons as the image executor's).
  const nat = (n: unknown): boolean => Number.isSafeInteger(n) && (n as number) >= 0;
  if (!nat(c.maxSpeculationDepth)) return invalid('max_speculation_depth must be a natural number');
  for (const [i, e] of c.edgeBufferConfigs.entries()) {
    const at = `edge_buffer_configs[${i}].config`;
    if (!nat(e.config.initialCapacity)) return invalid(`${at}.initial_capacity must be a natural number`);
    if (e.config.policy.kind === 'resize' && !nat(e.config.policy.maxCapacity))
      return invalid(`${at}.policy.max_capacity must be a natural number`);
  }
  for (const [i, p] of c.topologyPerturbations.entries()) {
    if (!(nat(p.tick) && p.tick >= 1)) return invalid(`topology_perturbations[${i}].tick must be >= 1`);
  }
  if (!nat(c.initialProgressTokens)) return invalid('initial_progress_tokens must be a natural number');
  return ok(c);
}

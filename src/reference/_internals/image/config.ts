/**
 * The image executor's configuration: machine.md §9.1 defaults (Lean's unit model) plus the
 * Tier-2 fields, validated in the spec's order with its reason texts (first failure wins).
 */
import type { BridgeError } from '../../../types/errors.js';
import type { BufferConfig, MachineConfig } from '../../../types/machine.js';
import { kTier2ConfigDefaults, type FullMachineConfig, type MachineTier2Config } from '../../../types/machineTier2.js';
import { err, ok, type Result } from '../../../types/result.js';

/** machine.md §9.1 "Ours" column. */
const TIER1_DEFAULTS: Omit<MachineConfig, keyof MachineTier2Config> = {
  configSchemaVersion: 1,
  schedPolicy: { kind: 'cooperative' },
  bufferConfig: { mode: 'fifo', initialCapacity: 16, policy: { kind: 'block' } },
  maxSessions: 256,
  maxCoroutines: 1024,
  numRegisters: 8,
  tickDurationMs: 1,
  speculationEnabled: false,
  maxSpeculationDepth: 16,
  determinismMode: 'full',
  effectDeterminismTier: 'strict_deterministic',
  outputConditionPolicy: { kind: 'allow_all' },
  monitorMode: 'session_type_precheck',
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
};

const isNat = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
const isPos = (n: unknown): boolean => isNat(n) && n > 0;

function invalid(reason: string): { readonly ok: false; readonly error: BridgeError } {
  return err({ code: 'InvalidConfig', path: '$.config', message: `invalid machine config: ${reason}`, reason });
}

function bufferConfigProblem(b: BufferConfig, at: string): string | null {
  if (!isNat(b.initialCapacity)) return `${at}.initial_capacity must be a natural number`;
  if (b.policy.kind === 'resize' && !isNat(b.policy.maxCapacity))
    return `${at}.policy.max_capacity must be a natural number`;
  return null;
}

/**
 * Completes a partial configuration with the defaults and validates it: the Rust
 * `validate_invariants` reasons in their order, then ours (`num_registers <= 65535`, naturals),
 * then the Tier-2 fields.
 */
export function resolveImageConfig(partial: Partial<FullMachineConfig>): Result<FullMachineConfig, BridgeError> {
  const c: FullMachineConfig = { ...TIER1_DEFAULTS, ...kTier2ConfigDefaults, ...partial };
  if (!(isNat(c.configSchemaVersion) && c.configSchemaVersion >= 1))
    return invalid('config_schema_version must be >= 1');
  if (!isPos(c.maxSessions)) return invalid('max_sessions must be > 0');
  if (!isPos(c.maxCoroutines)) return invalid('max_coroutines must be > 0');
  if (!isPos(c.numRegisters)) return invalid('num_registers must be > 0');
  if (!isPos(c.instructionCost)) return invalid('instruction_cost must be > 0');
  if (!isPos(c.maxPayloadBytes)) return invalid('max_payload_bytes must be > 0');
  if (c.observabilityRetention.mode === 'capped' && !isPos(c.observabilityRetention.capacity))
    return invalid('observability_retention.capacity must be > 0 in capped mode');
  if (c.hostContractAssertions === 'relaxed_test_only' && c.determinismMode === 'full')
    return invalid('host_contract_assertions=relaxed_test_only is not valid with DeterminismMode::Full');
  if (c.numRegisters > 65535) return invalid('num_registers must be <= 65535');
  if (c.initialCostBudget < 0n) return invalid('initial_cost_budget must be >= 0');
  const bp = bufferConfigProblem(c.bufferConfig, 'buffer_config');
  if (bp !== null) return invalid(bp);
  // Tier 2.
  if (!isNat(c.maxSpeculationDepth)) return invalid('max_speculation_depth must be a natural number');
  for (const [i, e] of c.edgeBufferConfigs.entries()) {
    const p = bufferConfigProblem(e.config, `edge_buffer_configs[${i}].config`);
    if (p !== null) return invalid(p);
  }
  for (const [i, p] of c.topologyPerturbations.entries()) {
    if (!(isNat(p.tick) && p.tick >= 1)) return invalid(`topology_perturbations[${i}].tick must be >= 1`);
  }
  if (!isNat(c.initialProgressTokens)) return invalid('initial_progress_tokens must be a natural number');
  return ok(c);
}

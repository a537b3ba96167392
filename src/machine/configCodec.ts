/** Machine config JSON in the Rust `ProtocolMachineConfig` serde shape (machine.md §9.1). */

import type { BridgeError } from '../types/errors.js';
import { pathKey } from '../types/errors.js';
import type { Result } from '../types/result.js';
import { err } from '../types/result.js';
import type { BackpressurePolicy, BufferConfig, MachineConfig, SchedPolicy } from '../types/machine.js';
import { decodeTier2Fields, encodeTier2Fields } from './_internals/configTier2Codec.js';
import { resolveMachineConfig } from './config.js';
import { isRecord } from './_internals/json.js';

/** A bad field, thrown from deep inside the decoder and turned into `InvalidConfig` at its top. */
class Bad extends Error {
  constructor(
    readonly path: string,
    readonly what: string,
  ) {
    super(`${path}: ${what}`);
  }
}

function oneOf<T extends string>(raw: unknown, path: string, table: Readonly<Record<string, T>>): T {
  const v = typeof raw === 'string' && Object.hasOwn(table, raw) ? table[raw] : undefined;
  if (v !== undefined) return v;
  throw new Bad(
    path,
    `expected one of ${Object.keys(table)
      .map((k) => JSON.stringify(k))
      .join(', ')}`,
  );
}

function nat(raw: unknown, path: string): number {
  if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0) return raw;
  throw new Bad(path, 'expected a non-negative integer');
}

function bool(raw: unknown, path: string): boolean {
  if (typeof raw === 'boolean') return raw;
  throw new Bad(path, 'expected true or false');
}

function schedPolicy(raw: unknown, path: string): SchedPolicy {
  if (raw === 'Cooperative') return { kind: 'cooperative' };
  if (raw === 'RoundRobin') return { kind: 'round_robin' };
  if (raw === 'ProgressAware') return { kind: 'progress_aware' };
  if (isRecord(raw) && 'Priority' in raw) {
    const p = raw['Priority'];
    if (p === 'Aging') return { kind: 'priority_aging' };
    if (p === 'TokenWeighted') return { kind: 'priority_token_weighted' };
    if (isRecord(p) && isRecord(p['FixedMap'])) {
      const map: Record<number, number> = {};
      for (const [k, v] of Object.entries(p['FixedMap'])) {
        if (!/^\d+$/.test(k))
          throw new Bad(pathKey(path, 'Priority.FixedMap'), `coroutine ids are decimal keys, got ${JSON.stringify(k)}`);
        map[Number(k)] = nat(v, `${path}.Priority.FixedMap[${JSON.stringify(k)}]`);
      }
      return { kind: 'priority_fixed', map };
    }
  }
  throw new Bad(
    path,
    'expected "Cooperative", "RoundRobin", "ProgressAware" or {"Priority": "Aging" | "TokenWeighted" | {"FixedMap": {...}}}',
  );
}

function policy(raw: unknown, path: string): BackpressurePolicy {
  if (raw === 'Block') return { kind: 'block' };
  if (raw === 'Drop') return { kind: 'drop' };
  if (raw === 'Error') return { kind: 'error' };
  if (isRecord(raw) && isRecord(raw['Resize']))
    return { kind: 'resize', maxCapacity: nat(raw['Resize']['max_capacity'], `${path}.Resize.max_capacity`) };
  throw new Bad(path, 'expected "Block", "Drop", "Error" or {"Resize":{"max_capacity":N}}');
}

function bufferConfig(raw: unknown, path: string): BufferConfig {
  if (!isRecord(raw)) throw new Bad(path, 'expected {"mode", "initial_capacity", "policy"}');
  return {
    mode: oneOf(raw['mode'] ?? 'Fifo', `${path}.mode`, { Fifo: 'fifo', LatestValue: 'latest_value' } as const),
    initialCapacity: nat(raw['initial_capacity'] ?? 16, `${path}.initial_capacity`),
    policy: policy(raw['policy'] ?? 'Block', `${path}.policy`),
  };
}

/**
 * Reads a machine config in the Rust serde shape (`{"num_registers":8,"buffer_config":{"mode":"Fifo",...}}`,
 * machine.md §9.1); missing fields take {@link kMachineConfigDefaults}'s values, unknown fields are
 * ignored (as serde does), then the config is validated (`InvalidConfig{reason}`).
 * `host_contract_assertions` also accepts `true`/`false`; `initial_cost_budget` may be a number,
 * a `bigint` or a decimal string.
 * @example
 * ```ts
 * decodeMachineConfig({ sched_policy: { Priority: { FixedMap: { '1': 5 } } } });
 * ```
 * @public
 */
export function decodeMachineConfig(raw: unknown): Result<MachineConfig, BridgeError> {
  if (!isRecord(raw))
    return err({
      code: 'InvalidConfig',
      path: '$',
      message: 'a machine config must be a JSON object',
      reason: 'not an object',
    });
  try {
    const c: { -readonly [K in keyof MachineConfig]?: MachineConfig[K] } = {};
    const f = (k: string): unknown => raw[k];
    const p = (k: string): string => pathKey('$', k);
    if (f('config_schema_version') !== undefined)
      c.configSchemaVersion = nat(f('config_schema_version'), p('config_schema_version'));
    if (f('sched_policy') !== undefined) c.schedPolicy = schedPolicy(f('sched_policy'), p('sched_policy'));
    if (f('buffer_config') !== undefined) c.bufferConfig = bufferConfig(f('buffer_config'), p('buffer_config'));
    for (const [json, key] of [
      ['max_sessions', 'maxSessions'],
      ['max_coroutines', 'maxCoroutines'],
      ['num_registers', 'numRegisters'],
      ['max_speculation_depth', 'maxSpeculationDepth'],
      ['instruction_cost', 'instructionCost'],
      ['max_payload_bytes', 'maxPayloadBytes'],
    ] as const) {
      if (f(json) !== undefined) c[key] = nat(f(json), p(json));
    }
    for (const [json, key] of [
      ['speculation_enabled', 'speculationEnabled'],
      ['footprint_guided_wave_widening', 'footprintGuidedWaveWidening'],
    ] as const) {
      if (f(json) !== undefined) c[key] = bool(f(json), p(json));
    }
    const td = f('tick_duration');
    if (td !== undefined) {
      if (!isRecord(td)) throw new Bad(p('tick_duration'), 'expected {"secs": N, "nanos": N}');
      c.tickDurationMs =
        nat(td['secs'] ?? 0, '$.tick_duration.secs') * 1000 + nat(td['nanos'] ?? 0, '$.tick_duration.nanos') / 1e6;
    }
    if (f('determinism_mode') !== undefined) {
      c.determinismMode = oneOf(f('determinism_mode'), p('determinism_mode'), {
        Full: 'full',
        ModuloEffects: 'modulo_effects',
        ModuloCommutativity: 'modulo_commutativity',
        Replay: 'replay',
      } as const);
    }
    if (f('effect_determinism_tier') !== undefined) {
      c.effectDeterminismTier = oneOf(f('effect_determinism_tier'), p('effect_determinism_tier'), {
        strict_deterministic: 'strict_deterministic',
        replay_deterministic: 'replay_deterministic',
        envelope_bounded_nondeterministic: 'envelope_bounded_nondeterministic',
      } as const);
    }
    const ocp = f('output_condition_policy');
    if (ocp !== undefined) {
      const allow: unknown = isRecord(ocp) ? ocp['PredicateAllowList'] : undefined;
      if (Array.isArray(allow) && allow.every((x): x is string => typeof x === 'string')) {
        c.outputConditionPolicy = { kind: 'predicate_allow_list', predicates: allow };
      } else {
        c.outputConditionPolicy = {
          kind: oneOf(ocp, p('output_condition_policy'), {
            AllowAll: 'allow_all',
            Disabled: 'disabled',
            DenyAll: 'deny_all',
          } as const),
        };
      }
    }
    if (f('monitor_mode') !== undefined)
      c.monitorMode = oneOf(f('monitor_mode'), p('monitor_mode'), {
        SessionTypePrecheck: 'session_type_precheck',
        Off: 'off',
      } as const);
    const icb = f('initial_cost_budget');
    if (icb !== undefined) {
      if (typeof icb === 'bigint' && icb >= 0n) c.initialCostBudget = icb;
      else if (typeof icb === 'string' && /^\d+$/.test(icb)) c.initialCostBudget = BigInt(icb);
      else c.initialCostBudget = BigInt(nat(icb, p('initial_cost_budget')));
    }
    const rtp = f('runtime_tuning_profile');
    if (rtp !== undefined) {
      if (typeof rtp !== 'string') throw new Bad(p('runtime_tuning_profile'), 'expected a string');
      c.runtimeTuningProfile = rtp;
    }
    if (f('threaded_round_semantics') !== undefined) {
      c.threadedRoundSemantics = oneOf(f('threaded_round_semantics'), p('threaded_round_semantics'), {
        canonical_one_step: 'canonical_one_step',
        wave_parallel_extension: 'wave_parallel_extension',
      } as const);
    }
    if (f('effect_trace_capture_mode') !== undefined) {
      c.effectTraceCaptureMode = oneOf(f('effect_trace_capture_mode'), p('effect_trace_capture_mode'), {
        full: 'full',
        topology_only: 'topology_only',
        disabled: 'disabled',
      } as const);
    }
    const ret = f('observability_retention');
    if (ret !== undefined) {
      if (!isRecord(ret))
        throw new Bad(p('observability_retention'), 'expected {"mode": "full" | "capped", "capacity": N}');
      c.observabilityRetention = {
        mode: oneOf(ret['mode'] ?? 'full', '$.observability_retention.mode', {
          full: 'full',
          capped: 'capped',
        } as const),
        capacity: nat(ret['capacity'] ?? 4096, '$.observability_retention.capacity'),
      };
    }
    if (f('payload_validation_mode') !== undefined) {
      c.payloadValidationMode = oneOf(f('payload_validation_mode'), p('payload_validation_mode'), {
        off: 'off',
        structural: 'structural',
        strict_schema: 'strict_schema',
      } as const);
    }
    if (f('communication_replay_mode') !== undefined) {
      c.communicationReplayMode = oneOf(f('communication_replay_mode'), p('communication_replay_mode'), {
        off: 'off',
        sequence: 'sequence',
        nullifier: 'nullifier',
      } as const);
    }
    const hca = f('host_contract_assertions');
    if (hca !== undefined) {
      c.hostContractAssertions =
        hca === true
          ? 'enforced'
          : hca === false
            ? 'relaxed_test_only'
            : oneOf(hca, p('host_contract_assertions'), {
                enforced: 'enforced',
                relaxed_test_only: 'relaxed_test_only',
              } as const);
    }
    const fail = (path: string, what: string): never => {
      throw new Bad(path, what);
    };
    Object.assign(c, decodeTier2Fields(raw, { fail, nat, bufferConfig }));
    return resolveMachineConfig(c);
  } catch (e) {
    if (e instanceof Bad)
      return err({
        code: 'InvalidConfig',
        path: e.path,
        message: `invalid machine config at ${e.path}: ${e.what}`,
        reason: e.what,
      });
    throw e;
  }
}

const SCHED_JSON: Readonly<Record<string, unknown>> = {
  cooperative: 'Cooperative',
  round_robin: 'RoundRobin',
  progress_aware: 'ProgressAware',
  priority_aging: { Priority: 'Aging' },
  priority_token_weighted: { Priority: 'TokenWeighted' },
};

/**
 * Writes a machine config in the Rust serde shape ({@link decodeMachineConfig} reads it back).
 * `initial_cost_budget` is a decimal string (it exceeds 2^53).
 * @example `JSON.stringify(encodeMachineConfig(kMachineConfigDefaults))`
 * @public
 */
export function encodeMachineConfig(c: MachineConfig): Record<string, unknown> {
  const pol = c.bufferConfig.policy;
  const ocp = c.outputConditionPolicy;
  const cap = (s: string): string =>
    s
      .split('_')
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join('');
  return {
    config_schema_version: c.configSchemaVersion,
    sched_policy:
      c.schedPolicy.kind === 'priority_fixed'
        ? { Priority: { FixedMap: Object.fromEntries(Object.entries(c.schedPolicy.map).map(([k, v]) => [k, v])) } }
        : SCHED_JSON[c.schedPolicy.kind],
    buffer_config: {
      mode: c.bufferConfig.mode === 'fifo' ? 'Fifo' : 'LatestValue',
      initial_capacity: c.bufferConfig.initialCapacity,
      policy: pol.kind === 'resize' ? { Resize: { max_capacity: pol.maxCapacity } } : cap(pol.kind),
    },
    max_sessions: c.maxSessions,
    max_coroutines: c.maxCoroutines,
    num_registers: c.numRegisters,
    tick_duration: { secs: Math.floor(c.tickDurationMs / 1000), nanos: Math.round((c.tickDurationMs % 1000) * 1e6) },
    speculation_enabled: c.speculationEnabled,
    max_speculation_depth: c.maxSpeculationDepth,
    determinism_mode: cap(c.determinismMode),
    effect_determinism_tier: c.effectDeterminismTier,
    output_condition_policy:
      ocp.kind === 'predicate_allow_list' ? { PredicateAllowList: [...ocp.predicates] } : cap(ocp.kind),
    monitor_mode: cap(c.monitorMode),
    instruction_cost: c.instructionCost,
    initial_cost_budget: c.initialCostBudget.toString(),
    footprint_guided_wave_widening: c.footprintGuidedWaveWidening,
    runtime_tuning_profile: c.runtimeTuningProfile,
    threaded_round_semantics: c.threadedRoundSemantics,
    effect_trace_capture_mode: c.effectTraceCaptureMode,
    observability_retention: { mode: c.observabilityRetention.mode, capacity: c.observabilityRetention.capacity },
    payload_validation_mode: c.payloadValidationMode,
    communication_replay_mode: c.communicationReplayMode,
    max_payload_bytes: c.maxPayloadBytes,
    host_contract_assertions: c.hostContractAssertions,
    ...encodeTier2Fields(c),
  };
}

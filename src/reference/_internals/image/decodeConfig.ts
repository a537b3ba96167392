/**
 * Reading a machine configuration for the `runCodeImage` operation: the Rust
 * `ProtocolMachineConfig` serde fields (machine.md §9.1; missing fields take the defaults, unknown
 * ones are ignored as serde does) and the Tier-2 fields of docs/machine.md in the same style.
 */
import type { BackpressurePolicy, BufferConfig, Edge, SchedPolicy } from '../../../types/machine.js';
import type {
  EdgeBufferConfig,
  FlowPolicy,
  FlowPredicate,
  FullMachineConfig,
  GuardLayerSpec,
  TopologyFailure,
  TopologyPerturbation,
} from '../../../types/machineTier2.js';
import { fail, isObject, natOf } from './decodeImage.js';

type Mutable<T> = { -readonly [K in keyof T]?: T[K] };

const bad = (path: string, what: string): never =>
  fail('InvalidConfig', path, `invalid machine config at ${path}: ${what}`);

function nat(raw: unknown, path: string): number {
  return natOf(raw) ?? bad(path, 'expected a non-negative integer');
}

function bool(raw: unknown, path: string): boolean {
  return typeof raw === 'boolean' ? raw : bad(path, 'expected true or false');
}

function str(raw: unknown, path: string): string {
  return typeof raw === 'string' ? raw : bad(path, 'expected a string');
}

function strings(raw: unknown, path: string): string[] {
  return Array.isArray(raw) ? raw.map((x, i) => str(x, `${path}[${i}]`)) : bad(path, 'expected an array of strings');
}

function oneOf<T extends string>(raw: unknown, path: string, table: Readonly<Record<string, T>>): T {
  if (typeof raw === 'string' && Object.hasOwn(table, raw)) return table[raw] as T;
  return bad(path, `expected one of ${Object.keys(table).join(', ')}`);
}

function schedPolicy(raw: unknown, path: string): SchedPolicy {
  if (raw === 'Cooperative') return { kind: 'cooperative' };
  if (raw === 'RoundRobin') return { kind: 'round_robin' };
  if (raw === 'ProgressAware') return { kind: 'progress_aware' };
  const p = isObject(raw) ? raw['Priority'] : undefined;
  if (p === 'Aging') return { kind: 'priority_aging' };
  if (p === 'TokenWeighted') return { kind: 'priority_token_weighted' };
  if (isObject(p) && isObject(p['FixedMap'])) {
    const map: Record<number, number> = {};
    for (const [k, v] of Object.entries(p['FixedMap'])) {
      if (!/^\d+$/.test(k))
        bad(`${path}.Priority.FixedMap`, `coroutine ids are decimal keys, got ${JSON.stringify(k)}`);
      map[Number(k)] = nat(v, `${path}.Priority.FixedMap[${JSON.stringify(k)}]`);
    }
    return { kind: 'priority_fixed', map };
  }
  return bad(path, 'expected a scheduling policy');
}

function backpressure(raw: unknown, path: string): BackpressurePolicy {
  if (raw === 'Block') return { kind: 'block' };
  if (raw === 'Drop') return { kind: 'drop' };
  if (raw === 'Error') return { kind: 'error' };
  if (isObject(raw) && isObject(raw['Resize']))
    return { kind: 'resize', maxCapacity: nat(raw['Resize']['max_capacity'], `${path}.Resize.max_capacity`) };
  return bad(path, 'expected "Block", "Drop", "Error" or {"Resize":{"max_capacity":N}}');
}

function bufferConfig(raw: unknown, path: string): BufferConfig {
  if (!isObject(raw)) return bad(path, 'expected {"mode", "initial_capacity", "policy"}');
  return {
    mode: oneOf(raw['mode'] ?? 'Fifo', `${path}.mode`, { Fifo: 'fifo', LatestValue: 'latest_value' } as const),
    initialCapacity: nat(raw['initial_capacity'] ?? 16, `${path}.initial_capacity`),
    policy: backpressure(raw['policy'] ?? 'Block', `${path}.policy`),
  };
}

function edge(raw: unknown, path: string): Edge {
  if (!isObject(raw)) return bad(path, 'expected {"sid", "sender", "receiver"}');
  return {
    sid: nat(raw['sid'], `${path}.sid`),
    sender: str(raw['sender'], `${path}.sender`),
    receiver: str(raw['receiver'], `${path}.receiver`),
  };
}

function flowPredicate(raw: unknown, path: string): FlowPredicate {
  if (raw === 'EndpointRoleMatchesTarget') return { kind: 'endpoint_role_matches_target' };
  if (!isObject(raw) || Object.keys(raw).length !== 1) return bad(path, 'expected a flow predicate');
  const [tag, body] = Object.entries(raw)[0] as [string, unknown];
  switch (tag) {
    case 'TargetRolePrefix':
      return { kind: 'target_role_prefix', prefix: str(body, `${path}.${tag}`) };
    case 'FactContains':
      return { kind: 'fact_contains', fragment: str(body, `${path}.${tag}`) };
    case 'All':
    case 'Any': {
      if (!Array.isArray(body)) return bad(`${path}.${tag}`, 'expected an array of predicates');
      const predicates = body.map((q, i) => flowPredicate(q, `${path}.${tag}[${i}]`));
      return { kind: tag === 'All' ? 'all' : 'any', predicates };
    }
    default:
      return bad(path, `unknown flow predicate ${JSON.stringify(tag)}`);
  }
}

function flowPolicy(raw: unknown, path: string): FlowPolicy {
  if (raw === 'AllowAll') return 'allow_all';
  if (raw === 'DenyAll') return 'deny_all';
  if (isObject(raw) && 'AllowRoles' in raw)
    return { kind: 'allow_roles', roles: strings(raw['AllowRoles'], `${path}.AllowRoles`) };
  if (isObject(raw) && 'DenyRoles' in raw)
    return { kind: 'deny_roles', roles: strings(raw['DenyRoles'], `${path}.DenyRoles`) };
  if (isObject(raw) && 'PredicateExpr' in raw)
    return { kind: 'predicate', predicate: flowPredicate(raw['PredicateExpr'], `${path}.PredicateExpr`) };
  return bad(path, 'expected "AllowAll", "DenyAll", {"AllowRoles":[..]}, {"DenyRoles":[..]} or {"PredicateExpr":..}');
}

function failure(raw: unknown, path: string): TopologyFailure {
  if (!isObject(raw) || Object.keys(raw).length !== 1) return bad(path, 'expected a failure');
  const [tag, body] = Object.entries(raw)[0] as [string, unknown];
  const p = `${path}.${tag}`;
  const o = isObject(body) ? body : bad(p, 'expected an object');
  switch (tag) {
    case 'Crash':
      return { kind: 'crash', site: str(o['site'], `${p}.site`) };
    case 'Partition':
    case 'Heal': {
      const edges = Array.isArray(o['edges'])
        ? o['edges'].map((e, i) => edge(e, `${p}.edges[${i}]`))
        : bad(`${p}.edges`, 'expected an array of edges');
      return { kind: tag === 'Partition' ? 'partition' : 'heal', edges };
    }
    case 'Corrupt':
      return { kind: 'corrupt', edge: edge(o['edge'], `${p}.edge`), seqNo: nat(o['seq_no'], `${p}.seq_no`) };
    case 'Timeout':
      return { kind: 'timeout', edge: edge(o['edge'], `${p}.edge`), deadline: nat(o['deadline'], `${p}.deadline`) };
    default:
      return bad(path, `unknown failure ${JSON.stringify(tag)}`);
  }
}

/** The configuration object (everything optional; validated afterwards by `resolveImageConfig`). */
export function decodeConfig(raw: unknown, path: string): Partial<FullMachineConfig> {
  if (raw === undefined || raw === null) return {};
  if (!isObject(raw)) return bad(path, 'a machine config must be a JSON object');
  const c: Mutable<FullMachineConfig> = {};
  const f = (k: string): unknown => raw[k];
  const at = (k: string): string => `${path}.${k}`;
  const natFields = [
    ['config_schema_version', 'configSchemaVersion'],
    ['max_sessions', 'maxSessions'],
    ['max_coroutines', 'maxCoroutines'],
    ['num_registers', 'numRegisters'],
    ['max_speculation_depth', 'maxSpeculationDepth'],
    ['instruction_cost', 'instructionCost'],
    ['max_payload_bytes', 'maxPayloadBytes'],
    ['initial_progress_tokens', 'initialProgressTokens'],
  ] as const;
  for (const [json, k] of natFields) if (f(json) !== undefined) c[k] = nat(f(json), at(json));
  if (f('speculation_enabled') !== undefined)
    c.speculationEnabled = bool(f('speculation_enabled'), at('speculation_enabled'));
  if (f('sched_policy') !== undefined) c.schedPolicy = schedPolicy(f('sched_policy'), at('sched_policy'));
  if (f('buffer_config') !== undefined) c.bufferConfig = bufferConfig(f('buffer_config'), at('buffer_config'));
  if (f('monitor_mode') !== undefined)
    c.monitorMode = oneOf(f('monitor_mode'), at('monitor_mode'), {
      SessionTypePrecheck: 'session_type_precheck',
      Off: 'off',
    } as const);
  if (f('payload_validation_mode') !== undefined)
    c.payloadValidationMode = oneOf(f('payload_validation_mode'), at('payload_validation_mode'), {
      off: 'off',
      structural: 'structural',
      strict_schema: 'strict_schema',
    } as const);
  if (f('communication_replay_mode') !== undefined)
    c.communicationReplayMode = oneOf(f('communication_replay_mode'), at('communication_replay_mode'), {
      off: 'off',
      sequence: 'sequence',
      nullifier: 'nullifier',
    } as const);
  const icb = f('initial_cost_budget');
  if (icb !== undefined) {
    if (typeof icb === 'bigint' && icb >= 0n) c.initialCostBudget = icb;
    else if (typeof icb === 'string' && /^\d+$/.test(icb)) c.initialCostBudget = BigInt(icb);
    else c.initialCostBudget = BigInt(nat(icb, at('initial_cost_budget')));
  }
  const ocp = f('output_condition_policy');
  if (ocp !== undefined) {
    const list = isObject(ocp) ? ocp['PredicateAllowList'] : undefined;
    c.outputConditionPolicy =
      list !== undefined
        ? {
            kind: 'predicate_allow_list',
            predicates: strings(list, `${at('output_condition_policy')}.PredicateAllowList`),
          }
        : {
            kind: oneOf(ocp, at('output_condition_policy'), {
              AllowAll: 'allow_all',
              Disabled: 'disabled',
              DenyAll: 'deny_all',
            } as const),
          };
  }
  // Fields without effect on the run are read for validation only.
  if (f('determinism_mode') !== undefined)
    c.determinismMode = oneOf(f('determinism_mode'), at('determinism_mode'), {
      Full: 'full',
      ModuloEffects: 'modulo_effects',
      ModuloCommutativity: 'modulo_commutativity',
      Replay: 'replay',
    } as const);
  const hca = f('host_contract_assertions');
  if (hca !== undefined)
    c.hostContractAssertions =
      hca === true
        ? 'enforced'
        : hca === false
          ? 'relaxed_test_only'
          : oneOf(hca, at('host_contract_assertions'), {
              enforced: 'enforced',
              relaxed_test_only: 'relaxed_test_only',
            } as const);
  const ret = f('observability_retention');
  if (ret !== undefined) {
    if (!isObject(ret)) bad(at('observability_retention'), 'expected {"mode", "capacity"}');
    const r = ret as Record<string, unknown>;
    c.observabilityRetention = {
      mode: oneOf(r['mode'] ?? 'full', `${at('observability_retention')}.mode`, {
        full: 'full',
        capped: 'capped',
      } as const),
      capacity: nat(r['capacity'] ?? 4096, `${at('observability_retention')}.capacity`),
    };
  }
  // Tier 2.
  const gl = f('guard_layers');
  if (gl !== undefined) {
    if (!Array.isArray(gl)) bad(at('guard_layers'), 'expected an array of layers');
    c.guardLayers = (gl as unknown[]).map((g, i): GuardLayerSpec => {
      if (typeof g === 'string') return g;
      if (!isObject(g)) return bad(`${at('guard_layers')}[${i}]`, 'expected {"id", "active"} or a layer id');
      const p = `${at('guard_layers')}[${i}]`;
      return {
        id: str(g['id'], `${p}.id`),
        active: bool(g['active'] ?? true, `${p}.active`),
        denied: bool(g['denied'] ?? false, `${p}.denied`),
      };
    });
  }
  if (f('flow_policy') !== undefined) c.flowPolicy = flowPolicy(f('flow_policy'), at('flow_policy'));
  const ebc = f('edge_buffer_configs');
  if (ebc !== undefined) {
    if (!Array.isArray(ebc)) bad(at('edge_buffer_configs'), 'expected an array');
    c.edgeBufferConfigs = (ebc as unknown[]).map((e, i): EdgeBufferConfig => {
      const p = `${at('edge_buffer_configs')}[${i}]`;
      if (!isObject(e)) return bad(p, 'expected {"sender", "receiver", "sid"?, "config"}');
      const sid = e['sid'] === undefined ? undefined : nat(e['sid'], `${p}.sid`);
      const base = {
        sender: str(e['sender'], `${p}.sender`),
        receiver: str(e['receiver'], `${p}.receiver`),
        config: bufferConfig(e['config'], `${p}.config`),
      };
      return sid === undefined ? base : { ...base, sid };
    });
  }
  const tp = f('topology_perturbations');
  if (tp !== undefined) {
    if (!Array.isArray(tp)) bad(at('topology_perturbations'), 'expected an array');
    c.topologyPerturbations = (tp as unknown[]).map((e, i): TopologyPerturbation => {
      const p = `${at('topology_perturbations')}[${i}]`;
      if (!isObject(e)) return bad(p, 'expected {"tick", "failure"}');
      return { tick: nat(e['tick'], `${p}.tick`), failure: failure(e['failure'], `${p}.failure`) };
    });
  }
  if (f('progress_token_policy') !== undefined)
    c.progressTokenPolicy = oneOf(f('progress_token_policy'), at('progress_token_policy'), {
      carry: 'carry',
      consume: 'consume',
    } as const);
  return c;
}

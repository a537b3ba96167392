/**
 * The Tier-2 fields of the machine configuration in JSON (docs/machine.md "Tier 2"): Rust serde
 * shapes where Rust has the field (`guard_layers` as `{"id","active"}`, `flow_policy` as
 * `"AllowAll"` / `{"AllowRoles":[..]}` / `{"PredicateExpr":..}`), ours in the same style otherwise
 * (`edge_buffer_configs`, `topology_perturbations`, `initial_progress_tokens`,
 * `progress_token_policy`).
 */
import type { BackpressurePolicy, BufferConfig, Edge } from '../../types/machine.js';
import type {
  EdgeBufferConfig,
  FlowPolicy,
  FlowPredicate,
  GuardLayerSpec,
  MachineTier2Config,
  TopologyFailure,
  TopologyPerturbation,
} from '../../types/machineTier2.js';

/** Reports a bad field (throws in the caller's style). */
export type Fail = (path: string, what: string) => never;

const isObj = (raw: unknown): raw is Record<string, unknown> =>
  typeof raw === 'object' && raw !== null && !Array.isArray(raw);

interface Readers {
  readonly fail: Fail;
  readonly nat: (raw: unknown, path: string) => number;
  readonly bufferConfig: (raw: unknown, path: string) => BufferConfig;
}

function str(r: Readers, raw: unknown, path: string): string {
  return typeof raw === 'string' ? raw : r.fail(path, 'expected a string');
}

function strings(r: Readers, raw: unknown, path: string): string[] {
  return Array.isArray(raw)
    ? raw.map((x, i) => str(r, x, `${path}[${i}]`))
    : r.fail(path, 'expected an array of strings');
}

function bool(r: Readers, raw: unknown, path: string): boolean {
  return typeof raw === 'boolean' ? raw : r.fail(path, 'expected true or false');
}

function edge(r: Readers, raw: unknown, path: string): Edge {
  if (!isObj(raw)) return r.fail(path, 'expected {"sid", "sender", "receiver"}');
  return {
    sid: r.nat(raw['sid'], `${path}.sid`),
    sender: str(r, raw['sender'], `${path}.sender`),
    receiver: str(r, raw['receiver'], `${path}.receiver`),
  };
}

function predicate(r: Readers, raw: unknown, path: string): FlowPredicate {
  if (raw === 'EndpointRoleMatchesTarget') return { kind: 'endpoint_role_matches_target' };
  if (!isObj(raw) || Object.keys(raw).length !== 1) return r.fail(path, 'expected a flow predicate');
  const [tag, body] = Object.entries(raw)[0] as [string, unknown];
  const p = `${path}.${tag}`;
  switch (tag) {
    case 'TargetRolePrefix':
      return { kind: 'target_role_prefix', prefix: str(r, body, p) };
    case 'FactContains':
      return { kind: 'fact_contains', fragment: str(r, body, p) };
    case 'All':
    case 'Any':
      if (!Array.isArray(body)) return r.fail(p, 'expected an array of predicates');
      return { kind: tag === 'All' ? 'all' : 'any', predicates: body.map((q, i) => predicate(r, q, `${p}[${i}]`)) };
    default:
      return r.fail(path, `unknown flow predicate ${JSON.stringify(tag)}`);
  }
}

function flowPolicy(r: Readers, raw: unknown, path: string): FlowPolicy {
  if (raw === 'AllowAll') return 'allow_all';
  if (raw === 'DenyAll') return 'deny_all';
  if (isObj(raw) && 'AllowRoles' in raw)
    return { kind: 'allow_roles', roles: strings(r, raw['AllowRoles'], `${path}.AllowRoles`) };
  if (isObj(raw) && 'DenyRoles' in raw)
    return { kind: 'deny_roles', roles: strings(r, raw['DenyRoles'], `${path}.DenyRoles`) };
  if (isObj(raw) && 'PredicateExpr' in raw)
    return { kind: 'predicate', predicate: predicate(r, raw['PredicateExpr'], `${path}.PredicateExpr`) };
  return r.fail(
    path,
    'expected "AllowAll", "DenyAll", {"AllowRoles":[..]}, {"DenyRoles":[..]} or {"PredicateExpr":..}',
  );
}

function failure(r: Readers, raw: unknown, path: string): TopologyFailure {
  if (!isObj(raw) || Object.keys(raw).length !== 1) return r.fail(path, 'expected a failure');
  const [tag, body] = Object.entries(raw)[0] as [string, unknown];
  const p = `${path}.${tag}`;
  if (!isObj(body)) return r.fail(p, 'expected an object');
  switch (tag) {
    case 'Crash':
      return { kind: 'crash', site: str(r, body['site'], `${p}.site`) };
    case 'Partition':
    case 'Heal': {
      const raw = body['edges'];
      if (!Array.isArray(raw)) return r.fail(`${p}.edges`, 'expected an array of edges');
      return {
        kind: tag === 'Partition' ? 'partition' : 'heal',
        edges: raw.map((e, i) => edge(r, e, `${p}.edges[${i}]`)),
      };
    }
    case 'Corrupt':
      return { kind: 'corrupt', edge: edge(r, body['edge'], `${p}.edge`), seqNo: r.nat(body['seq_no'], `${p}.seq_no`) };
    case 'Timeout':
      return {
        kind: 'timeout',
        edge: edge(r, body['edge'], `${p}.edge`),
        deadline: r.nat(body['deadline'], `${p}.deadline`),
      };
    default:
      return r.fail(path, `unknown failure ${JSON.stringify(tag)}`);
  }
}

/** Reads the Tier-2 fields present in `raw` (a config object); absent fields stay absent. */
export function decodeTier2Fields(raw: Record<string, unknown>, r: Readers): Partial<MachineTier2Config> {
  const c: { -readonly [K in keyof MachineTier2Config]?: MachineTier2Config[K] } = {};
  const gl = raw['guard_layers'];
  if (gl !== undefined) {
    if (!Array.isArray(gl)) r.fail('$.guard_layers', 'expected an array of layers ({"id","active"} or ids)');
    c.guardLayers = (gl as unknown[]).map((g, i): GuardLayerSpec => {
      const p = `$.guard_layers[${i}]`;
      if (typeof g === 'string') return g;
      if (!isObj(g)) return r.fail(p, 'expected {"id", "active"} or a layer id');
      const layer = { id: str(r, g['id'], `${p}.id`), active: bool(r, g['active'] ?? true, `${p}.active`) };
      return g['denied'] === undefined ? layer : { ...layer, denied: bool(r, g['denied'], `${p}.denied`) };
    });
  }
  if (raw['flow_policy'] !== undefined) c.flowPolicy = flowPolicy(r, raw['flow_policy'], '$.flow_policy');
  const ebc = raw['edge_buffer_configs'];
  if (ebc !== undefined) {
    if (!Array.isArray(ebc)) r.fail('$.edge_buffer_configs', 'expected an array');
    c.edgeBufferConfigs = (ebc as unknown[]).map((e, i): EdgeBufferConfig => {
      const p = `$.edge_buffer_configs[${i}]`;
      if (!isObj(e)) return r.fail(p, 'expected {"sender", "receiver", "sid"?, "config"}');
      const base = {
        sender: str(r, e['sender'], `${p}.sender`),
        receiver: str(r, e['receiver'], `${p}.receiver`),
        config: r.bufferConfig(e['config'], `${p}.config`),
      };
      return e['sid'] === undefined ? base : { ...base, sid: r.nat(e['sid'], `${p}.sid`) };
    });
  }
  const tp = raw['topology_perturbations'];
  if (tp !== undefined) {
    if (!Array.isArray(tp)) r.fail('$.topology_perturbations', 'expected an array');
    c.topologyPerturbations = (tp as unknown[]).map((e, i): TopologyPerturbation => {
      const p = `$.topology_perturbations[${i}]`;
      if (!isObj(e)) return r.fail(p, 'expected {"tick", "failure"}');
      return { tick: r.nat(e['tick'], `${p}.tick`), failure: failure(r, e['failure'], `${p}.failure`) };
    });
  }
  if (raw['initial_progress_tokens'] !== undefined)
    c.initialProgressTokens = r.nat(raw['initial_progress_tokens'], '$.initial_progress_tokens');
  const ptp = raw['progress_token_policy'];
  if (ptp !== undefined) {
    if (ptp !== 'carry' && ptp !== 'consume') r.fail('$.progress_token_policy', 'expected "carry" or "consume"');
    c.progressTokenPolicy = ptp;
  }
  return c;
}

function encodePolicy(p: BackpressurePolicy): unknown {
  return p.kind === 'resize'
    ? { Resize: { max_capacity: p.maxCapacity } }
    : p.kind.charAt(0).toUpperCase() + p.kind.slice(1);
}

function encodeBuffer(b: BufferConfig): unknown {
  return {
    mode: b.mode === 'fifo' ? 'Fifo' : 'LatestValue',
    initial_capacity: b.initialCapacity,
    policy: encodePolicy(b.policy),
  };
}

function encodePredicate(p: FlowPredicate): unknown {
  switch (p.kind) {
    case 'target_role_prefix':
      return { TargetRolePrefix: p.prefix };
    case 'fact_contains':
      return { FactContains: p.fragment };
    case 'endpoint_role_matches_target':
      return 'EndpointRoleMatchesTarget';
    case 'all':
      return { All: p.predicates.map(encodePredicate) };
    case 'any':
      return { Any: p.predicates.map(encodePredicate) };
  }
}

function encodeFailure(f: TopologyFailure): unknown {
  switch (f.kind) {
    case 'crash':
      return { Crash: { site: f.site } };
    case 'partition':
      return { Partition: { edges: f.edges.map((e) => ({ ...e })) } };
    case 'heal':
      return { Heal: { edges: f.edges.map((e) => ({ ...e })) } };
    case 'corrupt':
      return { Corrupt: { edge: { ...f.edge }, seq_no: f.seqNo } };
    case 'timeout':
      return { Timeout: { edge: { ...f.edge }, deadline: f.deadline } };
  }
}

function encodeFlowPolicy(fp: FlowPolicy): unknown {
  if (fp === 'allow_all') return 'AllowAll';
  if (fp === 'deny_all') return 'DenyAll';
  switch (fp.kind) {
    case 'allow_roles':
      return { AllowRoles: [...fp.roles] };
    case 'deny_roles':
      return { DenyRoles: [...fp.roles] };
    case 'predicate':
      return { PredicateExpr: encodePredicate(fp.predicate) };
  }
}

/** The Tier-2 fields in JSON ({@link decodeTier2Fields} reads them back). */
export function encodeTier2Fields(c: MachineTier2Config): Record<string, unknown> {
  return {
    guard_layers: c.guardLayers.map((g) =>
      typeof g === 'string' ? g : g.denied === undefined ? { id: g.id, active: g.active } : { ...g },
    ),
    flow_policy: encodeFlowPolicy(c.flowPolicy),
    edge_buffer_configs: c.edgeBufferConfigs.map((e) => ({
      sender: e.sender,
      receiver: e.receiver,
      ...(e.sid === undefined ? {} : { sid: e.sid }),
      config: encodeBuffer(e.config),
    })),
    topology_perturbations: c.topologyPerturbations.map((p) => ({ tick: p.tick, failure: encodeFailure(p.failure) })),
    initial_progress_tokens: c.initialProgressTokens,
    progress_token_policy: c.progressTokenPolicy,
  };
}

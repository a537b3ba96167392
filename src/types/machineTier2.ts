/**
 * Tier-2 protocol-machine shapes (machine.md §5.8, §15 "Tier 2"): guard layers, knowledge flow
 * policies, per-edge buffer configurations, topology perturbations, progress tokens and the Tier-2
 * machine events. The semantics follow the Lean files the spec names
 * (`lean/Runtime/ProtocolMachine/Semantics/Exec*.lean`, `Runtime/Failure/*.lean`); where Lean
 * leaves a model open (its unit model has no guard layers, no sites and no event for a
 * perturbation) docs/machine.md "Tier 2" states the concrete model we adopted.
 */

import type { BufferConfig, Edge, Endpoint, MachineConfig } from './machine.js';

/**
 * One guard layer (Lean `GuardChain` entry plus its resource): `active` is the chain's
 * hot-swap predicate (inactive → `acquire_fault "inactive layer"`), `denied` makes the layer's
 * `open_` refuse (Acquire blocks with `acquire_denied(layer)`). A bare string is an active,
 * granting layer of that id. Rust serde: `{"id":"g","active":true}` (`denied` is ours).
 * @example `{ id: 'audit', active: true, denied: false }`
 * @public
 */
export interface GuardLayerConfig {
  readonly id: string;
  readonly active: boolean;
  /** @defaultValue false */
  readonly denied?: boolean;
}

/** A guard layer given by id only (active, granting) or in full. @example `'audit'` @public */
export type GuardLayerSpec = string | GuardLayerConfig;

/**
 * A serializable knowledge-flow predicate (Lean `FlowPredicate`, Rust `FlowPredicate`).
 * @example `{ kind: 'any', predicates: [{ kind: 'target_role_prefix', prefix: 'Obs' }, { kind: 'endpoint_role_matches_target' }] }`
 * @public
 */
export type FlowPredicate =
  | { readonly kind: 'target_role_prefix'; readonly prefix: string }
  | { readonly kind: 'fact_contains'; readonly fragment: string }
  | { readonly kind: 'endpoint_role_matches_target' }
  | { readonly kind: 'all' | 'any'; readonly predicates: readonly FlowPredicate[] };

/**
 * Knowledge-flow policy read by `Check` (Lean `FlowPolicy.allowsKnowledge`). Rust serde:
 * `"AllowAll"`, `"DenyAll"`, `{"AllowRoles":["B"]}`, `{"DenyRoles":["C"]}`, `{"PredicateExpr":…}`.
 * @example `{ kind: 'allow_roles', roles: ['Auditor'] }`
 * @public
 */
export type FlowPolicy =
  | 'allow_all'
  | 'deny_all'
  | { readonly kind: 'allow_roles' | 'deny_roles'; readonly roles: readonly string[] }
  | { readonly kind: 'predicate'; readonly predicate: FlowPredicate };

/**
 * A buffer configuration for the edges it names (Lean `bufferConfig : Edge → BufferConfig`):
 * the first entry whose `sender`/`receiver` (and `sid`, when given) match an edge wins; other
 * edges use `bufferConfig`.
 * @example `{ sender: 'A', receiver: 'B', config: { mode: 'fifo', initialCapacity: 1, policy: { kind: 'drop' } } }`
 * @public
 */
export interface EdgeBufferConfig {
  readonly sender: string;
  readonly receiver: string;
  readonly sid?: number;
  readonly config: BufferConfig;
}

/**
 * One failure event (Lean `Failure`, `Runtime/Failure/Core.lean`). Sites are role names (our
 * identity model: every role is its own site).
 * @example `{ kind: 'timeout', edge: { sid: 0, sender: 'A', receiver: 'B' }, deadline: 3 }`
 * @public
 */
export type TopologyFailure =
  | { readonly kind: 'crash'; readonly site: string }
  | { readonly kind: 'partition' | 'heal'; readonly edges: readonly Edge[] }
  | { readonly kind: 'corrupt'; readonly edge: Edge; readonly seqNo: number }
  | { readonly kind: 'timeout'; readonly edge: Edge; readonly deadline: number };

/**
 * A failure applied at the start of the round with tick `tick` (after the clock advances, before
 * receivers are unblocked), in list order (Lean `ingressTick`).
 * @example `{ tick: 2, failure: { kind: 'crash', site: 'B' } }`
 * @public
 */
export interface TopologyPerturbation {
  readonly tick: number;
  readonly failure: TopologyFailure;
}

/**
 * What `Receive`/`Choose` do with progress tokens: `carry` (Lean: tokens are carried, never
 * consumed) or `consume` (each receive needs and consumes the receiver's token, else
 * `no_progress_token(edge)`).
 * @example `'consume'`
 * @public
 */
export type ProgressTokenPolicy = 'carry' | 'consume';

/**
 * The Tier-2 configuration fields (machine.md §9.1 "Tier 2" rows plus ours), with their defaults
 * in {@link kTier2ConfigDefaults}.
 * @example `{ ...kTier2ConfigDefaults, guardLayers: [{ id: 'g', active: true }] }`
 * @public
 */
export interface MachineTier2Config {
  /** Guard chain with resources. @defaultValue `[]` */
  readonly guardLayers: readonly GuardLayerSpec[];
  /** Knowledge-flow policy of `Check`. @defaultValue 'allow_all' */
  readonly flowPolicy: FlowPolicy;
  /** Per-edge buffer overrides. @defaultValue `[]` */
  readonly edgeBufferConfigs: readonly EdgeBufferConfig[];
  /** Failures injected by tick. @defaultValue `[]` */
  readonly topologyPerturbations: readonly TopologyPerturbation[];
  /** Progress tokens each loaded coroutine starts with (all for its own endpoint). @defaultValue 0 */
  readonly initialProgressTokens: number;
  /** @defaultValue 'carry' */
  readonly progressTokenPolicy: ProgressTokenPolicy;
}

/**
 * Defaults of {@link MachineTier2Config}: the Tier-1 machine (no layers, flows allowed, one buffer
 * config, no perturbations, no tokens).
 * @example `const cfg = { ...kTier2ConfigDefaults, initialProgressTokens: 2 };`
 * @public
 */
export const kTier2ConfigDefaults: MachineTier2Config = Object.freeze({
  guardLayers: [],
  flowPolicy: 'allow_all',
  edgeBufferConfigs: [],
  topologyPerturbations: [],
  initialProgressTokens: 0,
  progressTokenPolicy: 'carry',
} satisfies MachineTier2Config);

/**
 * A whole machine configuration with the Tier-2 fields: the same type as {@link MachineConfig}
 * (which extends {@link MachineTier2Config}); kept as a name for the image executor's options.
 * @example `const cfg: FullMachineConfig = { ...kMachineConfigDefaults, speculationEnabled: true };`
 * @public
 */
export type FullMachineConfig = MachineConfig;

/** A knowledge fact (Lean `Knowledge`): a string bound to an endpoint. @example `{ endpoint: { sid: 0, role: 'A' }, payload: 'secret' }` @public */
export interface KnowledgeFact {
  readonly endpoint: Endpoint;
  readonly payload: string;
}

/** Why a session ended (Lean `SessionTerminalReason`). @example `{ kind: 'cancelled', text: 'timeout sid=0 deadline=2' }` @public */
export interface SessionTerminalReason {
  readonly kind: 'closed' | 'cancelled' | 'aborted' | 'faulted';
  readonly text: string;
}

/** Why an owner's session was cancelled (Lean `OwnershipTerminalReason`). @example `{ kind: 'owner_died', ownerId: 'B' }` @public */
export type OwnershipTerminalReason =
  | { readonly kind: 'owner_died'; readonly ownerId: string }
  | { readonly kind: 'transfer_abandoned'; readonly ownerId: string; readonly claimId: number }
  | {
      readonly kind: 'transfer_commit_failed';
      readonly ownerId: string;
      readonly claimId: number;
      readonly reason: string;
    };

/**
 * The Tier-2 machine events (machine.md §12.1; Lean `ObsEvent`). JSON: the Lean `obsEventToJson`
 * shapes of machine.md §12.2.
 * @example `{ tick: 3, kind: 'forked', sid: 7, ghost: 7 }`
 * @public
 */
export type Tier2MachineEvent =
  | {
      readonly tick: number;
      readonly kind: 'acquired' | 'released';
      readonly layer: string;
      readonly endpoint: Endpoint;
    }
  | {
      readonly tick: number;
      readonly kind: 'transferred';
      readonly endpoint: Endpoint;
      readonly from: number;
      readonly to: number;
    }
  | { readonly tick: number; readonly kind: 'forked'; readonly sid: number; readonly ghost: number }
  | { readonly tick: number; readonly kind: 'joined' | 'aborted'; readonly sid: number }
  | { readonly tick: number; readonly kind: 'tagged'; readonly fact: KnowledgeFact }
  | { readonly tick: number; readonly kind: 'checked'; readonly target: string; readonly permitted: boolean }
  | {
      readonly tick: number;
      readonly kind: 'session_terminal';
      readonly sid: number;
      readonly reason: SessionTerminalReason;
    }
  | {
      readonly tick: number;
      readonly kind: 'timeout_issued';
      readonly site: string;
      readonly untilTick: number;
      readonly witnessId: number;
    }
  | {
      readonly tick: number;
      readonly kind: 'cancellation_requested';
      readonly sid: number;
      readonly witnessId: number;
      readonly ownerId: string;
      readonly reason: OwnershipTerminalReason;
    }
  | {
      readonly tick: number;
      readonly kind: 'cancelled';
      readonly sid: number;
      readonly witnessId: number;
      readonly reason: OwnershipTerminalReason;
    };

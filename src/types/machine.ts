/**
 * Protocol-machine data shapes (machine.md §2–§12). In-memory shapes use camelCase; the JSON
 * encodings (Rust serde inside code images, Lean/bridge inside events) are produced by the codecs
 * of `src/machine/` (`encodeValue`, `encodeInstruction`, `eventToJson`, ...), never by
 * `JSON.stringify` on these objects (Nat values are `bigint`).
 */

import type { GlobalType, LocalType, ValType } from './session.js';
import type { MachineTier2Config, Tier2MachineEvent } from './machineTier2.js';

/** Natural number payload (machine.md §2.1): an integer in `[0, 2^64 - 1]`. @example `const n: Nat = 5n;` @public */
export type Nat = bigint;

/**
 * One role's end of one session (machine.md §2.2). JSON (both encodings): `{"sid":0,"role":"A"}`.
 * @example `{ sid: 0, role: 'A' }`
 * @public
 */
export interface Endpoint {
  readonly sid: number;
  readonly role: string;
}

/**
 * A directed channel inside one session (machine.md §2.2). Rust JSON
 * `{"sid":0,"sender":"A","receiver":"B"}`; flattened to `session`/`sender`/`receiver` in Lean JSON.
 * @example `{ sid: 0, sender: 'A', receiver: 'B' }`
 * @public
 */
export interface Edge {
  readonly sid: number;
  readonly sender: string;
  readonly receiver: string;
}

/**
 * A runtime value (machine.md §2.1, six variants). JSON: Rust serde (`"Unit"`, `{"Nat":5}`,
 * `{"Bool":true}`, `{"Str":"s"}`, `{"Prod":[a,b]}`, `{"Endpoint":{"sid":0,"role":"A"}}`) or Lean
 * (`{"kind":"nat","value":5}`, `{"kind":"chan","session":0,"role":"A"}`, ...); see `encodeValue`.
 * @example `{ kind: 'nat', value: 5n }`
 * @public
 */
export type Value =
  | { readonly kind: 'unit' }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'nat'; readonly value: Nat }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'prod'; readonly left: Value; readonly right: Value }
  | { readonly kind: 'chan'; readonly endpoint: Endpoint };

/** Progress token (machine.md §2.2); no Tier-1 instruction creates one. @example `{ sid: 0, endpoint: { sid: 0, role: 'A' } }` @public */
export interface ProgressToken {
  readonly sid: number;
  readonly endpoint: Endpoint;
}

/**
 * The machine's own de Bruijn local type (machine.md §3.1; Lean `Protocol.LocalType`).
 * `var.index` counts binders outward from 0.
 * @example `{ kind: 'select', partner: 'B', branches: [{ label: 'ping', cont: { kind: 'end' } }] }`
 * @public
 */
export type SessionType =
  | { readonly kind: 'send' | 'recv'; readonly partner: string; readonly payload: ValType; readonly cont: SessionType }
  | { readonly kind: 'select' | 'branch'; readonly partner: string; readonly branches: readonly SessionBranch[] }
  | { readonly kind: 'end' }
  | { readonly kind: 'var'; readonly index: number }
  | { readonly kind: 'mu'; readonly body: SessionType };

/** One `(label, continuation)` of a de Bruijn `select`/`branch`. @example `{ label: 'ping', cont: { kind: 'end' } }` @public */
export interface SessionBranch {
  readonly label: string;
  readonly cont: SessionType;
}

/**
 * A fault (machine.md §8.1, the 13 Lean kinds). JSON (our canonical) is this object with
 * ValTypes in the {@link ValType} shape and endpoints/edges as objects; the fault *tag* is
 * `faultTag(f)`.
 * @example `{ kind: 'unknown_label', label: 'x' }`
 * @public
 */
export type Fault =
  | { readonly kind: 'type_violation'; readonly expected: ValType; readonly actual: ValType }
  | { readonly kind: 'unknown_label'; readonly label: string }
  | { readonly kind: 'channel_closed'; readonly endpoint: Endpoint }
  | { readonly kind: 'invalid_signature'; readonly edge: Edge }
  | { readonly kind: 'acquire_fault'; readonly layer: string; readonly msg: string }
  | {
      readonly kind: 'invoke_fault' | 'transfer_fault' | 'close_fault' | 'spec_fault' | 'flow_violation';
      readonly msg: string;
    }
  | { readonly kind: 'no_progress_token'; readonly edge: Edge }
  | { readonly kind: 'out_of_credits' }
  | { readonly kind: 'out_of_registers' };

/**
 * Why a coroutine is blocked (machine.md §2.5). The step-state tag is `kind`.
 * @example `{ kind: 'recv_wait', edge: { sid: 0, sender: 'B', receiver: 'A' }, token: { sid: 0, endpoint: { sid: 0, role: 'A' } } }`
 * @public
 */
export type BlockReason =
  | { readonly kind: 'recv_wait'; readonly edge: Edge; readonly token: ProgressToken }
  | { readonly kind: 'send_wait'; readonly edge: Edge }
  | { readonly kind: 'acquire_denied'; readonly layer: string }
  | { readonly kind: 'invoke_wait'; readonly handler: string }
  | { readonly kind: 'consensus_wait'; readonly tag: string }
  | { readonly kind: 'spawn_wait' }
  | { readonly kind: 'close_wait'; readonly sid: number };

/** Coroutine status (machine.md §2.5). Runnable ⇔ `ready`/`speculating`; terminal ⇔ `done`/`faulted`. @example `{ kind: 'faulted', fault: { kind: 'out_of_registers' } }` @public */
export type CoroStatus =
  | { readonly kind: 'ready' }
  | { readonly kind: 'blocked'; readonly reason: BlockReason }
  | { readonly kind: 'done' }
  | { readonly kind: 'faulted'; readonly fault: Fault }
  | { readonly kind: 'speculating' };

/**
 * Result of one step (machine.md §6 stage 6). `kind` is the `exec_status` tag of step states.
 * @example `{ kind: 'blocked', reason: { kind: 'spawn_wait' } }`
 * @public
 */
export type ExecStatus =
  | { readonly kind: 'continue' | 'yielded' | 'halted' | 'joined' | 'aborted' }
  | { readonly kind: 'blocked'; readonly reason: BlockReason }
  | { readonly kind: 'faulted'; readonly fault: Fault }
  | { readonly kind: 'spawned'; readonly coroId: number }
  | { readonly kind: 'transferred'; readonly endpoint: Endpoint; readonly target: number }
  | { readonly kind: 'closed'; readonly sid: number }
  | { readonly kind: 'forked'; readonly ghost: number };

/**
 * A machine event (machine.md §12.0/§12.1): the Tier-1 inventory and the Tier-2 events
 * ({@link Tier2MachineEvent}). JSON: `eventToJson` (Lean `obsEventToJson` shape, §12.2).
 * @example `{ tick: 1, kind: 'offered', edge: { sid: 0, sender: 'A', receiver: 'B' }, label: 'ping' }`
 * @public
 */
export type MachineEvent =
  | {
      readonly tick: number;
      readonly kind: 'sent' | 'received';
      readonly edge: Edge;
      readonly value: Value;
      readonly seq: number;
    }
  | { readonly tick: number; readonly kind: 'offered' | 'chose'; readonly edge: Edge; readonly label: string }
  | { readonly tick: number; readonly kind: 'opened'; readonly sid: number; readonly roles: readonly string[] }
  | { readonly tick: number; readonly kind: 'closed'; readonly sid: number }
  | { readonly tick: number; readonly kind: 'epoch_advanced'; readonly sid: number; readonly epoch: number }
  | { readonly tick: number; readonly kind: 'invoked'; readonly endpoint: Endpoint; readonly action: string }
  | { readonly tick: number; readonly kind: 'halted'; readonly coroId: number }
  | { readonly tick: number; readonly kind: 'faulted'; readonly coroId: number; readonly fault: Fault }
  | {
      readonly tick: number;
      readonly kind: 'failure_branch_entered';
      readonly sid: number;
      readonly coroId: number;
      /** The fault tag (machine.md §8.1). */
      readonly fault: string;
    }
  | Tier2MachineEvent;

/**
 * One instruction (machine.md §5). `op` is the Rust serde tag; JSON via `encodeInstruction` /
 * `decodeInstruction` (`{"Offer":{"chan":0,"label":"ping"}}`, `"Halt"`, ...). `Invoke.action` is a
 * named action (string) or a register index (number), as the untagged Rust JSON.
 * @example `{ op: 'Choose', chan: 0, table: [['ping', 6]] }`
 * @public
 */
export type Instruction =
  | { readonly op: 'Send'; readonly chan: number; readonly val: number }
  | { readonly op: 'Receive'; readonly chan: number; readonly dst: number }
  | { readonly op: 'Offer'; readonly chan: number; readonly label: string }
  | { readonly op: 'Choose'; readonly chan: number; readonly table: readonly (readonly [string, number])[] }
  | {
      readonly op: 'Open';
      readonly roles: readonly string[];
      readonly localTypes: readonly (readonly [string, LocalType])[];
      readonly handlers: readonly (readonly [readonly [string, string], string])[];
      readonly dsts: readonly (readonly [string, number])[];
    }
  | { readonly op: 'Close'; readonly session: number }
  | { readonly op: 'Invoke'; readonly action: string | number }
  | { readonly op: 'Acquire'; readonly layer: string; readonly dst: number }
  | { readonly op: 'Release'; readonly layer: string; readonly evidence: number }
  | { readonly op: 'Fork'; readonly ghost: number }
  | { readonly op: 'Join' | 'Abort' | 'Yield' | 'Halt' }
  | { readonly op: 'Transfer'; readonly endpoint: number; readonly target: number; readonly bundle: number }
  | { readonly op: 'Tag'; readonly fact: number; readonly dst: number }
  | { readonly op: 'Check'; readonly knowledge: number; readonly target: number; readonly dst: number }
  | { readonly op: 'Set'; readonly dst: number; readonly val: Value }
  | { readonly op: 'Move'; readonly dst: number; readonly src: number }
  | { readonly op: 'Jump'; readonly target: number }
  | { readonly op: 'Spawn'; readonly target: number; readonly args: readonly number[] };

/** Instruction tags (the `op` of {@link Instruction}). @example `const op: InstructionOp = 'Offer';` @public */
export type InstructionOp = Instruction['op'];

/** Backpressure policy (machine.md §4.2). Rust JSON `"Block"`, `{"Resize":{"max_capacity":8}}`. @example `{ kind: 'resize', maxCapacity: 8 }` @public */
export type BackpressurePolicy =
  { readonly kind: 'block' | 'drop' | 'error' } | { readonly kind: 'resize'; readonly maxCapacity: number };

/**
 * Buffer configuration (machine.md §4.2), one value for every edge.
 * @example `{ mode: 'fifo', initialCapacity: 16, policy: { kind: 'block' } }`
 * @public
 */
export interface BufferConfig {
  readonly mode: 'fifo' | 'latest_value';
  readonly initialCapacity: number;
  readonly policy: BackpressurePolicy;
}

/**
 * Scheduler policy (machine.md §7.5). Rust JSON `"Cooperative"`, `{"Priority":{"FixedMap":{"0":5}}}`, ...
 * @example `{ kind: 'priority_fixed', map: { 1: 5 } }`
 * @public
 */
export type SchedPolicy =
  | { readonly kind: 'cooperative' | 'round_robin' | 'progress_aware' | 'priority_aging' | 'priority_token_weighted' }
  | { readonly kind: 'priority_fixed'; readonly map: Readonly<Record<number, number>> };

/**
 * Machine configuration (machine.md §9.1): the camelCase of each Rust serde field, and the Tier-2
 * fields of {@link MachineTier2Config}; the defaults are `kMachineConfigDefaults`.
 * @example
 * ```ts
 * const cfg: MachineConfig = { ...kMachineConfigDefaults, numRegisters: 16 };
 * ```
 * @public
 */
export interface MachineConfig extends MachineTier2Config {
  /** @defaultValue 1 */ readonly configSchemaVersion: number;
  /** @defaultValue `{ kind: 'cooperative' }` */ readonly schedPolicy: SchedPolicy;
  /** @defaultValue `{ mode: 'fifo', initialCapacity: 16, policy: { kind: 'block' } }` */ readonly bufferConfig: BufferConfig;
  /** @defaultValue 256 */ readonly maxSessions: number;
  /** @defaultValue 1024 */ readonly maxCoroutines: number;
  /** @defaultValue 8 (MD-05) */ readonly numRegisters: number;
  /** No semantic effect. @defaultValue 1 */ readonly tickDurationMs: number;
  /** @defaultValue false */ readonly speculationEnabled: boolean;
  /** @defaultValue 16 */ readonly maxSpeculationDepth: number;
  /** Validated and recorded only. @defaultValue 'full' */
  readonly determinismMode: 'full' | 'modulo_effects' | 'modulo_commutativity' | 'replay';
  /** @defaultValue 'strict_deterministic' */
  readonly effectDeterminismTier: 'strict_deterministic' | 'replay_deterministic' | 'envelope_bounded_nondeterministic';
  /** @defaultValue `{ kind: 'allow_all' }` */
  readonly outputConditionPolicy:
    | { readonly kind: 'allow_all' | 'disabled' | 'deny_all' }
    | { readonly kind: 'predicate_allow_list'; readonly predicates: readonly string[] };
  /** @defaultValue 'session_type_precheck' */ readonly monitorMode: 'session_type_precheck' | 'off';
  /** @defaultValue 1 */ readonly instructionCost: number;
  /** @defaultValue 2^64 - 1 */ readonly initialCostBudget: bigint;
  /** @defaultValue false */ readonly footprintGuidedWaveWidening: boolean;
  /** No semantic effect. @defaultValue 'standard' */ readonly runtimeTuningProfile: string;
  /** @defaultValue 'canonical_one_step' */
  readonly threadedRoundSemantics: 'canonical_one_step' | 'wave_parallel_extension';
  /** @defaultValue 'full' */ readonly effectTraceCaptureMode: 'full' | 'topology_only' | 'disabled';
  /** @defaultValue `{ mode: 'full', capacity: 4096 }` */
  readonly observabilityRetention: { readonly mode: 'full' | 'capped'; readonly capacity: number };
  /** @defaultValue 'structural' */ readonly payloadValidationMode: 'off' | 'structural' | 'strict_schema';
  /** @defaultValue 'off' */ readonly communicationReplayMode: 'off' | 'sequence' | 'nullifier';
  /** @defaultValue 65536 */ readonly maxPayloadBytes: number;
  /** @defaultValue 'enforced' */ readonly hostContractAssertions: 'enforced' | 'relaxed_test_only';
}

/** Code-image metadata (machine.md §9.2). @example `{ name: '', version: 0, sourceHash: 0n, footprintSummary: [['A', ['B']]] }` @public */
export interface CodeImageMetadata {
  readonly name: string;
  readonly version: number;
  /** Any stable value (Tier 1); ours is a 64-bit FNV-1a of the image's JSON. */
  readonly sourceHash: bigint;
  readonly footprintSummary: readonly (readonly [string, readonly string[]])[];
}

/** The program of a code image (machine.md §9.2): all roles' code concatenated. @example `image.program.entryPoints // [['A', 0], ['B', 5]]` @public */
export interface Program {
  readonly code: readonly Instruction[];
  readonly entryPoints: readonly (readonly [string, number])[];
  readonly localTypes: readonly (readonly [string, SessionType])[];
  readonly localTypesR: readonly (readonly [string, LocalType])[];
  readonly handlerTypes: readonly unknown[];
  readonly metadata: CodeImageMetadata;
}

/**
 * A code image (machine.md §9.2, Lean layout). JSON via `encodeCodeImage` / `decodeCodeImage`
 * (snake_case keys; Rust-shaped images are converted on read, MD-04).
 * @example
 * ```ts
 * const image = codeImageFromLocalTypes([['A', la], ['B', lb]], g);
 * ```
 * @public
 */
export interface CodeImage {
  readonly program: Program;
  readonly globalType: GlobalType;
}

/**
 * The image executor's machine state, shaped like Lean's `ProtocolMachineState`
 * (`Model/State.lean`): lists where Lean has lists (sessions and buffers newest first), records
 * that are never mutated (every transition builds new values), so that a step can return a new
 * state and the output-condition gate can fall back to the state before the step.
 */
import type {
  BlockReason,
  CoroStatus,
  Edge,
  Endpoint,
  Fault,
  Instruction,
  MachineEvent,
  ProgressToken,
  SessionType,
  Value,
} from '../../../types/machine.js';
import type { FullMachineConfig, KnowledgeFact, Tier2MachineEvent } from '../../../types/machineTier2.js';

/** A buffered item (Lean `SignedValue` in the unit verification model: the signature is unit). */
export interface SignedValue {
  readonly payload: Value;
  readonly seqNo: number;
}

/** Edge-indexed buffers (Lean `SignedBuffers`), newest edge first. */
export type SignedBuffers = readonly (readonly [Edge, readonly SignedValue[]])[];

/** Lean `SpeculationState`. */
export interface SpecState {
  readonly ghostSid: number;
  readonly depth: number;
}

/** Lean `CoroutineState` (the effect context is unit in our model). */
export interface Coro {
  readonly id: number;
  readonly programId: number;
  readonly pc: number;
  readonly regs: readonly Value[];
  readonly status: CoroStatus;
  readonly ownedEndpoints: readonly Endpoint[];
  readonly progressTokens: readonly ProgressToken[];
  readonly knowledgeSet: readonly KnowledgeFact[];
  readonly costBudget: bigint;
  readonly specState: SpecState | null;
}

/** Lean `SessionState` (the type traces are bookkeeping nothing reads: left out). */
export interface Session {
  readonly sid: number;
  readonly roles: readonly string[];
  readonly endpoints: readonly Endpoint[];
  /** Endpoint → current type, in Lean list order (`updateG` keeps positions). */
  readonly localTypes: readonly (readonly [Endpoint, SessionType])[];
  /** The session's view of the global buffers, refreshed by its communications. */
  readonly buffers: SignedBuffers;
  readonly handlers: readonly (readonly [Edge, number])[];
  readonly epoch: number;
  readonly phase: 'opening' | 'active' | 'closing' | 'closed';
}

/** Lean `CrossLaneHandoff`. */
export interface Handoff {
  readonly fromCoro: number;
  readonly toCoro: number;
  readonly fromLane: number;
  readonly toLane: number;
  readonly step: number;
  readonly reason: string;
  readonly delegationWitness: string;
}

/** Lean `SchedState`; the blocked map is kept in ascending coroutine id (MD-29). */
export interface Sched {
  readonly readyQueue: readonly number[];
  readonly blocked: readonly (readonly [number, BlockReason])[];
  /** `(sid, role)` ownership key → lane (Lean `ownershipIndex`). */
  readonly ownershipIndex: readonly (readonly [Endpoint, number])[];
  readonly crossLaneHandoffs: readonly Handoff[];
  readonly stepCount: number;
}

/** Lean `ProtocolMachineGhostSession`. */
export interface GhostSession {
  readonly ghostSid: number;
  readonly realSid: number;
  readonly owner: number;
  readonly projectedLocalTypes: readonly (readonly [Endpoint, SessionType])[];
  readonly createdTick: number;
}

/** Lean `ProtocolMachineSpeculationCheckpoint` (the effect nonce is always 0: no effects). */
export interface Checkpoint {
  readonly ghostSid: number;
  readonly tick: number;
  readonly coroId: number;
  readonly traceLen: number;
  readonly needsReconciliation: boolean;
}

/** A loaded program (Lean `Program`): the code and the footprint summary by role. */
export interface LoadedProgram {
  readonly code: readonly Instruction[];
  readonly footprint: readonly (readonly [string, readonly string[]])[];
}

/** An event of the machine trace: an instruction event (Lean `obsTrace`) or a lifecycle event. */
export type TraceEvent = MachineEvent | Tier2MachineEvent;
export interface TraceEntry {
  readonly event: TraceEvent;
  /** Lifecycle events (`halted`, `faulted`, `failure_branch_entered`) are not in Lean's `obsTrace`. */
  readonly lifecycle: boolean;
}

/** An append-only trace shared between states (appending never copies). */
export interface Trace {
  readonly last: TraceCell | null;
  readonly length: number;
  /** Number of instruction (non-lifecycle) entries: Lean's `obsTrace.length`. */
  readonly obsLength: number;
}
interface TraceCell {
  readonly entry: TraceEntry;
  readonly prev: TraceCell | null;
}

export const EMPTY_TRACE: Trace = { last: null, length: 0, obsLength: 0 };

export function traceAppend(t: Trace, event: TraceEvent, lifecycle = false): Trace {
  return {
    last: { entry: { event, lifecycle }, prev: t.last },
    length: t.length + 1,
    obsLength: t.obsLength + (lifecycle ? 0 : 1),
  };
}

export function traceToArray(t: Trace): TraceEntry[] {
  const out: TraceEntry[] = new Array<TraceEntry>(t.length);
  let i = t.length;
  for (let c = t.last; c !== null; c = c.prev) out[--i] = c.entry;
  return out;
}

/**
 * Lean `obsTrace.take n`: keeps the first `n` instruction events; lifecycle events (which Lean
 * keeps in its step results, not in `obsTrace`) all stay.
 */
export function traceTakeObs(t: Trace, n: number): Trace {
  if (t.obsLength <= n) return t;
  let seen = 0;
  let out = EMPTY_TRACE;
  for (const e of traceToArray(t)) {
    if (e.lifecycle) out = traceAppend(out, e.event, true);
    else if (seen < n) {
      seen += 1;
      out = traceAppend(out, e.event);
    }
  }
  return out;
}

/** Topology bookkeeping of the failure model (Lean `crashedSites`, `partitionedEdges`, ...). */
export interface FailureState {
  readonly crashedSites: readonly string[];
  readonly partitionedEdges: readonly Edge[];
  /** Edges a `corrupt` failure hit, with its sequence number (failure-visible, machine.md §8.4). */
  readonly corruptedEdges: readonly (readonly [Edge, number])[];
  /** Sites a `timeout` failure was issued for, with its deadline. */
  readonly timedOutSites: readonly (readonly [string, number])[];
  readonly nextFailureSeqNo: number;
  readonly nextWitnessId: number;
}

/** Lean `ProtocolMachineState`. */
export interface PMState {
  readonly config: FullMachineConfig;
  readonly programs: readonly LoadedProgram[];
  readonly coroutines: readonly Coro[];
  readonly buffers: SignedBuffers;
  readonly nextCoroId: number;
  readonly nextSessionId: number;
  /** Newest first. */
  readonly sessions: readonly Session[];
  /** Layer id → resource: whether the layer's `open_` refuses. */
  readonly guardResources: readonly (readonly [string, { readonly denied: boolean }])[];
  readonly sched: Sched;
  readonly trace: Trace;
  readonly clock: number;
  readonly failure: FailureState;
  readonly commNextSendSeq: readonly (readonly [Edge, number])[];
  readonly commNextRecvSeq: readonly (readonly [Edge, number])[];
  readonly commConsumedNullifiers: readonly string[];
  readonly ghostSessions: ReadonlyMap<number, GhostSession>;
  readonly checkpoints: ReadonlyMap<number, Checkpoint>;
  readonly needsReconciliation: boolean;
  /** Output-condition checks made (Lean `outputConditionChecks`): claim predicate and verdict. */
  readonly outputConditionChecks: number;
}

/** Lean `StepPack`: the updated coroutine, the updated state and the step's result. */
export interface StepPack {
  readonly coro: Coro;
  readonly st: PMState;
  readonly res: ExecResult;
}

/** Lean `ExecStatus`. */
export type ExecStatusR =
  | { readonly kind: 'continue' | 'yielded' | 'halted' | 'joined' | 'aborted' }
  | { readonly kind: 'blocked'; readonly reason: BlockReason }
  | { readonly kind: 'faulted'; readonly fault: Fault }
  | { readonly kind: 'spawned'; readonly coroId: number }
  | { readonly kind: 'transferred'; readonly endpoint: Endpoint; readonly target: number }
  | { readonly kind: 'closed'; readonly sid: number }
  | { readonly kind: 'forked'; readonly ghost: number };

/** Lean `StepEvent`: an observable event, an internal one (no observation), or none. */
export type StepEvent = { readonly obs: TraceEvent } | 'internal' | null;

/** Lean `ExecResult`. */
export interface ExecResult {
  readonly status: ExecStatusR;
  readonly event: StepEvent;
}

// ------------------------------------------------------------------ record updates

export function withCoro(c: Coro, patch: Partial<Coro>): Coro {
  return { ...c, ...patch };
}

export function withState(st: PMState, patch: Partial<PMState>): PMState {
  return { ...st, ...patch };
}

/** Lean `updateCoro`: writes the coroutine back at its index (no-op when out of range). */
export function updateCoro(st: PMState, id: number, c: Coro): PMState {
  if (id < 0 || id >= st.coroutines.length) return st;
  const coroutines = st.coroutines.slice();
  coroutines[id] = c;
  return { ...st, coroutines };
}

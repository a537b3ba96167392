/**
 * The whole mutable state of one machine (machine.md §2–§4, §7.1) and the small operations every
 * instruction family shares. `Machine` owns one and exposes it read-only; the instruction,
 * scheduler, gate and observation modules of src/machine/_internals work on it directly.
 */
import type { Edge, Endpoint, ExecStatus, Fault, MachineConfig, SessionType, Value } from '../../types/machine.js';
import type { FaultRecord } from '../views.js';
import { BlockedMap } from './BlockedMap.js';
import type { EventSink } from './eventSink.js';
import { CompactEventSink } from './eventSink.js';
import type { Coroutine, LoadedProgram, SessionRecord } from './records.js';
import * as records from './records.js';

// Per-step names are read once here: under Vitest (the benches) every use of an imported binding is a getter call.
const { OBSERVABLE_OUTPUT, isTerminal } = records;

/** A ghost session (Lean `ProtocolMachineGhostSession`): the real session's types when forked. */
export interface GhostSession {
  readonly realSid: number;
  readonly owner: number;
  readonly snapshot: readonly (readonly [string, SessionType])[];
  readonly createdTick: number;
}

/** The topology state of the failure model (docs/machine.md "Topology perturbations"). */
export interface FailureState {
  readonly crashedSites: string[];
  partitionedEdges: Edge[];
  readonly corruptedEdges: (readonly [Edge, number])[];
  readonly timedOutSites: (readonly [string, number])[];
  nextWitnessId: number;
}

/** A recorded cross-lane transfer (Lean `CrossLaneHandoff`). */
export interface CrossLaneHandoff {
  readonly fromCoro: number;
  readonly toCoro: number;
  readonly fromLane: number;
  readonly toLane: number;
  readonly step: number;
  readonly reason: string;
  readonly delegationWitness: string;
}

export class MachineState {
  /** Whether events are recorded. */
  readonly recording: boolean;
  clock = 0;
  stepCount = 0;
  readonly coroutines: Coroutine[] = [];
  /** Session store, newest first (machine.md §3). */
  readonly sessions: SessionRecord[] = [];
  readonly sessionById = new Map<number, SessionRecord>();
  /** Same records indexed by sid (dense in practice): the hot path avoids Map lookups. */
  readonly sessionArr: (SessionRecord | undefined)[] = [];
  readonly programs: LoadedProgram[] = [];
  readonly readyQueue: number[] = [];
  /** Blocked map (machine.md §7.1): coroutine id → reason; Map-like, ascending-id iteration. */
  readonly blocked = new BlockedMap();
  /** The machine trace (machine.md §12), when recording. */
  readonly events: EventSink = new CompactEventSink();
  /** Faults in occurrence order (diagnostics). */
  readonly faults: FaultRecord[] = [];
  nextSessionId = 0;
  readonly labelValues = new Map<string, Value>();
  readonly nullifiers = new Set<string>();
  anyHandler = false;
  /** Coroutines that are `done` or `faulted` (statuses only ever become terminal once). */
  terminalCount = 0;
  /** Coroutines blocked in `recv_wait`, ascending id (mirrors those entries of {@link blocked}). */
  readonly recvWaiters: Coroutine[] = [];
  /** A replica's ready queue belongs to its driver: empty, and steps do not update it (§7.4). */
  replica = false;
  /** Whether the policy's default pick is simply the first runnable id of the queue. */
  readonly firstRunnablePick: boolean;
  /** Whether the output-condition gate can reject (machine.md §6 stage 7; `allow_all`/`disabled` never do). */
  readonly gateRejects: boolean;
  /** What observe.ts remembers of the last state slice (not machine state: it only saves allocation). */
  observed: unknown = undefined;
  // The monitor's lookup of the channel's unfolded type, reused by the instruction of the same step.
  monEndpoint: Endpoint | null = null;
  monUnfolded: SessionType | undefined;

  // ---------------------------------------------------------------- Tier 2 (docs/machine.md "Tier 2")
  /** Guard-layer resources by layer id: whether the layer's `open_` refuses. */
  readonly guardResources = new Map<string, { readonly denied: boolean }>();
  /** Ghost sessions of active speculations (Lean `ghostSessions`), by ghost id. */
  readonly ghostSessions = new Map<number, GhostSession>();
  /** Trace checkpoints of Forks (Lean `checkpoints`), by ghost id: instruction events recorded then. */
  readonly checkpoints = new Map<
    number,
    { readonly tick: number; readonly coroId: number; readonly traceLen: number; readonly needsReconciliation: boolean }
  >();
  needsReconciliation = false;
  /** Topology state (Lean `crashedSites`, `partitionedEdges`) and its failure-visible record. */
  readonly failure: FailureState = {
    crashedSites: [],
    partitionedEdges: [],
    corruptedEdges: [],
    timedOutSites: [],
    nextWitnessId: 0,
  };
  /** Transfer bookkeeping (Lean `ownershipIndex`, `crossLaneHandoffs`): `sid\u0000role` → lane. */
  readonly ownershipIndex = new Map<string, number>();
  readonly crossLaneHandoffs: CrossLaneHandoff[] = [];

  /**
   * Whether an edge check beyond the handler lookup can apply in this run: receive tokens
   * (`progress_token_policy: consume`) or a topology that changes (perturbations are its only
   * source). Fixed by the config, so a Tier 1 step tests one field instead of each condition.
   */
  readonly edgeHazards: boolean;

  constructor(
    readonly config: MachineConfig,
    recording: boolean,
  ) {
    this.recording = recording;
    this.edgeHazards = config.progressTokenPolicy !== 'carry' || config.topologyPerturbations.length !== 0;
    const k = config.schedPolicy.kind;
    this.firstRunnablePick = k === 'cooperative' || k === 'round_robin' || k === 'priority_aging';
    const ocp = config.outputConditionPolicy;
    this.gateRejects =
      ocp.kind === 'deny_all' || (ocp.kind === 'predicate_allow_list' && !ocp.predicates.includes(OBSERVABLE_OUTPUT));
    for (const g of config.guardLayers) {
      const id = typeof g === 'string' ? g : g.id;
      if (!this.guardResources.has(id))
        this.guardResources.set(id, { denied: typeof g !== 'string' && g.denied === true });
    }
  }

  /** No partition and no crash: the edge checks of machine.md §5.0 reduce to the handler lookup. */
  topologyIntact(): boolean {
    return this.failure.partitionedEdges.length === 0 && this.failure.crashedSites.length === 0;
  }

  /** Faults a coroutine (its status becomes terminal once). */
  fault(c: Coroutine, f: Fault): ExecStatus {
    if (!isTerminal(c)) this.terminalCount += 1;
    c.status = { kind: 'faulted', fault: f };
    return { kind: 'faulted', fault: f };
  }

  typeOf(ep: Endpoint): SessionType | undefined {
    return this.sessionArr[ep.sid]?.types.get(ep.role);
  }

  setType(ep: Endpoint, t: SessionType): void {
    this.sessionArr[ep.sid]?.types.set(ep.role, t);
  }

  /** A buffer of the session changed: its view is no longer cleared by a `Close`. */
  touch(sid: number): void {
    const s = this.sessionArr[sid];
    if (s !== undefined) s.viewCleared = false;
  }

  /** Stores a new session (newest first) and advances `nextSessionId` past it. */
  addSession(session: SessionRecord): void {
    this.sessions.unshift(session);
    this.sessionById.set(session.sid, session);
    this.sessionArr[session.sid] = session;
    this.nextSessionId = session.sid + 1;
  }

  /** Forgets a session (the gate undoing an `Open`). */
  dropSession(sid: number): void {
    this.sessionById.delete(sid);
    this.sessionArr[sid] = undefined;
  }
}

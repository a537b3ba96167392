/**
 * Read-only views of the machine's state records (machine.md §2–§4, §7.1). `Machine` hands out
 * its records through these types only: engines and tests read them, and every change goes
 * through the machine's own methods (see `Machine`'s driver methods for engines that run it in
 * replicas and rounds).
 */
import type {
  BlockReason,
  CoroStatus,
  Edge,
  Endpoint,
  ExecStatus,
  Fault,
  Instruction,
  MachineEvent,
  ProgressToken,
  SessionType,
  Value,
} from '../types/machine.js';
import type { KnowledgeFact } from '../types/machineTier2.js';

/** A buffered item (machine.md §4.1). @example `m.sessions[0]?.edges[0]?.queue[0]?.seqNo` @public */
export interface BufferedValueView {
  readonly payload: Value;
  readonly seqNo: number;
}

/** One directed edge's buffer and sequence state (machine.md §4, §5.1). @example `m.sessions[0]?.edges[0]?.queue.length` @public */
export interface EdgeBufferView {
  readonly edge: Edge;
  readonly queue: readonly BufferedValueView[];
  readonly nextSendSeq: number;
  readonly nextRecvSeq: number;
}

/** Session lifecycle phase (machine.md §3). @example `m.sessions[0]?.phase === 'closed'` @public */
export type SessionPhase = 'opening' | 'active' | 'closing' | 'closed';

/** A session record (machine.md §3). @example `m.sessions[0]?.types.get('A')` @public */
export interface SessionView {
  readonly sid: number;
  readonly roles: readonly string[];
  /** Endpoint role → current de Bruijn type; `Halt` deletes entries. */
  readonly types: ReadonlyMap<string, SessionType>;
  /** Protocol edges bound to handler 0, in first-insertion order. */
  readonly edges: readonly EdgeBufferView[];
  readonly epoch: number;
  readonly phase: SessionPhase;
  /** Close empties the session's view of its buffers until the next buffer change (machine.md §5.7). */
  readonly viewCleared: boolean;
}

/** A coroutine record (machine.md §2.4). @example `m.coroutines[0]?.pc` @public */
export interface CoroutineView {
  readonly id: number;
  readonly programId: number;
  readonly pc: number;
  readonly status: CoroStatus;
  /** Remaining cost budget; budgets ≥ 2^53 are clamped (unreachable within a run). */
  readonly budget: number;
  /** The edge a `recv_wait` waits on (machine.md §7.2). */
  readonly waitBuffer: EdgeBufferView | null;
  readonly progressTokens: readonly ProgressToken[];
  readonly regs: readonly Value[];
  readonly owned: readonly Endpoint[];
  /** Knowledge facts recorded by `Tag` (newest first). */
  readonly knowledge: readonly KnowledgeFact[];
  /** The active speculation, if a `Fork` is not yet joined or aborted. */
  readonly specState: SpeculationState | null;
}

/** A coroutine's active speculation (Lean `SpeculationState`). @example `m.coroutines[0]?.specState?.depth` @public */
export interface SpeculationState {
  readonly ghostSid: number;
  /** Forks still allowed below this one. */
  readonly depth: number;
}

/** A loaded program (machine.md §9.4 step 5). @example `m.programs[0]?.code.length` @public */
export interface ProgramView {
  readonly code: readonly Instruction[];
  readonly footprint: ReadonlyMap<string, readonly string[]>;
}

/** The scheduler's blocked map (machine.md §7.1), ascending-id iteration. @example `m.blocked.get(1)?.kind` @public */
export interface BlockedView extends Iterable<[number, BlockReason]> {
  readonly size: number;
  get(cid: number): BlockReason | undefined;
  has(cid: number): boolean;
  keys(): IterableIterator<number>;
  entries(): IterableIterator<[number, BlockReason]>;
}

/** One fault of a run, in occurrence order (machine.md §8.4). @example `m.faults[0]?.fault.kind` @public */
export interface FaultRecord {
  readonly coro_id: number;
  readonly fault: Fault;
}

/**
 * What one scheduler step did (the engines record these).
 * @example `const { status, eventStart } = m.step(cid); m.trace.slice(eventStart);`
 * @public
 */
export interface StepOutcome {
  readonly coroId: number;
  readonly status: ExecStatus;
  /** Index of the step's first event in `Machine.trace` (events recorded only with tracing on). */
  readonly eventStart: number;
}

/** A position in a machine's event and fault logs. @example `const at = m.mark(); m.step(0); m.takeSince(at);` @public */
export interface MachineMark {
  readonly events: number;
  readonly faults: number;
}

/**
 * The results of rounds run elsewhere (on replicas), for `Machine.adopt`.
 * @example `m.adopt({ clock: 12, stepCount: 12, events, faults, closedSessions: [0] })`
 * @public
 */
export interface RoundResults {
  readonly clock: number;
  readonly stepCount: number;
  /** Events in execution order, already carrying their ticks; appended to the trace. */
  readonly events: readonly MachineEvent[];
  /** Faults in execution order; appended to the fault log. */
  readonly faults: readonly FaultRecord[];
  /** Sessions a replica closed: their phase becomes `closed`. */
  readonly closedSessions: Iterable<number>;
}

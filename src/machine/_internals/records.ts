/**
 * The machine's mutable state records (machine.md §2.4, §3, §4) and the shared immutable status
 * values. Only src/machine writes these; everyone else reads them through `../views.ts`.
 */
import type { ValType } from '../../types/session.js';
import type {
  BlockReason,
  CoroStatus,
  Edge,
  Endpoint,
  ExecStatus,
  Fault,
  Instruction,
  ProgressToken,
  SessionType,
  Value,
} from '../../types/machine.js';
import type { KnowledgeFact } from '../../types/machineTier2.js';
import type {
  CoroutineView,
  EdgeBufferView,
  ProgramView,
  SessionPhase,
  SessionView,
  SpeculationState,
} from '../views.js';

export const READY: CoroStatus = Object.freeze({ kind: 'ready' });
export const DONE: CoroStatus = Object.freeze({ kind: 'done' });
export const CONTINUE: ExecStatus = Object.freeze({ kind: 'continue' });
export const HALTED: ExecStatus = Object.freeze({ kind: 'halted' });
export const CHAN_ANY: ValType = Object.freeze({ kind: 'chan', sid: 0, role: '' });
export const STRING_T: ValType = Object.freeze({ kind: 'string' });
export const OUT_OF_REGISTERS: Fault = Object.freeze({ kind: 'out_of_registers' });
export const OUT_OF_CREDITS: Fault = Object.freeze({ kind: 'out_of_credits' });
/** The predicate every observable step claims (machine.md §6 stage 7). */
export const OBSERVABLE_OUTPUT = 'protocol_machine.observable_output';

export function specFault(msg: string): Fault {
  return { kind: 'spec_fault', msg };
}

/** A buffered item (machine.md §4.1); the unit signature model keeps no signature. */
export interface SignedValue {
  readonly payload: Value;
  readonly seqNo: number;
}

/** A blocking outcome: the coroutine status and the step's exec status, built once per edge. */
interface Block {
  readonly status: CoroStatus;
  readonly exec: ExecStatus;
}

/** One directed edge's global buffer and its sequence state (machine.md §4, §5.1, §5.10). */
export class EdgeBuffer implements EdgeBufferView {
  readonly queue: SignedValue[] = [];
  nextSendSeq = 0;
  nextRecvSeq = 0;
  /** Blocking on this edge always yields the same (immutable) status objects: built once. */
  private recvBlock: Block | undefined;
  private sendBlock: Block | undefined;
  constructor(readonly edge: Edge) {}

  /** `recv_wait(edge, token)`: the receiver is the edge's receiver, so the reason depends on the edge only. */
  recvWait(): Block {
    if (this.recvBlock === undefined) {
      const e = this.edge;
      const reason: BlockReason = {
        kind: 'recv_wait',
        edge: e,
        token: { sid: e.sid, endpoint: { sid: e.sid, role: e.receiver } },
      };
      this.recvBlock = { status: { kind: 'blocked', reason }, exec: { kind: 'blocked', reason } };
    }
    return this.recvBlock;
  }

  /** `send_wait(edge)`. */
  sendWait(): Block {
    if (this.sendBlock === undefined) {
      const reason: BlockReason = { kind: 'send_wait', edge: this.edge };
      this.sendBlock = { status: { kind: 'blocked', reason }, exec: { kind: 'blocked', reason } };
    }
    return this.sendBlock;
  }
}

/** A session record (machine.md §3). */
export class SessionRecord implements SessionView {
  readonly types = new Map<string, SessionType>();
  readonly edges: EdgeBuffer[] = [];
  epoch = 0;
  phase: SessionPhase = 'active';
  viewCleared = false;
  constructor(
    readonly sid: number,
    readonly roles: readonly string[],
  ) {}
  handlerEdge(sender: string, receiver: string): EdgeBuffer | undefined {
    for (const e of this.edges) if (e.edge.sender === sender && e.edge.receiver === receiver) return e;
    return undefined;
  }
}

/** A coroutine record (machine.md §2.4). */
export class Coroutine implements CoroutineView {
  status: CoroStatus = READY;
  budget: number;
  waitBuffer: EdgeBuffer | null = null;
  /** Whether the id is in the ready queue (kept by the scheduler: a membership test without a scan). */
  queued = false;
  readonly progressTokens: ProgressToken[] = [];
  /** Knowledge facts (`Tag`, Lean `knowledgeSet`), newest first. */
  readonly knowledge: KnowledgeFact[] = [];
  /** Active speculation (`Fork`), Lean `specState`. */
  specState: SpeculationState | null = null;
  constructor(
    readonly id: number,
    readonly programId: number,
    public pc: number,
    readonly regs: Value[],
    readonly owned: Endpoint[],
    budget: bigint,
  ) {
    this.budget = budget > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(budget);
  }
}

/** A loaded program (machine.md §9.4 step 5). */
export interface LoadedProgram extends ProgramView {
  readonly code: readonly Instruction[];
  readonly footprint: ReadonlyMap<string, readonly string[]>;
}

export function isRunnable(c: Coroutine): boolean {
  return c.status.kind === 'ready' || c.status.kind === 'speculating';
}

export function isTerminal(c: Coroutine): boolean {
  return c.status.kind === 'done' || c.status.kind === 'faulted';
}

/**
 * The protocol-machine core (machine.md §2–§9, §12): state, loader, step pipeline, scheduler
 * primitives and state slices. `runCooperative` and the threaded engine both drive it.
 */

import type { BridgeError } from '../types/errors.js';
import type { Result } from '../types/result.js';
import { err, ok } from '../types/result.js';
import { SCHEMA_VERSION } from '../types/bridge.js';
import type {
  BridgeEvent,
  CoroutineSlice,
  RunDiagnostics,
  SessionSlice,
  StateSlice,
  StepState,
} from '../types/bridge.js';
import type { ValType } from '../types/session.js';
import type {
  BlockReason,
  CodeImage,
  CoroStatus,
  Edge,
  Endpoint,
  ExecStatus,
  Fault,
  Instruction,
  MachineConfig,
  MachineEvent,
  ProgressToken,
  SessionType,
  Value,
} from '../types/machine.js';
import { renderLocalType } from '../projection/renderLocalType.js';
import { BlockedMap } from './_internals/BlockedMap.js';
import { validateCodeImage } from './codeImage.js';
import { resolveMachineConfig } from './config.js';
import { faultTag } from './faults.js';
import { toSessionType, unfold } from './sessionType.js';
import { toBridgeEvent, eventToJson } from './toBridgeTrace.js';
import { reprValType, reprValue, UNIT, valTypeEquals, valTypeOf } from './values.js';

/** A buffered item (machine.md §4.1); the unit signature model keeps no signature. @internal */
interface SignedValue {
  readonly payload: Value;
  readonly seqNo: number;
}

/** One directed edge's global buffer and its sequence state (machine.md §4, §5.1, §5.10). @example `m.sessions[0].edges[0].queue.length` @internal */
export class EdgeBuffer {
  readonly queue: SignedValue[] = [];
  nextSendSeq = 0;
  nextRecvSeq = 0;
  /** Blocking on this edge always yields the same (immutable) status objects: built once. */
  private recvBlock: { readonly status: CoroStatus; readonly exec: ExecStatus } | undefined;
  private sendBlock: { readonly status: CoroStatus; readonly exec: ExecStatus } | undefined;
  constructor(readonly edge: Edge) {}

  /** `recv_wait(edge, token)`: the receiver is the edge's receiver, so the reason depends on the edge only. */
  recvWait(): { readonly status: CoroStatus; readonly exec: ExecStatus } {
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
  sendWait(): { readonly status: CoroStatus; readonly exec: ExecStatus } {
    if (this.sendBlock === undefined) {
      const reason: BlockReason = { kind: 'send_wait', edge: this.edge };
      this.sendBlock = { status: { kind: 'blocked', reason }, exec: { kind: 'blocked', reason } };
    }
    return this.sendBlock;
  }
}

/** A session record (machine.md §3). @example `m.sessions[0].types.get('A')` @internal */
export class SessionRecord {
  /** Endpoint role → current de Bruijn type; `Halt` deletes entries. */
  readonly types = new Map<string, SessionType>();
  /** Protocol edges bound to handler 0, in first-insertion order. */
  readonly edges: EdgeBuffer[] = [];
  epoch = 0;
  phase: 'opening' | 'active' | 'closing' | 'closed' = 'active';
  /** Close empties the session's view of its buffers until the next buffer change (machine.md §5.7). */
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

/** A coroutine record (machine.md §2.4). @example `m.coroutines[0].pc` @internal */
export class Coroutine {
  status: CoroStatus = READY;
  /** Remaining cost budget; budgets ≥ 2^53 are clamped (unreachable within a run). */
  budget: number;
  /** The edge a `recv_wait` waits on (fast unblocking, §7.2). */
  waitBuffer: EdgeBuffer | null = null;
  readonly progressTokens: ProgressToken[] = [];
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

/** A loaded program (machine.md §9.4 step 5). @internal */
interface LoadedProgram {
  readonly code: readonly Instruction[];
  readonly footprint: ReadonlyMap<string, readonly string[]>;
}

/** The predicate every observable step claims (machine.md §6 stage 7). */
const OBSERVABLE_OUTPUT = 'protocol_machine.observable_output';
const READY: CoroStatus = Object.freeze({ kind: 'ready' });
const DONE: CoroStatus = Object.freeze({ kind: 'done' });
const CONTINUE: ExecStatus = Object.freeze({ kind: 'continue' });
const HALTED: ExecStatus = Object.freeze({ kind: 'halted' });
const CHAN_ANY: ValType = Object.freeze({ kind: 'chan', sid: 0, role: '' });
const STRING_T: ValType = Object.freeze({ kind: 'string' });
const OUT_OF_REGISTERS: Fault = Object.freeze({ kind: 'out_of_registers' });
const OUT_OF_CREDITS: Fault = Object.freeze({ kind: 'out_of_credits' });

function specFault(msg: string): Fault {
  return { kind: 'spec_fault', msg };
}

function isRunnable(c: Coroutine): boolean {
  return c.status.kind === 'ready' || c.status.kind === 'speculating';
}

function isTerminal(c: Coroutine): boolean {
  return c.status.kind === 'done' || c.status.kind === 'faulted';
}

/** Options for {@link Machine.create}. @example `Machine.create({}, { trace: false })` @public */
export interface MachineOptions {
  /** Record machine events (default true). Off: no events, so no trace and no step states. */
  readonly trace?: boolean;
}

/**
 * What one scheduler step did (the threaded engine and `runCooperative` record these).
 * @example `const { status, eventStart } = m.step(cid); m.trace.slice(eventStart);`
 * @public
 */
export interface StepOutcome {
  readonly coroId: number;
  readonly status: ExecStatus;
  /** Index of the step's first event in {@link Machine.trace} (events recorded only with tracing on). */
  readonly eventStart: number;
}

/**
 * The protocol machine. Create it, load images (or a run request via `runCooperative`'s loader),
 * then drive rounds: `beginRound()`, `pick()`, `step(cid)`, `allTerminal()`; read `slice()`,
 * `stepState(...)`, `output(...)`, `diagnostics(...)`. See docs/machine.md "Driving the machine core".
 * @example
 * ```ts
 * const created = Machine.create({});
 * if (!created.ok) throw new Error(created.error.message);
 * const m = created.value;
 * m.loadImage(image);
 * while (m.stepCount < 100) { m.beginRound(); const cid = m.pick(); if (cid === undefined) break; m.step(cid); if (m.allTerminal()) break; }
 * ```
 * @public
 */
export class Machine {
  readonly config: MachineConfig;
  /** Whether events are recorded. */
  readonly recording: boolean;
  clock = 0;
  stepCount = 0;
  readonly coroutines: Coroutine[] = [];
  /** Session store, newest first (machine.md §3). */
  readonly sessions: SessionRecord[] = [];
  readonly sessionById = new Map<number, SessionRecord>();
  /** Same records indexed by sid (dense in practice): the hot path avoids Map lookups. */
  private readonly sessionArr: (SessionRecord | undefined)[] = [];
  readonly programs: LoadedProgram[] = [];
  readonly readyQueue: number[] = [];
  /** Blocked map (machine.md §7.1): coroutine id → reason; Map-like, ascending-id iteration. */
  readonly blocked = new BlockedMap();
  /** The machine trace (machine.md §12), when recording. */
  readonly trace: MachineEvent[] = [];
  /** Faults in occurrence order (diagnostics). */
  readonly faults: { readonly coro_id: number; readonly fault: Fault }[] = [];
  nextSessionId = 0;
  private readonly labelValues = new Map<string, Value>();
  private readonly nullifiers = new Set<string>();
  private anyHandler = false;
  /** Coroutines that are `done` or `faulted` (statuses only ever become terminal once). */
  private terminalCount = 0;
  /** Coroutines blocked in `recv_wait`, ascending id (mirrors those entries of {@link blocked}). */
  private readonly recvWaiters: Coroutine[] = [];
  /** Whether the policy's default pick is simply the first runnable id of the queue. */
  private readonly firstRunnablePick: boolean;
  /** Whether the output-condition gate can reject (machine.md §6 stage 7; `allow_all`/`disabled` never do). */
  private readonly gateRejects: boolean;

  private constructor(config: MachineConfig, recording: boolean) {
    this.config = config;
    this.recording = recording;
    const k = config.schedPolicy.kind;
    this.firstRunnablePick = k === 'cooperative' || k === 'round_robin' || k === 'priority_aging';
    const ocp = config.outputConditionPolicy;
    this.gateRejects =
      ocp.kind === 'deny_all' || (ocp.kind === 'predicate_allow_list' && !ocp.predicates.includes(OBSERVABLE_OUTPUT));
  }

  /**
   * A fresh machine (clock 0). Fails with `InvalidConfig{reason}` (machine.md §9.1).
   * @example `const r = Machine.create({ numRegisters: 16 });`
   */
  static create(config: Partial<MachineConfig> = {}, options: MachineOptions = {}): Result<Machine, BridgeError> {
    const c = resolveMachineConfig(config);
    if (!c.ok) return c;
    return ok(new Machine(c.value, options.trace ?? true));
  }

  // ---------------------------------------------------------------- loading (§9.4)

  /**
   * Loads a code image (Lean `loadChoreographyResult`, machine.md §9.4), all-or-nothing.
   * Errors: `validation_failed` (with `reason`), `too_many_sessions`, `too_many_coroutines`
   * (with `max`); messages are the Lean runner's texts. Returns the new session id.
   */
  loadImage(image: CodeImage, path = '$'): Result<number, BridgeError> {
    const reason = validateCodeImage(image);
    if (reason !== null) {
      return err({ code: 'validation_failed', path, message: `bad choreography image: ${reason}`, reason });
    }
    return this.install(image, path);
  }

  /** Loads an image whose validation the caller already did (the run-request loader). @internal */
  install(image: CodeImage, path = '$'): Result<number, BridgeError> {
    const cfg = this.config;
    const p = image.program;
    if (this.sessions.length >= cfg.maxSessions) {
      return err({
        code: 'too_many_sessions',
        path,
        max: cfg.maxSessions,
        message: `too many sessions while loading choreographies: ${cfg.maxSessions}`,
      });
    }
    if (this.coroutines.length + p.entryPoints.length > cfg.maxCoroutines) {
      return err({
        code: 'too_many_coroutines',
        path,
        max: cfg.maxCoroutines,
        message: `too many coroutines while loading choreographies: ${cfg.maxCoroutines}`,
      });
    }
    let sid = this.nextSessionId;
    if (this.sessionById.has(sid)) sid = Math.max(sid, ...this.sessionById.keys()) + 1;
    const programId = this.programs.length;
    this.programs.push({ code: p.code, footprint: new Map(p.metadata.footprintSummary.map(([r, rs]) => [r, rs])) });
    const roles = p.entryPoints.map(([r]) => r);
    const session = new SessionRecord(sid, roles);
    // Protocol edges (§9.4 step 6): role order, depth-first, first insertion wins, no self-edges.
    const add = (sender: string, receiver: string): void => {
      if (sender === receiver || session.handlerEdge(sender, receiver) !== undefined) return;
      session.edges.push(new EdgeBuffer({ sid, sender, receiver }));
    };
    const walk = (role: string, t: SessionType): void => {
      switch (t.kind) {
        case 'send':
        case 'select':
          add(role, t.partner);
          break;
        case 'recv':
        case 'branch':
          add(t.partner, role);
          break;
        default:
          break;
      }
      if (t.kind === 'send' || t.kind === 'recv') walk(role, t.cont);
      else if (t.kind === 'select' || t.kind === 'branch') for (const b of t.branches) walk(role, b.cont);
      else if (t.kind === 'mu') walk(role, t.body);
    };
    for (const [role, t] of p.localTypes) walk(role, t);
    for (const [role, t] of p.localTypes) session.types.set(role, t);
    this.sessions.unshift(session);
    this.sessionById.set(sid, session);
    this.sessionArr[sid] = session;
    if (session.edges.length > 0) this.anyHandler = true;
    for (const [role, pc] of p.entryPoints) {
      const ep: Endpoint = { sid, role };
      const regs: Value[] = new Array<Value>(cfg.numRegisters).fill(UNIT);
      regs[0] = { kind: 'chan', endpoint: ep };
      const c = new Coroutine(this.coroutines.length, programId, pc, regs, [ep], cfg.initialCostBudget);
      this.coroutines.push(c);
      this.readyQueue.push(c.id);
    }
    if (this.recording) this.emit({ tick: this.clock, kind: 'opened', sid, roles });
    this.nextSessionId = sid + 1;
    return ok(sid);
  }

  // ---------------------------------------------------------------- rounds (§7)

  /** Starts a round: `clock += 1`, then wakes receivers whose edge is non-empty (§7.2, ascending id). */
  beginRound(): void {
    this.clock += 1;
    const w = this.recvWaiters;
    if (w.length === 0) return;
    // In place: keep the still-waiting ones, wake the others in ascending id order.
    let keep = 0;
    for (let i = 0; i < w.length; i++) {
      const c = w[i] as Coroutine;
      const buf = c.waitBuffer;
      if (buf !== null && buf.queue.length > 0) {
        this.blocked.delete(c.id);
        c.waitBuffer = null;
        if (!this.readyQueue.includes(c.id)) this.readyQueue.push(c.id);
        c.status = READY;
      } else w[keep++] = c;
    }
    while (w.length > keep) w.pop();
  }

  /** Whether a coroutine may run now (`ready` or `speculating`). */
  isRunnable(cid: number): boolean {
    const c = this.coroutines[cid];
    return c !== undefined && isRunnable(c);
  }

  /**
   * The pick candidates in the policy's order (machine.md §7.7): runnable ids of the ready queue;
   * candidate 0 is the default pick.
   */
  candidates(): number[] {
    const q = this.readyQueue;
    const runnable = q.filter((cid) => this.isRunnable(cid));
    const policy = this.config.schedPolicy;
    switch (policy.kind) {
      case 'progress_aware':
      case 'priority_token_weighted': {
        const withTokens = runnable.filter((cid) => (this.coroutines[cid] as Coroutine).progressTokens.length > 0);
        return [...withTokens, ...runnable.filter((cid) => !withTokens.includes(cid))];
      }
      case 'priority_fixed': {
        const score = (cid: number): number => policy.map[cid] ?? 0;
        return runnable
          .map((cid, i) => [cid, i] as const)
          .sort((a, b) => score(b[0]) - score(a[0]) || a[1] - b[1])
          .map(([cid]) => cid);
      }
      default:
        return runnable;
    }
  }

  /**
   * Picks a coroutine (machine.md §7.5/§7.7), removes it from the ready queue and counts the step.
   * With a schedule entry `c`, takes candidate `c mod count`. `undefined` when nothing is runnable
   * (no step counted).
   */
  pick(scheduleEntry?: number): number | undefined {
    let cid: number | undefined;
    if (scheduleEntry === undefined && this.firstRunnablePick) {
      // Fast path: first runnable in queue order, no allocation.
      for (const id of this.readyQueue) {
        if (isRunnable(this.coroutines[id] as Coroutine)) {
          cid = id;
          break;
        }
      }
    } else {
      const cands = this.candidates();
      if (cands.length > 0) cid = cands[(scheduleEntry ?? 0) % cands.length];
    }
    if (cid === undefined) return undefined;
    this.removeFromQueue(cid);
    this.stepCount += 1;
    return cid;
  }

  /** Removes the first occurrence of `cid` from the ready queue (wave start, §11.5). */
  removeFromQueue(cid: number): void {
    const q = this.readyQueue;
    if (q[0] === cid) q.shift();
    else {
      const i = q.indexOf(cid);
      if (i >= 0) q.splice(i, 1);
    }
  }

  /** `true` iff every coroutine is `done` or `faulted` (true with zero coroutines). */
  allTerminal(): boolean {
    return this.terminalCount === this.coroutines.length;
  }

  // ---------------------------------------------------------------- one step (§6, §7.4, §8.3)

  /**
   * Executes ONE step of `cid` (the pick already happened): the step pipeline (§6), the queue
   * update (§7.4) and the lifecycle events (§8.3), all at the current tick.
   */
  step(cid: number): StepOutcome {
    const eventStart = this.trace.length;
    // Only a coroutine stepped while blocked (a driver's choice; never a scheduler pick) is in the
    // map. Lean drops the entry in updateAfterStep; exec never reads it, so dropping it first is
    // the same and keeps a re-blocked coroutine's fresh wait intact.
    if (this.coroutines[cid]?.status.kind === 'blocked' && this.blocked.delete(cid)) this.dropWaiter(cid);
    const status = this.exec(cid);
    // Queue update (Lean updateAfterStep).
    if (this.readyQueue.length !== 0) this.removeFromQueue(cid);
    const c = this.coroutines[cid];
    switch (status.kind) {
      case 'blocked':
        this.blocked.set(cid, status.reason);
        if (status.reason.kind === 'recv_wait' && c !== undefined) this.addWaiter(c);
        break;
      case 'halted':
      case 'faulted':
        break;
      case 'spawned':
        if (!this.readyQueue.includes(cid)) this.readyQueue.push(cid);
        if (!this.readyQueue.includes(status.coroId)) this.readyQueue.push(status.coroId);
        break;
      default:
        this.readyQueue.push(cid);
    }
    if (status.kind === 'halted') {
      if (this.recording) this.emit({ tick: this.clock, kind: 'halted', coroId: cid });
    } else if (status.kind === 'faulted') {
      const sid = c?.owned[0]?.sid ?? 0;
      this.faults.push({ coro_id: cid, fault: status.fault });
      if (this.recording) {
        this.trace.push({
          tick: this.clock,
          kind: 'failure_branch_entered',
          sid,
          coroId: cid,
          fault: faultTag(status.fault),
        });
        this.trace.push({ tick: this.clock, kind: 'faulted', coroId: cid, fault: status.fault });
      }
    }
    return { coroId: cid, status, eventStart };
  }

  private addWaiter(c: Coroutine): void {
    const w = this.recvWaiters;
    let i = w.length;
    while (i > 0 && (w[i - 1] as Coroutine).id > c.id) i--;
    if (i === w.length) w.push(c);
    else w.splice(i, 0, c);
  }

  private dropWaiter(cid: number): void {
    const w = this.recvWaiters;
    const i = w.findIndex((c) => c.id === cid);
    if (i >= 0) {
      (w[i] as Coroutine).waitBuffer = null;
      w.splice(i, 1);
    }
  }

  // Callers test `this.recording` first so the fast path allocates no event objects.
  private emit(e: MachineEvent): void {
    this.trace.push(e);
  }

  private fault(c: Coroutine, f: Fault): ExecStatus {
    if (!isTerminal(c)) this.terminalCount += 1;
    c.status = { kind: 'faulted', fault: f };
    return { kind: 'faulted', fault: f };
  }

  private blockRecv(c: Coroutine, buf: EdgeBuffer): ExecStatus {
    const b = buf.recvWait();
    c.status = b.status;
    c.waitBuffer = buf;
    return b.exec;
  }

  private typeOf(ep: Endpoint): SessionType | undefined {
    return this.sessionArr[ep.sid]?.types.get(ep.role);
  }

  private setType(ep: Endpoint, t: SessionType): void {
    this.sessionArr[ep.sid]?.types.set(ep.role, t);
  }

  private touch(sid: number): void {
    const s = this.sessionArr[sid];
    if (s !== undefined) s.viewCleared = false;
  }

  /** The step pipeline (machine.md §6) without queue update. */
  private exec(cid: number): ExecStatus {
    const c = this.coroutines[cid];
    if (c === undefined) return { kind: 'faulted', fault: { kind: 'close_fault', msg: 'unknown coroutine' } };
    const st = c.status;
    if (st.kind === 'done') return HALTED;
    if (st.kind === 'faulted') return { kind: 'faulted', fault: st.fault };
    const program = this.programs[c.programId];
    if (program === undefined) return this.fault(c, { kind: 'close_fault', msg: 'unknown program' });
    const instr = program.code[c.pc];
    if (instr === undefined) return this.fault(c, { kind: 'close_fault', msg: 'pc out of range' });
    this.monEndpoint = null;
    if (this.config.monitorMode === 'session_type_precheck') {
      const m = this.monitor(c, instr);
      if (m !== null) return this.fault(c, m);
    }
    const cost = this.config.instructionCost;
    if (cost > c.budget) return this.fault(c, OUT_OF_CREDITS);
    c.budget -= cost;
    if (!this.gateRejects) return this.execute(c, instr);
    return this.gatedExecute(c, instr);
  }

  /**
   * Stage 6 + the rejecting output-condition gate (machine.md §6 stage 7, Tier 2): a step that
   * produced an observable event is undone — machine state back to before stage 6, its events
   * dropped — while the coroutine keeps its updated record with status
   * `faulted(spec_fault "output condition rejected: …")` (as read in Lean, §17.9).
   */
  private gatedExecute(c: Coroutine, instr: Instruction): ExecStatus {
    const saved = this.saveMachineState();
    const traceLength = this.trace.length;
    const status = this.execute(c, instr);
    const observable =
      status.kind === 'closed' ||
      (status.kind === 'continue' &&
        (instr.op === 'Offer' ||
          instr.op === 'Choose' ||
          instr.op === 'Send' ||
          instr.op === 'Receive' ||
          instr.op === 'Open' ||
          (instr.op === 'Invoke' && c.owned.length > 0)));
    if (!observable) return status;
    this.restoreMachineState(saved);
    this.trace.length = traceLength;
    return this.fault(c, specFault(`output condition rejected: ${OBSERVABLE_OUTPUT}`));
  }

  private saveMachineState(): () => void {
    const sessions = [...this.sessions];
    const perSession = sessions.map((s) => ({
      s,
      types: new Map(s.types),
      phase: s.phase,
      epoch: s.epoch,
      viewCleared: s.viewCleared,
      edges: s.edges.map((e) => ({ e, queue: [...e.queue], nextSendSeq: e.nextSendSeq, nextRecvSeq: e.nextRecvSeq })),
    }));
    const nextSessionId = this.nextSessionId;
    const anyHandler = this.anyHandler;
    const nullifiers = [...this.nullifiers];
    return () => {
      for (const x of perSession) {
        x.s.types.clear();
        for (const [k, v] of x.types) x.s.types.set(k, v);
        x.s.phase = x.phase;
        x.s.epoch = x.epoch;
        x.s.viewCleared = x.viewCleared;
        for (const y of x.edges) {
          y.e.queue.length = 0;
          y.e.queue.push(...y.queue);
          y.e.nextSendSeq = y.nextSendSeq;
          y.e.nextRecvSeq = y.nextRecvSeq;
        }
      }
      for (const s of this.sessions) {
        if (!sessions.includes(s)) {
          this.sessionById.delete(s.sid);
          this.sessionArr[s.sid] = undefined;
        }
      }
      this.sessions.length = 0;
      this.sessions.push(...sessions);
      this.nextSessionId = nextSessionId;
      this.anyHandler = anyHandler;
      this.nullifiers.clear();
      for (const n of nullifiers) this.nullifiers.add(n);
    };
  }

  private restoreMachineState(restore: () => void): void {
    restore();
  }

  /** Monitor precheck (machine.md §6 stage 4); `null` = pass. */
  private monitor(c: Coroutine, instr: Instruction): Fault | null {
    let wantSend: boolean;
    switch (instr.op) {
      case 'Choose': {
        const t = instr.table;
        for (let i = 1; i < t.length; i++) {
          for (let j = 0; j < i; j++)
            if ((t[i] as readonly [string, number])[0] === (t[j] as readonly [string, number])[0]) {
              return specFault('[monitor] structural precheck failed');
            }
        }
        wantSend = false;
        break;
      }
      case 'Open':
        return instr.roles.length !== instr.dsts.length ? specFault('[monitor] structural precheck failed') : null;
      case 'Send':
      case 'Offer':
        wantSend = true;
        break;
      case 'Receive':
        wantSend = false;
        break;
      default:
        return null;
    }
    const v = c.regs[instr.chan];
    if (v === undefined || v.kind !== 'chan') return specFault('[monitor] missing channel endpoint');
    const t = this.typeOf(v.endpoint);
    if (t === undefined) return specFault('[monitor] no type registered');
    const u = unfold(t);
    this.monEndpoint = v.endpoint;
    this.monUnfolded = u;
    if (wantSend) {
      if (u.kind !== 'send' && u.kind !== 'select') return specFault('[monitor] expected Send state');
    } else if (u.kind !== 'recv' && u.kind !== 'branch') return specFault('[monitor] expected Recv state');
    return null;
  }

  // The monitor's lookup of the channel's unfolded type, reused by the instruction of the same step.
  private monEndpoint: Endpoint | null = null;
  private monUnfolded: SessionType | undefined;

  private unfoldedTypeOf(ep: Endpoint): SessionType | undefined {
    if (this.monEndpoint === ep) return this.monUnfolded;
    const t = this.typeOf(ep);
    return t === undefined ? undefined : unfold(t);
  }

  /** Endpoint operand decoding + ownership (machine.md §5.0). */
  private endpointOperand(c: Coroutine, r: number): Endpoint | Fault {
    const v = c.regs[r];
    if (v === undefined) return OUT_OF_REGISTERS;
    if (v.kind !== 'chan') return { kind: 'type_violation', expected: CHAN_ANY, actual: valTypeOf(v) };
    return v.endpoint;
  }

  private owns(c: Coroutine, ep: Endpoint): boolean {
    for (const o of c.owned) if (o.sid === ep.sid && o.role === ep.role) return true;
    return false;
  }

  /** Edge checks 1–3 (machine.md §5.0): Tier 1 has no partitions or crashes; handler lookup. */
  private boundEdge(sid: number, sender: string, receiver: string): EdgeBuffer | undefined {
    return this.sessionArr[sid]?.handlerEdge(sender, receiver);
  }

  /** Lean `bufEnqueue` (machine.md §4.3). */
  private enqueue(buf: EdgeBuffer, item: SignedValue): 'ok' | 'blocked' | 'dropped' | 'error' {
    const bc = this.config.bufferConfig;
    if (bc.mode === 'latest_value') {
      buf.queue.length = 0;
      buf.queue.push(item);
      return 'ok';
    }
    const cap = bc.policy.kind === 'resize' ? bc.policy.maxCapacity : bc.initialCapacity;
    if (buf.queue.length < cap) {
      buf.queue.push(item);
      return 'ok';
    }
    switch (bc.policy.kind) {
      case 'drop':
        return 'dropped';
      case 'error':
        return 'error';
      default:
        return 'blocked';
    }
  }

  private enqueueFault(c: Coroutine, res: 'blocked' | 'dropped' | 'error', buf: EdgeBuffer): ExecStatus {
    if (res === 'blocked') {
      const b = buf.sendWait();
      c.status = b.status;
      return b.exec;
    }
    return this.fault(c, { kind: 'flow_violation', msg: res === 'dropped' ? 'buffer drop' : 'buffer overflow' });
  }

  private payloadTooLarge(v: Value, ctx: 'send' | 'receive'): Fault | null {
    if (this.config.payloadValidationMode === 'off') return null;
    const size = reprValue(v).length;
    const max = this.config.maxPayloadBytes;
    return size > max ? specFault(`${ctx} payload exceeds max_payload_bytes=${max} (actual=${size})`) : null;
  }

  private strictSchema(ep: Endpoint, t: SessionType, ctx: 'send' | 'receive'): Fault {
    if (
      this.config.payloadValidationMode === 'strict_schema' &&
      t.kind === (ctx === 'send' ? 'select' : 'branch') &&
      t.branches.length === 1
    ) {
      const l = (t.branches[0] as { label: string }).label;
      return specFault(`${ep.role}: ${ctx} payload '${l}' requires explicit ValType annotation in strict_schema mode`);
    }
    return specFault(ctx === 'send' ? 'send not permitted' : 'recv not permitted');
  }

  private labelValue(label: string): Value {
    let v = this.labelValues.get(label);
    if (v === undefined) {
      v = { kind: 'string', value: label };
      this.labelValues.set(label, v);
    }
    return v;
  }

  /** Stage 6: the instruction itself (machine.md §5). */
  private execute(c: Coroutine, instr: Instruction): ExecStatus {
    switch (instr.op) {
      case 'Offer': {
        const ep = this.endpointOperand(c, instr.chan);
        if ('kind' in ep) return this.fault(c, ep);
        if (!this.owns(c, ep)) return this.fault(c, { kind: 'channel_closed', endpoint: ep });
        const t = this.unfoldedTypeOf(ep);
        if (t === undefined || t.kind !== 'select') return this.fault(c, specFault('offer not permitted'));
        let cont: SessionType | undefined;
        for (const b of t.branches)
          if (b.label === instr.label) {
            cont = b.cont;
            break;
          }
        if (cont === undefined) return this.fault(c, { kind: 'unknown_label', label: instr.label });
        const buf = this.boundEdge(ep.sid, ep.role, t.partner);
        if (buf === undefined) return this.fault(c, specFault('no handler bound'));
        const res = this.enqueue(buf, { payload: this.labelValue(instr.label), seqNo: 0 });
        if (res !== 'ok') return this.enqueueFault(c, res, buf);
        this.touch(ep.sid);
        this.setType(ep, cont);
        c.pc += 1;
        if (this.recording) this.emit({ tick: this.clock, kind: 'offered', edge: buf.edge, label: instr.label });
        return CONTINUE;
      }
      case 'Choose': {
        const ep = this.endpointOperand(c, instr.chan);
        if ('kind' in ep) return this.fault(c, ep);
        if (!this.owns(c, ep)) return this.fault(c, { kind: 'channel_closed', endpoint: ep });
        const t = this.unfoldedTypeOf(ep);
        if (t === undefined || t.kind !== 'branch') return this.fault(c, specFault('choose not permitted'));
        const buf = this.boundEdge(ep.sid, t.partner, ep.role);
        if (buf === undefined) return this.fault(c, specFault('no handler bound'));
        const item = buf.queue.shift();
        if (item === undefined) return this.blockRecv(c, buf);
        // The item stays consumed on the faults below (machine.md §5.4 steps 6–7).
        this.touch(ep.sid);
        if (item.payload.kind !== 'string') {
          return this.fault(c, { kind: 'type_violation', expected: STRING_T, actual: valTypeOf(item.payload) });
        }
        const l = item.payload.value;
        let cont: SessionType | undefined;
        for (const b of t.branches)
          if (b.label === l) {
            cont = b.cont;
            break;
          }
        let target: number | undefined;
        const table = instr.table;
        for (let i = 0; i < table.length; i++) {
          const row = table[i] as readonly [string, number];
          if (row[0] === l) {
            target = row[1];
            break;
          }
        }
        if (cont === undefined || target === undefined) return this.fault(c, { kind: 'unknown_label', label: l });
        this.setType(ep, cont);
        c.pc = target;
        c.status = READY;
        if (this.recording) this.emit({ tick: this.clock, kind: 'chose', edge: buf.edge, label: l });
        return CONTINUE;
      }
      case 'Invoke': {
        let action: string;
        if (typeof instr.action === 'number') {
          const v = c.regs[instr.action];
          if (v === undefined) return this.fault(c, OUT_OF_REGISTERS);
          action = reprValue(v);
        } else action = instr.action;
        if (!this.anyHandler) return this.fault(c, { kind: 'invoke_fault', msg: 'no handler bound' });
        c.pc += 1;
        const primary = c.owned[0];
        if (primary !== undefined && this.recording)
          this.emit({ tick: this.clock, kind: 'invoked', endpoint: primary, action });
        return CONTINUE;
      }
      case 'Jump':
        c.pc = instr.target;
        c.status = READY;
        return CONTINUE;
      case 'Halt': {
        const r0 = c.regs[0];
        const ep = r0 !== undefined && r0.kind === 'chan' ? r0.endpoint : c.owned[0];
        if (ep !== undefined) this.sessionById.get(ep.sid)?.types.delete(ep.role);
        c.status = DONE;
        this.terminalCount += 1;
        c.pc += 1;
        return HALTED;
      }
      case 'Send':
        return this.execSend(c, instr.chan, instr.val);
      case 'Receive':
        return this.execReceive(c, instr.chan, instr.dst);
      case 'Set':
        if (instr.dst >= c.regs.length) return this.fault(c, OUT_OF_REGISTERS);
        c.regs[instr.dst] = instr.val;
        c.pc += 1;
        return CONTINUE;
      case 'Move': {
        const v = c.regs[instr.src];
        if (v === undefined || instr.dst >= c.regs.length) return this.fault(c, OUT_OF_REGISTERS);
        c.regs[instr.dst] = v;
        c.pc += 1;
        return CONTINUE;
      }
      case 'Close':
        return this.execClose(c, instr.session);
      case 'Yield':
        c.pc += 1;
        c.status = { kind: 'blocked', reason: { kind: 'spawn_wait' } };
        return { kind: 'yielded' };
      case 'Spawn': {
        const n = this.config.numRegisters;
        const regs: Value[] = new Array<Value>(n).fill(UNIT);
        for (let i = 0; i < instr.args.length && i < n; i++) {
          const v = c.regs[instr.args[i] as number];
          if (v !== undefined) regs[i] = v;
        }
        const child = new Coroutine(
          this.coroutines.length,
          c.programId,
          instr.target,
          regs,
          [],
          this.config.initialCostBudget,
        );
        this.coroutines.push(child);
        c.pc += 1;
        return { kind: 'spawned', coroId: child.id };
      }
      case 'Open':
        return this.execOpen(c, instr);
      case 'Fork':
        return this.fault(c, specFault('speculation is disabled'));
      case 'Join':
        return this.fault(c, specFault('join requires active speculation'));
      case 'Abort':
        return this.fault(c, specFault('abort requires active speculation'));
      case 'Acquire':
      case 'Release':
        // No guard layers exist in our Tier-1 configuration, so every layer is unknown.
        return this.fault(c, { kind: 'acquire_fault', layer: instr.layer, msg: 'unknown layer' });
      case 'Transfer':
        return this.fault(c, { kind: 'transfer_fault', msg: 'transfer is not supported (Tier 2)' });
      case 'Tag':
      case 'Check':
        return this.fault(c, specFault(`${instr.op.toLowerCase()} is not supported (Tier 2)`));
    }
  }

  private execSend(c: Coroutine, chan: number, valReg: number): ExecStatus {
    const ep = this.endpointOperand(c, chan);
    if ('kind' in ep) return this.fault(c, ep);
    const v = c.regs[valReg];
    if (v === undefined) return this.fault(c, OUT_OF_REGISTERS);
    if (!this.owns(c, ep)) return this.fault(c, { kind: 'channel_closed', endpoint: ep });
    const t0 = this.typeOf(ep);
    const t = t0 === undefined ? undefined : unfold(t0);
    if (t === undefined || t.kind !== 'send')
      return this.fault(c, t === undefined ? specFault('send not permitted') : this.strictSchema(ep, t, 'send'));
    const actual = valTypeOf(v);
    if (!valTypeEquals(t.payload, actual))
      return this.fault(c, { kind: 'type_violation', expected: t.payload, actual });
    const big = this.payloadTooLarge(v, 'send');
    if (big !== null) return this.fault(c, big);
    const buf = this.boundEdge(ep.sid, ep.role, t.partner);
    if (buf === undefined) return this.fault(c, specFault('no handler bound'));
    // The allocation is kept even when the enqueue blocks or faults (machine.md §5.1 step 7, MD-27).
    const seq = buf.nextSendSeq;
    buf.nextSendSeq = seq + 1;
    const res = this.enqueue(buf, { payload: v, seqNo: seq });
    if (res !== 'ok') return this.enqueueFault(c, res, buf);
    this.touch(ep.sid);
    this.setType(ep, t.cont);
    c.pc += 1;
    if (this.recording) this.emit({ tick: this.clock, kind: 'sent', edge: buf.edge, value: v, seq });
    return CONTINUE;
  }

  private execReceive(c: Coroutine, chan: number, dst: number): ExecStatus {
    const ep = this.endpointOperand(c, chan);
    if ('kind' in ep) return this.fault(c, ep);
    if (!this.owns(c, ep)) return this.fault(c, { kind: 'channel_closed', endpoint: ep });
    const t0 = this.typeOf(ep);
    const t = t0 === undefined ? undefined : unfold(t0);
    if (t === undefined || t.kind !== 'recv')
      return this.fault(c, t === undefined ? specFault('recv not permitted') : this.strictSchema(ep, t, 'receive'));
    const buf = this.boundEdge(ep.sid, t.partner, ep.role);
    if (buf === undefined) return this.fault(c, specFault('no handler bound'));
    const item = buf.queue[0];
    if (item === undefined) return this.blockRecv(c, buf);
    const big = this.payloadTooLarge(item.payload, 'receive');
    if (big !== null) return this.fault(c, big);
    const mode = this.config.communicationReplayMode;
    if (mode === 'sequence') {
      if (item.seqNo !== buf.nextRecvSeq) {
        return this.fault(c, {
          kind: 'flow_violation',
          msg: `comm_replay.sequence_mismatch: expected=${buf.nextRecvSeq}, actual=${item.seqNo}`,
        });
      }
      buf.nextRecvSeq += 1;
    } else if (mode === 'nullifier') {
      const label = item.payload.kind === 'string' ? item.payload.value : `recv:${reprValType(t.payload)}`;
      const e = buf.edge;
      const identity = JSON.stringify([
        'telltale.comm.identity.v1',
        e.sid,
        e.sender,
        e.receiver,
        'receive',
        label,
        reprValue(item.payload),
        item.seqNo,
      ]);
      if (this.nullifiers.has(identity)) return this.fault(c, { kind: 'flow_violation', msg: 'comm_replay.duplicate' });
      this.nullifiers.add(identity);
    }
    const actual = valTypeOf(item.payload);
    if (!valTypeEquals(t.payload, actual))
      return this.fault(c, { kind: 'type_violation', expected: t.payload, actual });
    if (dst >= c.regs.length) return this.fault(c, OUT_OF_REGISTERS);
    buf.queue.shift();
    this.touch(ep.sid);
    c.regs[dst] = item.payload;
    this.setType(ep, t.cont);
    c.pc += 1;
    if (this.recording)
      this.emit({ tick: this.clock, kind: 'received', edge: buf.edge, value: item.payload, seq: item.seqNo });
    return CONTINUE;
  }

  private execClose(c: Coroutine, reg: number): ExecStatus {
    const ep = this.endpointOperand(c, reg);
    if ('kind' in ep) return this.fault(c, ep);
    if (!this.owns(c, ep)) return this.fault(c, { kind: 'close_fault', msg: 'endpoint not owned' });
    const s = this.sessionById.get(ep.sid);
    const epoch = (s?.epoch ?? 0) + 1;
    if (s !== undefined) {
      s.phase = 'closed';
      s.viewCleared = true;
      s.epoch = epoch;
    }
    const i = c.owned.findIndex((o) => o.sid === ep.sid && o.role === ep.role);
    c.owned.splice(i, 1);
    c.pc += 1;
    if (this.recording) this.emit({ tick: this.clock, kind: 'epoch_advanced', sid: ep.sid, epoch });
    if (this.recording) this.emit({ tick: this.clock, kind: 'closed', sid: ep.sid });
    return { kind: 'closed', sid: ep.sid };
  }

  /** `Open` (machine.md §5.7, Tier 2 as specified there). */
  private execOpen(c: Coroutine, instr: Extract<Instruction, { op: 'Open' }>): ExecStatus {
    const roles = instr.localTypes.map(([r]) => r);
    if (roles.length !== instr.dsts.length || instr.dsts.some(([r], i) => r !== roles[i])) {
      return this.fault(c, { kind: 'close_fault', msg: 'open arity mismatch' });
    }
    const sid = this.nextSessionId;
    const session = new SessionRecord(sid, roles);
    const types = instr.localTypes.map(([r, t]) => [r, toSessionType(t)] as const);
    const edges: [string, string][] = [];
    const add = (s: string, r: string): void => {
      if (s !== r && !edges.some(([a, b]) => a === s && b === r)) edges.push([s, r]);
    };
    const walk = (role: string, t: SessionType): void => {
      if (t.kind === 'send' || t.kind === 'select') add(role, t.partner);
      if (t.kind === 'recv' || t.kind === 'branch') add(t.partner, role);
      if (t.kind === 'send' || t.kind === 'recv') walk(role, t.cont);
      else if (t.kind === 'select' || t.kind === 'branch') for (const b of t.branches) walk(role, b.cont);
      else if (t.kind === 'mu') walk(role, t.body);
    };
    for (const [r, t] of types) walk(r, t);
    for (const [s, r] of edges) {
      if (!instr.handlers.some(([[hs, hr]]) => hs === s && hr === r))
        return this.fault(c, specFault('handler bindings missing'));
    }
    if (instr.dsts.some(([, d]) => d >= c.regs.length)) return this.fault(c, OUT_OF_REGISTERS);
    for (const [s, r] of edges) session.edges.push(new EdgeBuffer({ sid, sender: s, receiver: r }));
    for (const [r, t] of types) session.types.set(r, t);
    this.sessions.unshift(session);
    this.sessionById.set(sid, session);
    this.sessionArr[sid] = session;
    if (instr.handlers.length > 0) this.anyHandler = true;
    this.nextSessionId = sid + 1;
    const eps = roles.map((role) => ({ sid, role }));
    for (const [role, d] of instr.dsts) c.regs[d] = { kind: 'chan', endpoint: { sid, role } };
    c.owned.unshift(...eps);
    c.pc += 1;
    if (this.recording) this.emit({ tick: this.clock, kind: 'opened', sid, roles });
    return CONTINUE;
  }

  // ---------------------------------------------------------------- observation (bridge.md §4.6)

  /** The whole-machine state slice of a step state (bridge.md §4.6). */
  slice(): StateSlice {
    const coroutines: CoroutineSlice[] = this.coroutines.map((c) => ({
      coro_id: c.id,
      session_id: c.owned[0]?.sid ?? 0,
      pc: c.pc,
      status: c.status.kind,
      owned_endpoints: c.owned.length,
      progress_tokens: c.progressTokens.length,
    }));
    const sessions: SessionSlice[] = this.sessions.map((s) => ({
      sid: s.sid,
      role_count: s.roles.length,
      local_type_entries: s.types.size,
      buffer_edges: s.viewCleared ? 0 : s.edges.length,
      buffered_messages: s.viewCleared ? 0 : bufferedCount(s),
      status: s.phase === 'active' ? 'active' : s.phase === 'closed' ? 'closed' : 'draining',
      epoch: s.epoch,
    }));
    return {
      coroutines,
      sessions,
      scheduler: { ready_queue: [...this.readyQueue], blocked: this.blockedTags(), step_count: this.stepCount },
    };
  }

  private blockedTags(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const cid of [...this.blocked.keys()].sort((a, b) => a - b))
      out[String(cid)] = (this.blocked.get(cid) as BlockReason).kind;
    return out;
  }

  /**
   * Builds the `step_states` entry of one executed step (bridge.md §4.6) from its pre-state slice
   * and outcome; call right after {@link step}.
   */
  stepState(stepIndex: number, pre: StateSlice, outcome: StepOutcome): StepState {
    const c = this.coroutines[outcome.coroId];
    const r0 = c?.regs[0];
    const t = r0 !== undefined && r0.kind === 'chan' ? this.typeOf(r0.endpoint) : undefined;
    const post = this.slice();
    const typeCounts: Record<string, number> = {};
    const msgCounts: Record<string, number> = {};
    for (const s of post.sessions) {
      typeCounts[String(s.sid)] = s.local_type_entries;
      msgCounts[String(s.sid)] = s.buffered_messages;
    }
    let event: BridgeEvent | null = null;
    // Lean's step event is the step's own result event: `closed` for Close, not `epoch_advanced`.
    for (let i = outcome.eventStart; i < this.trace.length && event === null; i++)
      if ((this.trace[i] as MachineEvent).kind !== 'epoch_advanced')
        event = toBridgeEvent(this.trace[i] as MachineEvent);
    return {
      step_index: stepIndex,
      pre_state: pre,
      post_state: post,
      selected_coro: outcome.coroId,
      selected_pc: c?.pc ?? 0,
      selected_type: t === undefined ? null : renderLocalType(t),
      // Lean's Close commits with `continue` (ExecSession.closeCommit); `closed` stays internal.
      exec_status: outcome.status.kind === 'closed' ? 'continue' : outcome.status.kind,
      session_type_counts: typeCounts,
      buffered_message_counts: msgCounts,
      ready_queue: post.scheduler.ready_queue,
      blocked: post.scheduler.blocked,
      event,
    };
  }

  /** Bridge `sessions` (bridge.md §4.4): ascending sid; terminal iff the phase left `active`. */
  sessionStatuses(): { schema_version: string; sid: number; terminal: boolean }[] {
    return [...this.sessions]
      .sort((a, b) => a.sid - b.sid)
      .map((s) => ({ schema_version: SCHEMA_VERSION, sid: s.sid, terminal: s.phase !== 'active' }));
  }

  /** Footprint atoms `sid:role` of a coroutine (machine.md §11.3): owned endpoints and their summaries. */
  footprint(cid: number): string[] {
    const c = this.coroutines[cid];
    if (c === undefined) return [];
    const prog = this.programs[c.programId];
    const out: string[] = [];
    for (const ep of c.owned) {
      for (const r of [ep.role, ...(prog?.footprint.get(ep.role) ?? [])]) {
        const atom = `${ep.sid}\u0000${r}`;
        if (!out.includes(atom)) out.push(atom);
      }
    }
    return out;
  }

  /** Diagnostics of machine.md §8.4 (without the threaded block). */
  diagnostics(engine: 'cooperative' | 'threaded'): RunDiagnostics {
    const out = {
      engine,
      final_tick: this.clock,
      faults: this.faults,
      machine_trace: [] as unknown[],
      failure_visible: { crashed_sites: [], partitioned_edges: [], corrupted_edges: [], timed_out_sites: [] },
    };
    // machine_trace is built on first read: a long traced run should not pay for the JSON of
    // every event unless someone looks. It reads like a plain enumerable field (JSON, toEqual).
    const events = this.trace.slice();
    let cached: unknown[] | undefined;
    Object.defineProperty(out, 'machine_trace', {
      enumerable: true,
      configurable: true,
      get: () => (cached ??= events.map(eventToJson)),
    });
    return out;
  }
}

function bufferedCount(s: SessionRecord): number {
  let n = 0;
  for (const e of s.edges) n += e.queue.length;
  return n;
}

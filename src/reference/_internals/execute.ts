/**
 * The Lean runner's round loop and instruction semantics (bridge.md §15.3–15.8), one instruction per
 * round, recording `step_states` exactly as `concreteScheduledStepJson` lays them out.
 */
import { defineStepStates, stepStateJsonLength, type RawStepState } from '../../projection/lazyStepStates.js';
import { DEFAULT_MAX_OUTPUT_BYTES, OutputBudget } from '../../types/outputBudget.js';
import {
  SCHEMA_VERSION,
  type BridgeEvent,
  type CoroutineSlice,
  type RunOutput,
  type SessionSlice,
  type StateSlice,
} from '../../types/bridge.js';
import type { SessionType } from '../../types/machine.js';
import { edgeKey, unfold, type RefInstr } from './compile.js';
import type { LoadedRequest, RefCoroutine, RefSession } from './loadRequest.js';

/** Step states are measured for the output budget one in this many (neighbouring states differ little). */
const kStateSample = 16;

/** Lean `unitBufferConfig`: FIFO, capacity 16, policy block. */
const BUFFER_CAPACITY = 16;

type StepOutcome =
  | { readonly status: 'continue'; readonly event: BridgeEvent | null }
  | { readonly status: 'blocked'; readonly reason: 'recv_wait' | 'send_wait'; readonly edge: string | null }
  | { readonly status: 'halted' }
  | { readonly status: 'faulted'; readonly reason: string };

interface Machine {
  readonly sessions: readonly RefSession[];
  readonly coroutines: readonly RefCoroutine[];
  readonly ready: number[];
  /** Blocked map: coroutine id → reason tag and, for recv_wait, the edge it waits on. */
  readonly blocked: Map<number, { readonly reason: string; readonly edge: string | null }>;
  stepCount: number;
  clock: number;
}

function sessionOf(m: Machine, sid: number): RefSession {
  // Session ids are indices into the session table, which is never shrunk.
  return m.sessions[sid] as RefSession;
}

interface EventFields {
  readonly kind: string;
  readonly tick: number;
  readonly session?: number;
  readonly sender?: string;
  readonly receiver?: string;
  readonly label?: string;
  readonly role?: string;
  readonly target?: string;
  readonly reason?: string;
}

function event(fields: EventFields): BridgeEvent {
  return { schema_version: SCHEMA_VERSION, ...fields };
}

function fault(reason: string): StepOutcome {
  return { status: 'faulted', reason };
}

/** `execInstr` with the monitor pre-check (bridge.md §15.6); mutates the machine. */
function execute(m: Machine, c: RefCoroutine): StepOutcome {
  const instr: RefInstr | undefined = c.program[c.pc];
  if (instr === undefined) return fault('close_fault:pc out of range');
  const session = sessionOf(m, c.sid);

  if (instr.op === 'offer' || instr.op === 'choose') {
    if (instr.op === 'choose' && new Set(instr.table.map(([l]) => l)).size !== instr.table.length) {
      return fault('spec_fault:[monitor] structural precheck failed');
    }
    const registered = session.types.get(c.role);
    if (registered === undefined) return fault('spec_fault:[monitor] no type registered');
    const t = unfold(registered);
    if (instr.op === 'offer') {
      if (t.kind !== 'select' && t.kind !== 'send') return fault('spec_fault:[monitor] expected Send state');
      if (t.kind !== 'select') return fault('spec_fault:offer not permitted');
      const chosen = t.branches.find((b) => b.label === instr.label);
      if (chosen === undefined) return fault(`unknown_label:${instr.label}`);
      const edge = edgeKey(c.role, t.partner);
      const queue = session.buffers.get(edge);
      // Only protocol edges have a handler bound (the loader skips self-edges).
      if (queue === undefined) return fault('spec_fault:no handler bound');
      if (queue.length >= BUFFER_CAPACITY) return { status: 'blocked', reason: 'send_wait', edge: null };
      queue.push(instr.label);
      session.types.set(c.role, chosen.cont);
      c.pc += 1;
      return {
        status: 'continue',
        event: {
          schema_version: SCHEMA_VERSION,
          kind: 'sent',
          tick: m.clock,
          session: c.sid,
          sender: c.role,
          receiver: t.partner,
          label: instr.label,
        },
      };
    }
    if (t.kind !== 'branch' && t.kind !== 'recv') return fault('spec_fault:[monitor] expected Recv state');
    if (t.kind !== 'branch') return fault('spec_fault:choose not permitted');
    const edge = edgeKey(t.partner, c.role);
    const queue = session.buffers.get(edge);
    if (queue === undefined) return fault('spec_fault:no handler bound');
    const label = queue.shift();
    if (label === undefined) return { status: 'blocked', reason: 'recv_wait', edge };
    // The message stays consumed even when the label is unknown.
    const chosen = t.branches.find((b) => b.label === label);
    const target = instr.table.find(([l]) => l === label);
    if (chosen === undefined || target === undefined) return fault(`unknown_label:${label}`);
    session.types.set(c.role, chosen.cont);
    c.pc = target[1];
    return {
      status: 'continue',
      event: {
        schema_version: SCHEMA_VERSION,
        kind: 'received',
        tick: m.clock,
        session: c.sid,
        sender: t.partner,
        receiver: c.role,
        label,
      },
    };
  }
  if (instr.op === 'invoke') {
    if (!m.sessions.some((s) => s.buffers.size > 0)) return fault('invoke_fault:no handler bound');
    c.pc += 1;
    return { status: 'continue', event: null };
  }
  if (instr.op === 'jump') {
    c.pc = instr.target;
    return { status: 'continue', event: null };
  }
  session.types.delete(c.role);
  c.pc += 1;
  return { status: 'halted' };
}

/**
 * Slices that share what did not change: step states are read-only, so an unchanged coroutine or
 * session keeps its slice object from one step to the next, and an unchanged machine gives the
 * previous slice back (a comparison then skips pairs it has already seen equal).
 */
interface SliceMemo {
  readonly coroutines: Map<number, CoroutineSlice>;
  readonly sessions: Map<number, SessionSlice>;
  last: StateSlice | null;
}

function memoCoroutine(memo: SliceMemo, c: RefCoroutine): CoroutineSlice {
  const old = memo.coroutines.get(c.id);
  if (old !== undefined && old.pc === c.pc && old.status === c.status && old.session_id === c.sid) return old;
  const fresh: CoroutineSlice = {
    coro_id: c.id,
    session_id: c.sid,
    pc: c.pc,
    status: c.status,
    owned_endpoints: 1,
    progress_tokens: 0,
  };
  memo.coroutines.set(c.id, fresh);
  return fresh;
}

function memoSession(memo: SliceMemo, s: RefSession): SessionSlice {
  let buffered = 0;
  for (const q of s.buffers.values()) buffered += q.length;
  const old = memo.sessions.get(s.sid);
  if (
    old !== undefined &&
    old.buffered_messages === buffered &&
    old.local_type_entries === s.types.size &&
    old.buffer_edges === s.buffers.size &&
    old.role_count === s.roles.length
  )
    return old;
  const fresh: SessionSlice = {
    sid: s.sid,
    role_count: s.roles.length,
    local_type_entries: s.types.size,
    buffer_edges: s.buffers.size,
    buffered_messages: buffered,
    status: 'active',
    epoch: 0,
  };
  memo.sessions.set(s.sid, fresh);
  return fresh;
}

/** `old` when `build(i)` gives `old[i]` for every index below `n`, else a fresh array of them. */
function keepIfSame<T>(old: readonly T[] | undefined, n: number, build: (i: number) => T): readonly T[] {
  let i = 0;
  if (old !== undefined && old.length === n) {
    while (i < n && build(i) === old[i]) i += 1;
    if (i === n) return old;
  }
  const out: T[] = [];
  for (let j = 0; j < n; j += 1) out.push(j < i && old !== undefined ? (old[j] as T) : build(j));
  return out;
}

function blockedRecord(
  m: Machine,
  old: Readonly<Record<string, string>> | undefined,
): Readonly<Record<string, string>> {
  if (old !== undefined) {
    let count = 0;
    let same = true;
    m.blocked.forEach((b, id) => {
      count += 1;
      if (old[id] !== b.reason) same = false;
    });
    for (const _ in old) count -= 1;
    if (same && count === 0) return old;
  }
  const blocked: Record<string, string> = {};
  // Integer-like keys list in ascending order, whatever order the map holds them in.
  m.blocked.forEach((b, id) => {
    blocked[String(id)] = b.reason;
  });
  return blocked;
}

function slice(m: Machine, memo: SliceMemo): StateSlice {
  const last = memo.last ?? undefined;
  const nSessions = m.sessions.length;
  // The runner's session store is newest-first (sessions are prepended on load).
  const sessions = keepIfSame(last?.sessions, nSessions, (i) =>
    memoSession(memo, m.sessions[nSessions - 1 - i] as RefSession),
  );
  const coroutines = keepIfSame(last?.coroutines, m.coroutines.length, (i) =>
    memoCoroutine(memo, m.coroutines[i] as RefCoroutine),
  );
  const readyQueue = keepIfSame(last?.scheduler.ready_queue, m.ready.length, (i) => m.ready[i] as number);
  const blocked = blockedRecord(m, last?.scheduler.blocked);
  if (
    last !== undefined &&
    coroutines === last.coroutines &&
    sessions === last.sessions &&
    readyQueue === last.scheduler.ready_queue &&
    blocked === last.scheduler.blocked &&
    m.stepCount === last.scheduler.step_count
  )
    return last;
  const next: StateSlice = {
    coroutines,
    sessions,
    scheduler: { ready_queue: readyQueue, blocked, step_count: m.stepCount },
  };
  memo.last = next;
  return next;
}

function allTerminal(m: Machine): boolean {
  return m.coroutines.every((c) => c.status === 'done' || c.status === 'faulted');
}

/** Options of {@link executeRequest}. */
export interface ExecuteOptions {
  /** Record `step_states` (default true). */
  readonly stepStates?: boolean;
  /** Output limit: past it `OutputLimitExceeded` is thrown (the caller answers `OutputTooLarge`). */
  readonly maxOutputBytes?: number;
}

/** Runs a loaded request to its bridge-form output (bridge.md §15.3–15.8). */
export function executeRequest(loaded: LoadedRequest, options: ExecuteOptions = {}): RunOutput {
  const record = options.stepStates !== false;
  const m: Machine = {
    sessions: loaded.sessions,
    coroutines: loaded.coroutines,
    ready: loaded.coroutines.map((c) => c.id),
    blocked: new Map(),
    stepCount: 0,
    clock: 0,
  };
  const trace: BridgeEvent[] = loaded.opened.map((o) =>
    event({ kind: 'opened', tick: 0, session: o.sid, role: o.role }),
  );
  const stepStates: RawStepState[] = [];
  const memo: SliceMemo = { coroutines: new Map(), sessions: new Map(), last: null };
  let counts: { of: readonly SessionSlice[]; types: Record<string, number>; messages: Record<string, number> } | null =
    null;
  // What the run records is charged as it grows, so a huge step budget stops at the output limit
  // instead of exhausting memory (bridge.md §7: the same limit as a process lane's stdout).
  const budget = new OutputBudget(options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES);
  budget.charge(trace);
  let fuel =
    typeof loaded.maxSteps === 'bigint'
      ? loaded.maxSteps > BigInt(Number.MAX_SAFE_INTEGER)
        ? Number.MAX_SAFE_INTEGER
        : Number(loaded.maxSteps)
      : loaded.maxSteps;

  while (fuel > 0) {
    fuel -= 1;
    m.clock += 1;
    // Unblock receivers whose edge has a message (at most one qualifies per round in this runner).
    // Ascending ids (coroutine ids are their indices); a scan by id allocates nothing.
    for (let id = 0; m.blocked.size > 0 && id < m.coroutines.length; id += 1) {
      const b = m.blocked.get(id);
      if (b === undefined || b.reason !== 'recv_wait' || b.edge === null) continue;
      // Coroutine ids (blocked, ready) index the coroutine table, which is never shrunk; so below.
      const c = m.coroutines[id] as RefCoroutine;
      if ((sessionOf(m, c.sid).buffers.get(b.edge)?.length ?? 0) === 0) continue;
      m.blocked.delete(id);
      if (!m.ready.includes(id)) m.ready.push(id);
      c.status = 'ready';
    }
    const at = m.ready.findIndex((id) => (m.coroutines[id] as RefCoroutine).status === 'ready');
    if (at < 0) break;
    const pre = record ? slice(m, memo) : null;
    const cid = m.ready[at] as number;
    m.ready.splice(at, 1);
    m.stepCount += 1;
    const c = m.coroutines[cid] as RefCoroutine;
    const outcome = execute(m, c);

    // updateAfterStep: drop from both queues, then file by outcome.
    m.blocked.delete(cid);
    let stepEvent: BridgeEvent | null = null;
    switch (outcome.status) {
      case 'continue':
        m.ready.push(cid);
        stepEvent = outcome.event;
        break;
      case 'blocked':
        c.status = 'blocked';
        m.blocked.set(cid, { reason: outcome.reason, edge: outcome.edge });
        break;
      case 'halted':
        c.status = 'done';
        stepEvent = event({ kind: 'halted', tick: m.clock, target: String(cid) });
        break;
      case 'faulted':
        c.status = 'faulted';
        stepEvent = event({ kind: 'faulted', tick: m.clock, target: String(cid), reason: outcome.reason });
        break;
    }
    if (stepEvent !== null) {
      trace.push(stepEvent);
      budget.charge(stepEvent);
    }
    if (record && pre !== null) {
      const post = slice(m, memo);
      const registered: SessionType | null = sessionOf(m, c.sid).types.get(c.role) ?? null;
      if (counts === null || counts.of !== post.sessions) {
        const types: Record<string, number> = {};
        const messages: Record<string, number> = {};
        for (const s of post.sessions) {
          types[String(s.sid)] = s.local_type_entries;
          messages[String(s.sid)] = s.buffered_messages;
        }
        counts = { of: post.sessions, types, messages };
      }
      stepStates.push({
        step_index: stepStates.length,
        pre_state: pre,
        post_state: post,
        selected_coro: cid,
        selected_pc: c.pc,
        // The type: its text is rendered when the output is read.
        selected_type: registered,
        exec_status: outcome.status,
        session_type_counts: counts.types,
        buffered_message_counts: counts.messages,
        ready_queue: post.scheduler.ready_queue,
        blocked: post.scheduler.blocked,
        event: stepEvent,
      });
      // Charged as it will print (the selected type as one line of text), one state in
      // kStateSample scaled: measuring every whole state cost more than running the step.
      const index = stepStates.length - 1;
      if (index % kStateSample === 0) budget.add(kStateSample * stepStateJsonLength(stepStates[index] as RawStepState));
    }
    if (allTerminal(m)) break;
  }

  const output = {
    schema_version: SCHEMA_VERSION,
    trace,
    sessions: loaded.sessions.map((s) => ({ schema_version: SCHEMA_VERSION, sid: s.sid, terminal: false })),
    steps_executed: m.stepCount,
    // Echoed unchanged; a bigint survives for values past 2^53 (printed as digits), although
    // RunOutput types the field as number.
    concurrency: loaded.concurrency,
    status: allTerminal(m) ? 'completed' : 'stuck',
  };
  // The last key: step_states, whose selected_type texts are rendered when read.
  defineStepStates(output, stepStates);
  return output as typeof output & Pick<RunOutput, 'step_states'>;
}

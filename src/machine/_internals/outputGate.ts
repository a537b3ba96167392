/**
 * The rejecting output-condition gate (machine.md §6 stage 7, Tier 2): a step that produced an
 * observable event is undone — machine state back to before stage 6, its events dropped — while
 * the coroutine keeps its updated record with status
 * `faulted(spec_fault "output condition rejected: …")` (as read in Lean, §17.9).
 */
import type { ExecStatus, Instruction } from '../../types/machine.js';
import { execute } from './exec/execute.js';
import type { Coroutine } from './records.js';
import { OBSERVABLE_OUTPUT, specFault } from './records.js';
import type { MachineState } from './state.js';

/** Stage 6 under a gate that can reject. */
export function gatedExecute(st: MachineState, c: Coroutine, instr: Instruction): ExecStatus {
  const restore = snapshot(st, c);
  const traceLength = st.events.length;
  // An Abort rewrites the trace before the gate speaks: keep what it may drop.
  const events = instr.op === 'Abort' ? st.events.events.slice() : null;
  // Invoke, Acquire and Release observe through the primary endpoint, when there is one.
  const owner = c.owned.length > 0;
  const status = execute(st, c, instr);
  if (!observable(instr, status, owner)) return status;
  restore();
  if (events !== null) st.events.restore(events);
  else st.events.truncate(traceLength);
  return st.fault(c, specFault(`output condition rejected: ${OBSERVABLE_OUTPUT}`));
}

/** Whether the step produced an observable event (Lean: its result event is an `obs`). */
function observable(instr: Instruction, status: ExecStatus, owner: boolean): boolean {
  switch (status.kind) {
    case 'closed':
    case 'forked':
    case 'joined':
    case 'aborted':
    case 'transferred':
      return true;
    case 'continue':
      switch (instr.op) {
        case 'Offer':
        case 'Choose':
        case 'Send':
        case 'Receive':
        case 'Open':
        case 'Tag':
        case 'Check':
          return true;
        case 'Invoke':
        case 'Acquire':
        case 'Release':
          return owner;
        default:
          return false;
      }
    default:
      return false;
  }
}

/**
 * Saves the session store, buffers, replay state, speculation state and the other coroutines'
 * ownership records (a Transfer's target); the returned function puts them back. The stepping
 * coroutine `c` keeps its updated record (Lean writes `pack'.coro` back).
 */
function snapshot(st: MachineState, c: Coroutine): () => void {
  const others = st.coroutines
    .filter((o) => o !== c)
    .map((o) => ({ o, owned: [...o.owned], tokens: [...o.progressTokens], knowledge: [...o.knowledge] }));
  const ghosts = new Map(st.ghostSessions);
  const checkpoints = new Map(st.checkpoints);
  const needsReconciliation = st.needsReconciliation;
  const ownership = new Map(st.ownershipIndex);
  const restoreSessions = sessionSnapshot(st);
  return () => {
    restoreSessions();
    for (const x of others) {
      x.o.owned.splice(0, x.o.owned.length, ...x.owned);
      x.o.progressTokens.splice(0, x.o.progressTokens.length, ...x.tokens);
      x.o.knowledge.splice(0, x.o.knowledge.length, ...x.knowledge);
    }
    replace(st.ghostSessions, ghosts);
    replace(st.checkpoints, checkpoints);
    replace(st.ownershipIndex, ownership);
    st.needsReconciliation = needsReconciliation;
  };
}

function replace<K, V>(target: Map<K, V>, from: ReadonlyMap<K, V>): void {
  target.clear();
  for (const [k, v] of from) target.set(k, v);
}

/** Saves the session store, buffers and replay state; the returned function puts them back. */
function sessionSnapshot(st: MachineState): () => void {
  const sessions = [...st.sessions];
  const perSession = sessions.map((s) => ({
    s,
    types: new Map(s.types),
    phase: s.phase,
    epoch: s.epoch,
    viewCleared: s.viewCleared,
    edges: s.edges.map((e) => ({ e, queue: [...e.queue], nextSendSeq: e.nextSendSeq, nextRecvSeq: e.nextRecvSeq })),
  }));
  const nextSessionId = st.nextSessionId;
  const anyHandler = st.anyHandler;
  const nullifiers = [...st.nullifiers];
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
    for (const s of st.sessions) if (!sessions.includes(s)) st.dropSession(s.sid);
    st.sessions.length = 0;
    st.sessions.push(...sessions);
    st.nextSessionId = nextSessionId;
    st.anyHandler = anyHandler;
    st.nullifiers.clear();
    for (const n of nullifiers) st.nullifiers.add(n);
  };
}

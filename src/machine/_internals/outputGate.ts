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
  const restore = snapshot(st);
  const traceLength = st.events.length;
  const status = execute(st, c, instr);
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
  restore();
  st.events.truncate(traceLength);
  return st.fault(c, specFault(`output condition rejected: ${OBSERVABLE_OUTPUT}`));
}

/** Saves the session store, buffers and replay state; the returned function puts them back. */
function snapshot(st: MachineState): () => void {
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

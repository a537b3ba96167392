/** `Offer` and `Choose`: labelled choice over an edge (machine.md §5.3, §5.4). */
import type { ExecStatus, SessionBranch, SessionType } from '../../../types/machine.js';
import * as values from '../../values.js';
import type { Coroutine } from '../records.js';
import * as records from '../records.js';
import type { MachineState } from '../state.js';
import * as operands from './operands.js';
import type { Instr } from './operands.js';

// Per-step names are read once here: under Vitest (the benches) every use of an imported binding is a getter call.
const { valTypeOf } = values;
const { CONTINUE, READY, STRING_T, specFault } = records;
const {
  blockRecv,
  boundEdge,
  enqueue,
  enqueueFault,
  labelValue,
  ownedEndpoint,
  receiveEdge,
  spendToken,
  topologyStop,
  unfoldedTypeOf,
} = operands;

function branchCont(branches: readonly SessionBranch[], label: string): SessionType | undefined {
  for (let i = 0; i < branches.length; i++) {
    const b = branches[i];
    if (b !== undefined && b.label === label) return b.cont;
  }
  return undefined;
}

/** The jump target of `label` in a `Choose` table (first row wins). */
function tableTarget(table: readonly (readonly [string, number])[], label: string): number | undefined {
  for (let i = 0; i < table.length; i++) {
    const row = table[i];
    if (row !== undefined && row[0] === label) return row[1];
  }
  return undefined;
}

export function execOffer(st: MachineState, c: Coroutine, instr: Instr<'Offer'>): ExecStatus {
  const ep = ownedEndpoint(c, instr.chan);
  if ('kind' in ep) return st.fault(c, ep);
  const t = unfoldedTypeOf(st, ep);
  if (t === undefined || t.kind !== 'select') return st.fault(c, specFault('offer not permitted'));
  const cont = branchCont(t.branches, instr.label);
  if (cont === undefined) return st.fault(c, { kind: 'unknown_label', label: instr.label });
  const buf = boundEdge(st, ep.sid, ep.role, t.partner);
  if (st.edgeHazards && !st.topologyIntact()) {
    const stop = topologyStop(st, c, { sid: ep.sid, sender: ep.role, receiver: t.partner }, buf, 'send');
    if (stop !== null) return stop;
  }
  if (buf === undefined) return st.fault(c, specFault('no handler bound'));
  const res = enqueue(st, buf, { payload: labelValue(st, instr.label), seqNo: 0 });
  if (res !== 'ok') return enqueueFault(st, c, res, buf);
  st.touch(ep.sid);
  st.setType(ep, cont);
  c.pc += 1;
  if (st.recording) st.events.offered(st.clock, buf.edge, instr.label);
  return CONTINUE;
}

export function execChoose(st: MachineState, c: Coroutine, instr: Instr<'Choose'>): ExecStatus {
  const ep = ownedEndpoint(c, instr.chan);
  if ('kind' in ep) return st.fault(c, ep);
  const t = unfoldedTypeOf(st, ep);
  if (t === undefined || t.kind !== 'branch') return st.fault(c, specFault('choose not permitted'));
  const buf = receiveEdge(st, c, ep, t.partner);
  if ('kind' in buf) return buf;
  const item = buf.queue.shift();
  if (item === undefined) return blockRecv(c, buf);
  // The item stays consumed on the faults below (machine.md §5.4 steps 6–7).
  st.touch(ep.sid);
  if (item.payload.kind !== 'string') {
    return st.fault(c, { kind: 'type_violation', expected: STRING_T, actual: valTypeOf(item.payload) });
  }
  const l = item.payload.value;
  const cont = branchCont(t.branches, l);
  const target = tableTarget(instr.table, l);
  if (cont === undefined || target === undefined) return st.fault(c, { kind: 'unknown_label', label: l });
  st.setType(ep, cont);
  if (st.edgeHazards) spendToken(st, c, buf.edge);
  c.pc = target;
  c.status = READY;
  if (st.recording) st.events.chose(st.clock, buf.edge, l);
  return CONTINUE;
}

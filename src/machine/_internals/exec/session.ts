/** `Open` and `Close`: the session lifecycle (machine.md §5.7). */
import type { ExecStatus } from '../../../types/machine.js';
import { toSessionType } from '../../sessionType.js';
import type { Coroutine } from '../records.js';
import { CONTINUE, OUT_OF_REGISTERS, specFault } from '../records.js';
import { protocolEdges, sessionRecord } from '../sessionEdges.js';
import type { MachineState } from '../state.js';
import { endpointOperand, owns } from './operands.js';
import type { Instr } from './operands.js';

export function execClose(st: MachineState, c: Coroutine, instr: Instr<'Close'>): ExecStatus {
  const ep = endpointOperand(c, instr.session);
  if ('kind' in ep) return st.fault(c, ep);
  if (!owns(c, ep)) return st.fault(c, { kind: 'close_fault', msg: 'endpoint not owned' });
  const s = st.sessionById.get(ep.sid);
  const epoch = (s?.epoch ?? 0) + 1;
  if (s !== undefined) {
    s.phase = 'closed';
    s.viewCleared = true;
    s.epoch = epoch;
  }
  const i = c.owned.findIndex((o) => o.sid === ep.sid && o.role === ep.role);
  c.owned.splice(i, 1);
  c.pc += 1;
  if (st.recording) st.events.closed(st.clock, ep.sid, epoch);
  return { kind: 'closed', sid: ep.sid };
}

/** `Open` (machine.md §5.7, Tier 2 as specified there). */
export function execOpen(st: MachineState, c: Coroutine, instr: Instr<'Open'>): ExecStatus {
  const roles = instr.localTypes.map(([r]) => r);
  if (roles.length !== instr.dsts.length || instr.dsts.some(([r], i) => r !== roles[i])) {
    return st.fault(c, { kind: 'close_fault', msg: 'open arity mismatch' });
  }
  const sid = st.nextSessionId;
  const types = instr.localTypes.map(([r, t]) => [r, toSessionType(t)] as const);
  const edges = protocolEdges(types);
  for (const [s, r] of edges) {
    if (!instr.handlers.some(([[hs, hr]]) => hs === s && hr === r))
      return st.fault(c, specFault('handler bindings missing'));
  }
  if (instr.dsts.some(([, d]) => d >= c.regs.length)) return st.fault(c, OUT_OF_REGISTERS);
  st.addSession(sessionRecord(sid, roles, types, edges));
  if (instr.handlers.length > 0) st.anyHandler = true;
  const eps = roles.map((role) => ({ sid, role }));
  for (const [role, d] of instr.dsts) c.regs[d] = { kind: 'chan', endpoint: { sid, role } };
  c.owned.unshift(...eps);
  c.pc += 1;
  if (st.recording) st.events.opened(st.clock, sid, roles);
  return CONTINUE;
}

/** `Send` and `Receive` (machine.md §5.1, §5.2), with communication replay (§5.10). */
import type { ExecStatus, Fault } from '../../../types/machine.js';
import type { ValType } from '../../../types/session.js';
import * as sessionType from '../../sessionType.js';
import * as values from '../../values.js';
import type { Coroutine, EdgeBuffer, SignedValue } from '../records.js';
import * as records from '../records.js';
import type { MachineState } from '../state.js';
import * as operands from './operands.js';
import type { Instr } from './operands.js';

// Per-step names are read once here: under Vitest (the benches) every use of an imported binding is a getter call.
const { unfold } = sessionType;
const { reprValType, reprValue, valTypeEquals, valTypeOf } = values;
const { CONTINUE, OUT_OF_REGISTERS, specFault } = records;
const {
  blockRecv,
  boundEdge,
  endpointOperand,
  enqueue,
  enqueueFault,
  ownedEndpoint,
  receiveEdge,
  owns,
  payloadTooLarge,
  spendToken,
  strictSchema,
  topologyStop,
} = operands;

export function execSend(st: MachineState, c: Coroutine, instr: Instr<'Send'>): ExecStatus {
  const ep = endpointOperand(c, instr.chan);
  if ('kind' in ep) return st.fault(c, ep);
  const v = c.regs[instr.val];
  if (v === undefined) return st.fault(c, OUT_OF_REGISTERS);
  if (!owns(c, ep)) return st.fault(c, { kind: 'channel_closed', endpoint: ep });
  const t0 = st.typeOf(ep);
  const t = t0 === undefined ? undefined : unfold(t0);
  if (t === undefined || t.kind !== 'send')
    return st.fault(c, t === undefined ? specFault('send not permitted') : strictSchema(st, ep, t, 'send'));
  const actual = valTypeOf(v);
  if (!valTypeEquals(t.payload, actual)) return st.fault(c, { kind: 'type_violation', expected: t.payload, actual });
  const big = payloadTooLarge(st, v, 'send');
  if (big !== null) return st.fault(c, big);
  const buf = boundEdge(st, ep.sid, ep.role, t.partner);
  if (st.edgeHazards && !st.topologyIntact()) {
    const stop = topologyStop(st, c, { sid: ep.sid, sender: ep.role, receiver: t.partner }, buf, 'send');
    if (stop !== null) return stop;
  }
  if (buf === undefined) return st.fault(c, specFault('no handler bound'));
  // The allocation is kept even when the enqueue blocks or faults (machine.md §5.1 step 7, MD-27).
  const seq = buf.nextSendSeq;
  buf.nextSendSeq = seq + 1;
  const res = enqueue(st, buf, { payload: v, seqNo: seq });
  if (res !== 'ok') return enqueueFault(st, c, res, buf);
  st.touch(ep.sid);
  st.setType(ep, t.cont);
  c.pc += 1;
  if (st.recording) st.events.sent(st.clock, buf.edge, v, seq);
  return CONTINUE;
}

export function execReceive(st: MachineState, c: Coroutine, instr: Instr<'Receive'>): ExecStatus {
  const ep = ownedEndpoint(c, instr.chan);
  if ('kind' in ep) return st.fault(c, ep);
  const t0 = st.typeOf(ep);
  const t = t0 === undefined ? undefined : unfold(t0);
  if (t === undefined || t.kind !== 'recv')
    return st.fault(c, t === undefined ? specFault('recv not permitted') : strictSchema(st, ep, t, 'receive'));
  const buf = receiveEdge(st, c, ep, t.partner);
  if ('kind' in buf) return buf;
  const item = buf.queue[0];
  if (item === undefined) return blockRecv(c, buf);
  const big = payloadTooLarge(st, item.payload, 'receive');
  if (big !== null) return st.fault(c, big);
  const replay = replayFault(st, buf, item, t.payload);
  if (replay !== null) return st.fault(c, replay);
  const actual = valTypeOf(item.payload);
  if (!valTypeEquals(t.payload, actual)) return st.fault(c, { kind: 'type_violation', expected: t.payload, actual });
  if (instr.dst >= c.regs.length) return st.fault(c, OUT_OF_REGISTERS);
  buf.queue.shift();
  st.touch(ep.sid);
  if (st.edgeHazards) spendToken(st, c, buf.edge);
  c.regs[instr.dst] = item.payload;
  st.setType(ep, t.cont);
  c.pc += 1;
  if (st.recording) st.events.received(st.clock, buf.edge, item.payload, item.seqNo);
  return CONTINUE;
}

/** Communication replay (machine.md §5.10): sequence numbers or nullifiers; `null` = accepted. */
function replayFault(st: MachineState, buf: EdgeBuffer, item: SignedValue, expected: ValType): Fault | null {
  const mode = st.config.communicationReplayMode;
  if (mode === 'sequence') {
    if (item.seqNo !== buf.nextRecvSeq) {
      return {
        kind: 'flow_violation',
        msg: `comm_replay.sequence_mismatch: expected=${buf.nextRecvSeq}, actual=${item.seqNo}`,
      };
    }
    buf.nextRecvSeq += 1;
  } else if (mode === 'nullifier') {
    const label = item.payload.kind === 'string' ? item.payload.value : `recv:${reprValType(expected)}`;
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
    if (st.nullifiers.has(identity)) return { kind: 'flow_violation', msg: 'comm_replay.duplicate' };
    st.nullifiers.add(identity);
  }
  return null;
}

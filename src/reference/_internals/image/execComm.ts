/**
 * The four communication instructions, after Lean's `Semantics/ExecComm.lean`: operand decoding →
 * ownership → type lookup (one-level unfold) → payload checks → edge checks (partition, crash,
 * handler) → buffer operation → replay consumption → commit. Progress tokens follow the
 * configured policy (`carry` is Lean: carried, never consumed).
 */
import type { Edge, Endpoint, ProgressToken, SessionType, Value } from '../../../types/machine.js';
import type { ValType } from '../../../types/session.js';
import {
  allocSendSeq,
  blockPack,
  bufDequeue,
  bufEnqueue,
  bufferConfigFor,
  consumeReceiveIdentity,
  continuePack,
  edgeCrashed,
  edgeFrom,
  edgePartitioned,
  edgeTo,
  faultPack,
  lookupHandler,
  lookupType,
  mkRes,
  owns,
  pack,
  readReg,
  setReg,
  updateSessBuffers,
  updateType,
} from './helpers.js';
import { unfoldOnce } from './sessionTypes.js';
import type { Coro, PMState, SignedBuffers, StepPack } from './state.js';
import {
  ANY_CHAN,
  flowViolation,
  leanLength,
  OUT_OF_REGISTERS,
  reprValType,
  reprValue,
  sameToken,
  sameValType,
  specFault,
  typeViolation,
  valTypeOf,
} from './values.js';

/** `payloadSizeViolation?`: the Lean `repr` length against `max_payload_bytes`. */
function payloadSizeViolation(st: PMState, context: 'send' | 'receive', v: Value): string | null {
  if (st.config.payloadValidationMode === 'off') return null;
  const bytes = leanLength(reprValue(v));
  const max = st.config.maxPayloadBytes;
  return bytes <= max ? null : `${context} payload exceeds max_payload_bytes=${max} (actual=${bytes})`;
}

/** `strictSchemaMissingAnnotation{Send,Recv}?`: a single unannotated branch in `strict_schema` mode. */
function strictSchemaMissing(
  st: PMState,
  role: string,
  context: 'send' | 'receive',
  t: Extract<SessionType, { kind: 'select' | 'branch' }>,
): string | null {
  if (st.config.payloadValidationMode !== 'strict_schema' || t.branches.length !== 1) return null;
  const label = (t.branches[0] as { label: string }).label;
  return `${role}: ${context} payload '${label}' requires explicit ValType annotation in strict_schema mode`;
}

const unfoldedType = (st: PMState, ep: Endpoint): SessionType | undefined => {
  const t = lookupType(st.sessions, ep);
  return t === undefined ? undefined : unfoldOnce(t);
};

/**
 * The progress token a receive on `edge` uses (the receiver's endpoint); under `consume` it must
 * be held (else `no_progress_token`) and is spent when the receive commits.
 */
function recvToken(edge: Edge): ProgressToken {
  return { sid: edge.sid, endpoint: { sid: edge.sid, role: edge.receiver } };
}

function tokensAfterReceive(st: PMState, coro: Coro, token: ProgressToken): readonly ProgressToken[] | null {
  if (st.config.progressTokenPolicy === 'carry') return coro.progressTokens;
  const i = coro.progressTokens.findIndex((t) => sameToken(t, token));
  if (i < 0) return null;
  return [...coro.progressTokens.slice(0, i), ...coro.progressTokens.slice(i + 1)];
}

// ------------------------------------------------------------------ send

function sendOnEdge(st: PMState, coro: Coro, ep: Endpoint, edge: Edge, cont: SessionType, v: Value): StepPack {
  if (edgePartitioned(st, edge)) return blockPack(st, coro, { kind: 'send_wait', edge });
  if (edgeCrashed(st, edge)) return faultPack(st, coro, specFault('edge crashed'));
  if (lookupHandler(st.sessions, edge) === undefined) return faultPack(st, coro, specFault('no handler bound'));
  // The sequence number is allocated before the enqueue and kept when it blocks or faults (MD-27).
  const [seqNo, st1] = allocSendSeq(st, edge);
  const [res, bufs] = bufEnqueue(bufferConfigFor(st1, edge), st1.buffers, edge, { payload: v, seqNo });
  switch (res) {
    case 'blocked':
      return blockPack(st1, coro, { kind: 'send_wait', edge });
    case 'dropped':
      return faultPack(st1, coro, flowViolation('buffer drop'));
    case 'error':
      return faultPack(st1, coro, flowViolation('buffer overflow'));
    case 'ok': {
      const sessions = updateType(updateSessBuffers(st1.sessions, ep.sid, bufs), ep, cont);
      return continuePack({ ...st1, buffers: bufs, sessions }, coro, {
        obs: { tick: st.clock, kind: 'sent', edge, value: v, seq: seqNo },
      });
    }
  }
}

/** `stepSend`. */
export function stepSend(st: PMState, coro: Coro, chan: number, val: number): StepPack {
  const c = readReg(coro.regs, chan);
  if (c === undefined) return faultPack(st, coro, OUT_OF_REGISTERS);
  if (c.kind !== 'chan') return faultPack(st, coro, typeViolation(ANY_CHAN, valTypeOf(c)));
  const v = readReg(coro.regs, val);
  if (v === undefined) return faultPack(st, coro, OUT_OF_REGISTERS);
  const ep = c.endpoint;
  if (!owns(coro, ep)) return faultPack(st, coro, { kind: 'channel_closed', endpoint: ep });
  const t = unfoldedType(st, ep);
  if (t?.kind === 'select') {
    const msg = strictSchemaMissing(st, ep.role, 'send', t);
    return faultPack(st, coro, specFault(msg ?? 'send not permitted'));
  }
  if (t?.kind !== 'send') return faultPack(st, coro, specFault('send not permitted'));
  if (!sameValType(valTypeOf(v), t.payload)) return faultPack(st, coro, typeViolation(t.payload, valTypeOf(v)));
  const big = payloadSizeViolation(st, 'send', v);
  if (big !== null) return faultPack(st, coro, specFault(big));
  return sendOnEdge(st, coro, ep, edgeTo(ep, t.partner), t.cont, v);
}

// ------------------------------------------------------------------ receive

function recvAfterDequeue(
  st: PMState,
  coro: Coro,
  ep: Endpoint,
  edge: Edge,
  payloadType: ValType,
  cont: SessionType,
  dst: number,
  item: { readonly payload: Value; readonly seqNo: number },
  bufs: SignedBuffers,
): StepPack {
  const big = payloadSizeViolation(st, 'receive', item.payload);
  if (big !== null) return faultPack(st, coro, specFault(big));
  // Unit verification model: the transport check and the signature always pass.
  const consumed = consumeReceiveIdentity(st, {
    edge,
    label: item.payload.kind === 'string' ? item.payload.value : `recv:${reprValType(payloadType)}`,
    payloadDigest: reprValue(item.payload),
    seqNo: item.seqNo,
  });
  if (typeof consumed === 'string') return faultPack(st, coro, flowViolation(consumed));
  // From here on the replay-consumption state is kept, even by the faults below.
  const st1 = consumed;
  if (!sameValType(valTypeOf(item.payload), payloadType))
    return faultPack(st1, coro, typeViolation(payloadType, valTypeOf(item.payload)));
  const regs = setReg(coro.regs, dst, item.payload);
  if (regs === null) return faultPack(st1, coro, OUT_OF_REGISTERS);
  const tokens = tokensAfterReceive(st1, coro, recvToken(edge)) ?? coro.progressTokens;
  const sessions = updateType(updateSessBuffers(st1.sessions, ep.sid, bufs), ep, cont);
  return continuePack(
    { ...st1, buffers: bufs, sessions },
    { ...coro, regs, progressTokens: tokens },
    {
      obs: { tick: st.clock, kind: 'received', edge, value: item.payload, seq: item.seqNo },
    },
  );
}

/** `stepReceive`. */
export function stepReceive(st: PMState, coro: Coro, chan: number, dst: number): StepPack {
  const c = readReg(coro.regs, chan);
  if (c === undefined) return faultPack(st, coro, OUT_OF_REGISTERS);
  if (c.kind !== 'chan') return faultPack(st, coro, typeViolation(ANY_CHAN, valTypeOf(c)));
  const ep = c.endpoint;
  if (!owns(coro, ep)) return faultPack(st, coro, { kind: 'channel_closed', endpoint: ep });
  const t = unfoldedType(st, ep);
  if (t?.kind === 'branch') {
    const msg = strictSchemaMissing(st, ep.role, 'receive', t);
    return faultPack(st, coro, specFault(msg ?? 'recv not permitted'));
  }
  if (t?.kind !== 'recv') return faultPack(st, coro, specFault('recv not permitted'));
  const edge = edgeFrom(t.partner, ep);
  const token = recvToken(edge);
  if (edgePartitioned(st, edge)) return blockPack(st, coro, { kind: 'recv_wait', edge, token });
  if (edgeCrashed(st, edge)) return faultPack(st, coro, specFault('edge crashed'));
  if (lookupHandler(st.sessions, edge) === undefined) return faultPack(st, coro, specFault('no handler bound'));
  if (tokensAfterReceive(st, coro, token) === null) return faultPack(st, coro, { kind: 'no_progress_token', edge });
  const got = bufDequeue(st.buffers, edge);
  if (got === null) return blockPack(st, coro, { kind: 'recv_wait', edge, token });
  return recvAfterDequeue(st, coro, ep, edge, t.payload, t.cont, dst, got[0], got[1]);
}

// ------------------------------------------------------------------ offer

/** `stepOffer`: enqueues the label as `string label` with sequence number 0. */
export function stepOffer(st: PMState, coro: Coro, chan: number, label: string): StepPack {
  const c = readReg(coro.regs, chan);
  if (c === undefined) return faultPack(st, coro, OUT_OF_REGISTERS);
  if (c.kind !== 'chan') return faultPack(st, coro, typeViolation(ANY_CHAN, valTypeOf(c)));
  const ep = c.endpoint;
  if (!owns(coro, ep)) return faultPack(st, coro, { kind: 'channel_closed', endpoint: ep });
  const t = unfoldedType(st, ep);
  if (t?.kind !== 'select') return faultPack(st, coro, specFault('offer not permitted'));
  const chosen = t.branches.find((b) => b.label === label);
  if (chosen === undefined) return faultPack(st, coro, { kind: 'unknown_label', label });
  const edge = edgeTo(ep, t.partner);
  if (edgePartitioned(st, edge)) return blockPack(st, coro, { kind: 'send_wait', edge });
  if (edgeCrashed(st, edge)) return faultPack(st, coro, specFault('edge crashed'));
  if (lookupHandler(st.sessions, edge) === undefined) return faultPack(st, coro, specFault('no handler bound'));
  const [res, bufs] = bufEnqueue(bufferConfigFor(st, edge), st.buffers, edge, {
    payload: { kind: 'string', value: label },
    seqNo: 0,
  });
  switch (res) {
    case 'blocked':
      return blockPack(st, coro, { kind: 'send_wait', edge });
    case 'dropped':
      return faultPack(st, coro, flowViolation('buffer drop'));
    case 'error':
      return faultPack(st, coro, flowViolation('buffer overflow'));
    case 'ok': {
      const sessions = updateType(updateSessBuffers(st.sessions, ep.sid, bufs), ep, chosen.cont);
      return continuePack({ ...st, buffers: bufs, sessions }, coro, {
        obs: { tick: st.clock, kind: 'offered', edge, label },
      });
    }
  }
}

// ------------------------------------------------------------------ choose

/** `stepChoose`: dequeues a label and jumps to its table entry (no `pc + 1`). */
export function stepChoose(
  st: PMState,
  coro: Coro,
  chan: number,
  table: readonly (readonly [string, number])[],
): StepPack {
  const c = readReg(coro.regs, chan);
  if (c === undefined) return faultPack(st, coro, OUT_OF_REGISTERS);
  if (c.kind !== 'chan') return faultPack(st, coro, typeViolation(ANY_CHAN, valTypeOf(c)));
  const ep = c.endpoint;
  if (!owns(coro, ep)) return faultPack(st, coro, { kind: 'channel_closed', endpoint: ep });
  const t = unfoldedType(st, ep);
  if (t?.kind !== 'branch') return faultPack(st, coro, specFault('choose not permitted'));
  const edge = edgeFrom(t.partner, ep);
  const token = recvToken(edge);
  if (edgePartitioned(st, edge)) return blockPack(st, coro, { kind: 'recv_wait', edge, token });
  if (edgeCrashed(st, edge)) return faultPack(st, coro, specFault('edge crashed'));
  if (lookupHandler(st.sessions, edge) === undefined) return faultPack(st, coro, specFault('no handler bound'));
  if (tokensAfterReceive(st, coro, token) === null) return faultPack(st, coro, { kind: 'no_progress_token', edge });
  const got = bufDequeue(st.buffers, edge);
  if (got === null) return blockPack(st, coro, { kind: 'recv_wait', edge, token });
  const [item, bufs] = got;
  // The faults below keep the item consumed (Lean writes the dequeued buffers back).
  const consumed: PMState = { ...st, buffers: bufs, sessions: updateSessBuffers(st.sessions, ep.sid, bufs) };
  if (item.payload.kind !== 'string')
    return faultPack(consumed, coro, typeViolation({ kind: 'string' }, valTypeOf(item.payload)));
  const label = item.payload.value;
  const chosen = t.branches.find((b) => b.label === label);
  const target = table.find(([l]) => l === label);
  if (chosen === undefined || target === undefined) return faultPack(consumed, coro, { kind: 'unknown_label', label });
  const tokens = tokensAfterReceive(st, coro, token) ?? coro.progressTokens;
  const st1: PMState = { ...consumed, sessions: updateType(consumed.sessions, ep, chosen.cont) };
  return pack(
    { ...coro, pc: target[1], status: { kind: 'ready' }, progressTokens: tokens },
    st1,
    mkRes({ kind: 'continue' }, { obs: { tick: st.clock, kind: 'chose', edge, label } }),
  );
}

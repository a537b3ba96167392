/**
 * What several instruction families share (machine.md §5.0, §4.3): operand decoding, ownership,
 * handler lookup, enqueueing with backpressure, blocking, payload checks.
 */
import type {
  BufferConfig,
  Edge,
  Endpoint,
  ExecStatus,
  Fault,
  Instruction,
  ProgressToken,
  SessionType,
  Value,
} from '../../../types/machine.js';
import * as sessionType from '../../sessionType.js';
import * as values from '../../values.js';
import type { Coroutine, EdgeBuffer, SignedValue } from '../records.js';
import * as records from '../records.js';
import type { MachineState } from '../state.js';

// Per-step names are read once here: under Vitest (the benches) every use of an imported binding is a getter call.
const { unfold } = sessionType;
const { reprValue, valTypeOf } = values;
const { CHAN_ANY, OUT_OF_REGISTERS, specFault } = records;

/** The instruction of one `op`. */
export type Instr<K extends Instruction['op']> = Extract<Instruction, { op: K }>;

/** Endpoint operand decoding (machine.md §5.0): a register holding a channel. */
export function endpointOperand(c: Coroutine, r: number): Endpoint | Fault {
  const v = c.regs[r];
  if (v === undefined) return OUT_OF_REGISTERS;
  if (v.kind !== 'chan') return { kind: 'type_violation', expected: CHAN_ANY, actual: valTypeOf(v) };
  return v.endpoint;
}

export function owns(c: Coroutine, ep: Endpoint): boolean {
  for (const o of c.owned) if (o.sid === ep.sid && o.role === ep.role) return true;
  return false;
}

/** An endpoint operand the coroutine must own: decoding, then ownership (`channel_closed`). */
export function ownedEndpoint(c: Coroutine, r: number): Endpoint | Fault {
  const ep = endpointOperand(c, r);
  if ('kind' in ep || owns(c, ep)) return ep;
  return { kind: 'channel_closed', endpoint: ep };
}

/** Edge checks 1–3 (machine.md §5.0): Tier 1 has no partitions or crashes; handler lookup. */
export function boundEdge(st: MachineState, sid: number, sender: string, receiver: string): EdgeBuffer | undefined {
  return st.sessionArr[sid]?.handlerEdge(sender, receiver);
}

/** The channel's unfolded type, reusing the monitor's lookup of the same step. */
export function unfoldedTypeOf(st: MachineState, ep: Endpoint): SessionType | undefined {
  if (st.monEndpoint === ep) return st.monUnfolded;
  const t = st.typeOf(ep);
  return t === undefined ? undefined : unfold(t);
}

/**
 * Edge checks 1–2 (machine.md §5.0) for a topology that is not intact: a partitioned edge blocks
 * (`send_wait`, or `recv_wait` on its buffer), a crashed site's edge faults `"edge crashed"`;
 * `null` = go on to the handler check. Only called while a partition or crash exists.
 */
export function topologyStop(
  st: MachineState,
  c: Coroutine,
  edge: Edge,
  buf: EdgeBuffer | undefined,
  dir: 'send' | 'recv',
): ExecStatus | null {
  const f = st.failure;
  for (const e of f.partitionedEdges) {
    if (e.sid !== edge.sid || e.sender !== edge.sender || e.receiver !== edge.receiver) continue;
    if (buf !== undefined) {
      if (dir === 'recv') return blockRecv(c, buf);
      const b = buf.sendWait();
      c.status = b.status;
      return b.exec;
    }
    // No buffer: nothing can ever wake it (Lean's buffer of that edge stays empty).
    const reason =
      dir === 'recv'
        ? {
            kind: 'recv_wait' as const,
            edge,
            token: { sid: edge.sid, endpoint: { sid: edge.sid, role: edge.receiver } },
          }
        : { kind: 'send_wait' as const, edge };
    c.status = { kind: 'blocked', reason };
    return { kind: 'blocked', reason };
  }
  if (f.crashedSites.includes(edge.sender) || f.crashedSites.includes(edge.receiver))
    return st.fault(c, specFault('edge crashed'));
  return null;
}

/**
 * The progress token a receive on `edge` needs under `progress_token_policy: consume` (the
 * receiver's own endpoint token); `null` when it is held or the policy is `carry` (Lean).
 */
export function missingToken(st: MachineState, c: Coroutine, edge: Edge): Fault | null {
  if (st.config.progressTokenPolicy === 'carry') return null;
  return tokenIndex(c.progressTokens, edge) >= 0 ? null : { kind: 'no_progress_token', edge };
}

/** Spends the receive token of `edge` (policy `consume`) once the receive commits. */
export function spendToken(st: MachineState, c: Coroutine, edge: Edge): void {
  if (st.config.progressTokenPolicy === 'carry') return;
  const i = tokenIndex(c.progressTokens, edge);
  if (i >= 0) c.progressTokens.splice(i, 1);
}

function tokenIndex(tokens: readonly ProgressToken[], edge: Edge): number {
  return tokens.findIndex(
    (t) => t.sid === edge.sid && t.endpoint.sid === edge.sid && t.endpoint.role === edge.receiver,
  );
}

/**
 * The edge a receive (`Receive`, `Choose`) of `c` on `ep` from `partner` reads: edge checks 1–3 of
 * machine.md §5.0 (partition, crash, handler) and the receive token. Answers its buffer, or the
 * status the step ends with.
 */
export function receiveEdge(st: MachineState, c: Coroutine, ep: Endpoint, partner: string): EdgeBuffer | ExecStatus {
  const buf = boundEdge(st, ep.sid, partner, ep.role);
  if (st.edgeHazards && !st.topologyIntact()) {
    const stop = topologyStop(st, c, { sid: ep.sid, sender: partner, receiver: ep.role }, buf, 'recv');
    if (stop !== null) return stop;
  }
  if (buf === undefined) return st.fault(c, specFault('no handler bound'));
  if (st.edgeHazards) {
    const noToken = missingToken(st, c, buf.edge);
    if (noToken !== null) return st.fault(c, noToken);
  }
  return buf;
}

/** The buffer configuration of one edge: the first matching per-edge entry, else `buffer_config`. */
function bufferConfigOf(st: MachineState, edge: Edge): BufferConfig {
  for (const e of st.config.edgeBufferConfigs) {
    if (e.sender === edge.sender && e.receiver === edge.receiver && (e.sid === undefined || e.sid === edge.sid))
      return e.config;
  }
  return st.config.bufferConfig;
}

/** Lean `bufEnqueue` (machine.md §4.3) under the edge's buffer configuration. */
export function enqueue(st: MachineState, buf: EdgeBuffer, item: SignedValue): 'ok' | 'blocked' | 'dropped' | 'error' {
  const bc = st.config.edgeBufferConfigs.length === 0 ? st.config.bufferConfig : bufferConfigOf(st, buf.edge);
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

/** A refused enqueue: `send_wait` under `block`/`resize`, a flow fault otherwise. */
export function enqueueFault(
  st: MachineState,
  c: Coroutine,
  res: 'blocked' | 'dropped' | 'error',
  buf: EdgeBuffer,
): ExecStatus {
  if (res === 'blocked') {
    const b = buf.sendWait();
    c.status = b.status;
    return b.exec;
  }
  return st.fault(c, { kind: 'flow_violation', msg: res === 'dropped' ? 'buffer drop' : 'buffer overflow' });
}

/** `recv_wait` on an empty edge (machine.md §7.2). */
export function blockRecv(c: Coroutine, buf: EdgeBuffer): ExecStatus {
  const b = buf.recvWait();
  c.status = b.status;
  c.waitBuffer = buf;
  return b.exec;
}

export function payloadTooLarge(st: MachineState, v: Value, ctx: 'send' | 'receive'): Fault | null {
  if (st.config.payloadValidationMode === 'off') return null;
  const size = reprValue(v).length;
  const max = st.config.maxPayloadBytes;
  return size > max ? specFault(`${ctx} payload exceeds max_payload_bytes=${max} (actual=${size})`) : null;
}

/** The fault of a Send/Receive on a type that is not a send/recv (strict schema names the label). */
export function strictSchema(st: MachineState, ep: Endpoint, t: SessionType, ctx: 'send' | 'receive'): Fault {
  if (
    st.config.payloadValidationMode === 'strict_schema' &&
    t.kind === (ctx === 'send' ? 'select' : 'branch') &&
    t.branches.length === 1 &&
    t.branches[0] !== undefined
  ) {
    const l = t.branches[0].label;
    return specFault(`${ep.role}: ${ctx} payload '${l}' requires explicit ValType annotation in strict_schema mode`);
  }
  return specFault(ctx === 'send' ? 'send not permitted' : 'recv not permitted');
}

/** The string value a label travels as (cached per label: offers allocate nothing). */
export function labelValue(st: MachineState, label: string): Value {
  let v = st.labelValues.get(label);
  if (v === undefined) {
    v = { kind: 'string', value: label };
    st.labelValues.set(label, v);
  }
  return v;
}

/**
 * Shared step helpers of the image executor, after Lean's `Semantics/ExecHelpers.lean` and the
 * session-store accessors of `Resources/Arena/MemoryAndState.lean`: session lookups and updates,
 * signed buffers with backpressure, topology checks, registers, step packs and cost.
 */
import type { BlockReason, BufferConfig, Edge, Endpoint, Fault, SessionType, Value } from '../../../types/machine.js';
import type {
  Coro,
  ExecResult,
  ExecStatusR,
  PMState,
  Session,
  SignedBuffers,
  SignedValue,
  StepEvent,
  StepPack,
} from './state.js';
import { sameEdge, sameEndpoint } from './values.js';

// ------------------------------------------------------------------ session store

export function findSession(sessions: readonly Session[], sid: number): Session | undefined {
  return sessions.find((s) => s.sid === sid);
}

/** `SessionStore.lookupType`: the first session with that sid, then its endpoint map. */
export function lookupType(sessions: readonly Session[], ep: Endpoint): SessionType | undefined {
  const s = findSession(sessions, ep.sid);
  return s?.localTypes.find(([e]) => sameEndpoint(e, ep))?.[1];
}

function mapFirstSession(sessions: readonly Session[], sid: number, f: (s: Session) => Session): Session[] {
  const i = sessions.findIndex((s) => s.sid === sid);
  const out = sessions.slice();
  if (i >= 0) out[i] = f(sessions[i] as Session);
  return out;
}

/** `SessionStore.updateType` (Lean `updateG`: replace in place, or append when absent). */
export function updateType(sessions: readonly Session[], ep: Endpoint, t: SessionType): Session[] {
  return mapFirstSession(sessions, ep.sid, (s) => {
    const i = s.localTypes.findIndex(([e]) => sameEndpoint(e, ep));
    const localTypes = s.localTypes.slice();
    if (i >= 0) localTypes[i] = [ep, t];
    else localTypes.push([ep, t]);
    return { ...s, localTypes };
  });
}

/** `SessionStore.removeType`. */
export function removeType(sessions: readonly Session[], ep: Endpoint): Session[] {
  return mapFirstSession(sessions, ep.sid, (s) => ({
    ...s,
    localTypes: s.localTypes.filter(([e]) => !sameEndpoint(e, ep)),
  }));
}

/** `SessionStore.lookupHandler`. */
export function lookupHandler(sessions: readonly Session[], edge: Edge): number | undefined {
  return findSession(sessions, edge.sid)?.handlers.find(([e]) => sameEdge(e, edge))?.[1];
}

/** `SessionStore.defaultHandler`: the first handler of the newest session that has one. */
export function defaultHandler(sessions: readonly Session[]): number | undefined {
  for (const s of sessions) {
    const first = s.handlers[0];
    if (first !== undefined) return first[1];
  }
  return undefined;
}

/** `updateSessBuffers`: refreshes the session's view with the global buffers of its sid. */
export function updateSessBuffers(sessions: readonly Session[], sid: number, bufs: SignedBuffers): Session[] {
  return mapFirstSession(sessions, sid, (s) => ({ ...s, buffers: buffersFor(bufs, sid) }));
}

// ------------------------------------------------------------------ signed buffers

export function buffersFor(bufs: SignedBuffers, sid: number): SignedBuffers {
  return bufs.filter(([e]) => e.sid === sid);
}

/** `signedBufferLookup` (default empty). */
export function bufferLookup(bufs: SignedBuffers, edge: Edge): readonly SignedValue[] {
  return bufs.find(([e]) => sameEdge(e, edge))?.[1] ?? [];
}

/** `signedBufferSet`: replace in place, or append when absent. */
export function bufferSet(bufs: SignedBuffers, edge: Edge, items: readonly SignedValue[]): SignedBuffers {
  const i = bufs.findIndex(([e]) => sameEdge(e, edge));
  const out = bufs.slice();
  if (i >= 0) out[i] = [(bufs[i] as readonly [Edge, readonly SignedValue[]])[0], items];
  else out.push([edge, items]);
  return out;
}

/** `signedBuffersEnsure`: an empty entry for each new edge, prepended in order. */
export function buffersEnsure(bufs: SignedBuffers, edges: readonly Edge[]): SignedBuffers {
  let out = bufs;
  for (const e of edges) if (!out.some(([x]) => sameEdge(x, e))) out = [[e, []], ...out];
  return out;
}

/** `bufDequeue`: the oldest item of the edge, or nothing. */
export function bufDequeue(bufs: SignedBuffers, edge: Edge): readonly [SignedValue, SignedBuffers] | null {
  const i = bufs.findIndex(([e]) => sameEdge(e, edge));
  const entry = bufs[i];
  if (entry === undefined) return null;
  const [head, ...rest] = entry[1];
  if (head === undefined) return null;
  const out = bufs.slice();
  out[i] = [entry[0], rest];
  return [head, out];
}

/** The buffer configuration of one edge (Lean `bufferConfig : Edge → BufferConfig`). */
export function bufferConfigFor(st: PMState, edge: Edge): BufferConfig {
  const hit = st.config.edgeBufferConfigs.find(
    (c) => c.sender === edge.sender && c.receiver === edge.receiver && (c.sid === undefined || c.sid === edge.sid),
  );
  return hit?.config ?? st.config.bufferConfig;
}

export type EnqueueResult = 'ok' | 'blocked' | 'dropped' | 'error';

/** `bufEnqueue` with `bufferEffectiveCapacity` (resize counts as preallocated to its maximum). */
export function bufEnqueue(
  cfg: BufferConfig,
  bufs: SignedBuffers,
  edge: Edge,
  v: SignedValue,
): readonly [EnqueueResult, SignedBuffers] {
  if (cfg.mode === 'latest_value') return ['ok', bufferSet(bufs, edge, [v])];
  const queue = bufferLookup(bufs, edge);
  const cap = cfg.policy.kind === 'resize' ? cfg.policy.maxCapacity : cfg.initialCapacity;
  if (queue.length < cap) return ['ok', bufferSet(bufs, edge, [...queue, v])];
  switch (cfg.policy.kind) {
    case 'drop':
      return ['dropped', bufs];
    case 'error':
      return ['error', bufs];
    default:
      return ['blocked', bufs];
  }
}

// ------------------------------------------------------------------ topology checks

export function edgePartitioned(st: PMState, edge: Edge): boolean {
  return st.failure.partitionedEdges.some((e) => sameEdge(e, edge));
}

/** `edgeCrashed`: either end's site crashed (our identity model: a role is its own site). */
export function edgeCrashed(st: PMState, edge: Edge): boolean {
  return st.failure.crashedSites.includes(edge.sender) || st.failure.crashedSites.includes(edge.receiver);
}

// ------------------------------------------------------------------ registers and coroutines

export function readReg(regs: readonly Value[], r: number): Value | undefined {
  return r >= 0 && r < regs.length ? regs[r] : undefined;
}

export function setReg(regs: readonly Value[], r: number, v: Value): Value[] | null {
  if (!(r >= 0 && r < regs.length)) return null;
  const out = regs.slice();
  out[r] = v;
  return out;
}

export function owns(c: Coro, ep: Endpoint): boolean {
  return c.ownedEndpoints.some((e) => sameEndpoint(e, ep));
}

export function advancePc(c: Coro): Coro {
  return { ...c, pc: c.pc + 1 };
}

export function edgeTo(ep: Endpoint, target: string): Edge {
  return { sid: ep.sid, sender: ep.role, receiver: target };
}

export function edgeFrom(sender: string, ep: Endpoint): Edge {
  return { sid: ep.sid, sender, receiver: ep.role };
}

// ------------------------------------------------------------------ step packs

export function mkRes(status: ExecStatusR, event: StepEvent): ExecResult {
  return { status, event };
}

export function pack(coro: Coro, st: PMState, res: ExecResult): StepPack {
  return { coro, st, res };
}

/** `faultPack`: status faulted, no observable event. */
export function faultPack(st: PMState, coro: Coro, fault: Fault): StepPack {
  return pack({ ...coro, status: { kind: 'faulted', fault } }, st, mkRes({ kind: 'faulted', fault }, 'internal'));
}

/** `blockPack`: status blocked, no event, pc unchanged. */
export function blockPack(st: PMState, coro: Coro, reason: BlockReason): StepPack {
  return pack({ ...coro, status: { kind: 'blocked', reason } }, st, mkRes({ kind: 'blocked', reason }, null));
}

/** `continuePack`: status ready, pc + 1, the given event. */
export function continuePack(st: PMState, coro: Coro, event: StepEvent): StepPack {
  return pack(advancePc({ ...coro, status: { kind: 'ready' } }), st, mkRes({ kind: 'continue' }, event));
}

/** `chargeCost`: the cost of every instruction is `instruction_cost`. */
export function chargeCost(st: PMState, coro: Coro): Coro | null {
  const cost = BigInt(st.config.instructionCost);
  return cost <= coro.costBudget ? { ...coro, costBudget: coro.costBudget - cost } : null;
}

// ------------------------------------------------------------------ communication sequence state

function seqLookup(entries: readonly (readonly [Edge, number])[], edge: Edge): number {
  return entries.find(([e]) => sameEdge(e, edge))?.[1] ?? 0;
}

function seqSet(entries: readonly (readonly [Edge, number])[], edge: Edge, next: number): (readonly [Edge, number])[] {
  const i = entries.findIndex(([e]) => sameEdge(e, edge));
  const out = entries.slice();
  if (i >= 0) out[i] = [edge, next];
  else out.push([edge, next]);
  return out;
}

/** `commAllocSendSeq`. */
export function allocSendSeq(st: PMState, edge: Edge): readonly [number, PMState] {
  const seq = seqLookup(st.commNextSendSeq, edge);
  return [seq, { ...st, commNextSendSeq: seqSet(st.commNextSendSeq, edge, seq + 1) }];
}

/** A received message's identity (Lean `CommunicationIdentity`), as the key of its nullifier. */
export interface CommIdentity {
  readonly edge: Edge;
  readonly label: string;
  readonly payloadDigest: string;
  readonly seqNo: number;
}

/** `commConsumeReceiveIdentity`: the replay-consumption check of `communication_replay_mode`. */
export function consumeReceiveIdentity(st: PMState, ident: CommIdentity): PMState | string {
  switch (st.config.communicationReplayMode) {
    case 'off':
      return st;
    case 'sequence': {
      const expected = seqLookup(st.commNextRecvSeq, ident.edge);
      if (ident.seqNo !== expected) return `comm_replay.sequence_mismatch: expected=${expected}, actual=${ident.seqNo}`;
      return { ...st, commNextRecvSeq: seqSet(st.commNextRecvSeq, ident.edge, expected + 1) };
    }
    case 'nullifier': {
      const e = ident.edge;
      const nullifier = JSON.stringify([
        'telltale.comm.identity.v1',
        e.sid,
        e.sender,
        e.receiver,
        'receive',
        ident.label,
        ident.payloadDigest,
        ident.seqNo,
      ]);
      if (st.commConsumedNullifiers.includes(nullifier)) return 'comm_replay.duplicate';
      return { ...st, commConsumedNullifiers: [...st.commConsumedNullifiers, nullifier] };
    }
  }
}

/**
 * Session lifecycle instructions, after Lean's `Semantics/ExecSession.lean`: `Open` (argument
 * alignment by role, spatial check, handler coverage of every protocol edge, endpoints written
 * into registers, a new session prepended) and `Close` (epoch advance, session view and traces
 * cleared, phase closed, endpoint released; `epoch_advanced` then `closed`). The resource and
 * persistence transactions always succeed in the unit model and are left out.
 */
import type { Edge, Endpoint, SessionType, Value } from '../../../types/machine.js';
import type { LocalType } from '../../../types/session.js';
import {
  advancePc,
  buffersEnsure,
  buffersFor,
  faultPack,
  findSession,
  mkRes,
  owns,
  pack,
  readReg,
  setReg,
} from './helpers.js';
import { toDeBruijn } from './sessionTypes.js';
import type { Coro, PMState, Session, StepPack } from './state.js';
import { traceAppend } from './state.js';
import {
  ANY_CHAN,
  closeFault,
  OUT_OF_REGISTERS,
  sameEdge,
  sameEndpoint,
  specFault,
  typeViolation,
  valTypeOf,
} from './values.js';

/**
 * Protocol edges of a session (Lean `protocolEdges`): role order, each type depth-first
 * (continuation, then branches in order), self-edges skipped, first insertion wins.
 */
export function protocolEdges(sid: number, localTypes: readonly (readonly [string, SessionType])[]): Edge[] {
  const edges: Edge[] = [];
  const insert = (sender: string, receiver: string): void => {
    if (sender === receiver) return;
    const e: Edge = { sid, sender, receiver };
    if (!edges.some((x) => sameEdge(x, e))) edges.push(e);
  };
  const walk = (owner: string, t: SessionType): void => {
    switch (t.kind) {
      case 'send':
        insert(owner, t.partner);
        walk(owner, t.cont);
        return;
      case 'recv':
        insert(t.partner, owner);
        walk(owner, t.cont);
        return;
      case 'select':
        insert(owner, t.partner);
        for (const b of t.branches) walk(owner, b.cont);
        return;
      case 'branch':
        insert(t.partner, owner);
        for (const b of t.branches) walk(owner, b.cont);
        return;
      case 'mu':
        walk(owner, t.body);
        return;
      default:
        return;
    }
  };
  for (const [role, t] of localTypes) walk(role, t);
  return edges;
}

/** `stepOpen` (the roles operand is ignored, MD-25). */
export function stepOpen(
  st: PMState,
  coro: Coro,
  localTypesR: readonly (readonly [string, LocalType])[],
  handlers: readonly (readonly [readonly [string, string], string])[],
  dsts: readonly (readonly [string, number])[],
): StepPack {
  // zipOpenArgs: local types and destinations aligned by role name.
  if (
    localTypesR.length !== dsts.length ||
    localTypesR.some(([r], i) => (dsts[i] as readonly [string, number])[0] !== r)
  )
    return faultPack(st, coro, closeFault('open arity mismatch'));
  const sid = st.nextSessionId;
  const roles = localTypesR.map(([r]) => r);
  const types = localTypesR.map(([r, t]) => [r, toDeBruijn(t)] as const);
  // Our unit model's spatial check always passes. Handler bindings are edges of the new session.
  const bound = handlers.map(([[sender, receiver], h]): readonly [Edge, number] => [
    { sid, sender, receiver },
    handlerId(h),
  ]);
  const edges = protocolEdges(sid, types);
  if (!edges.every((e) => bound.some(([b]) => sameEdge(b, e))))
    return faultPack(st, coro, specFault('handler bindings missing'));
  let regs: readonly Value[] = coro.regs;
  for (const [role, d] of dsts) {
    const next = setReg(regs, d, { kind: 'chan', endpoint: { sid, role } });
    if (next === null) return faultPack(st, coro, OUT_OF_REGISTERS);
    regs = next;
  }
  const endpoints: Endpoint[] = roles.map((role) => ({ sid, role }));
  const buffers = buffersEnsure(st.buffers, edges);
  const session: Session = {
    sid,
    roles,
    endpoints,
    localTypes: types.map(([role, t]) => [{ sid, role }, t] as const),
    buffers: buffersFor(buffers, sid),
    handlers: bound,
    epoch: 0,
    phase: 'active',
  };
  const c = advancePc({
    ...coro,
    regs,
    status: { kind: 'ready' },
    ownedEndpoints: [...endpoints, ...coro.ownedEndpoints],
  });
  const st1: PMState = { ...st, nextSessionId: st.nextSessionId + 1, sessions: [session, ...st.sessions], buffers };
  return pack(c, st1, mkRes({ kind: 'continue' }, { obs: { tick: st.clock, kind: 'opened', sid, roles } }));
}

/** Handler ids are naturals in Lean; a named handler of the Rust JSON maps to its decimal value or 0. */
function handlerId(h: string): number {
  return /^\d+$/.test(h) ? Number(h) : 0;
}

/** `stepClose`: appends `epoch_advanced` itself; `closed` is the step's event. */
export function stepClose(st: PMState, coro: Coro, reg: number): StepPack {
  const v = readReg(coro.regs, reg);
  if (v === undefined) return faultPack(st, coro, OUT_OF_REGISTERS);
  if (v.kind !== 'chan') return faultPack(st, coro, typeViolation(ANY_CHAN, valTypeOf(v)));
  const ep = v.endpoint;
  if (!owns(coro, ep)) return faultPack(st, coro, closeFault('endpoint not owned'));
  const epoch = (findSession(st.sessions, ep.sid)?.epoch ?? 0) + 1;
  const i = st.sessions.findIndex((s) => s.sid === ep.sid);
  const sessions = st.sessions.slice();
  if (i >= 0) sessions[i] = { ...(st.sessions[i] as Session), phase: 'closed', buffers: [], epoch };
  const trace = traceAppend(st.trace, { tick: st.clock, kind: 'epoch_advanced', sid: ep.sid, epoch });
  const c = advancePc({
    ...coro,
    status: { kind: 'ready' },
    ownedEndpoints: coro.ownedEndpoints.filter((e) => !sameEndpoint(e, ep)),
  });
  return pack(
    c,
    { ...st, sessions, trace },
    mkRes({ kind: 'continue' }, { obs: { tick: st.clock, kind: 'closed', sid: ep.sid } }),
  );
}

/**
 * Speculation, after Lean's `Semantics/ExecSpeculation.lean`. `Fork` (gated by
 * `speculation_enabled`, then the depth limit, then the operand) records a ghost session with a
 * snapshot of the real session's local types and a checkpoint of the trace length; `Join` needs the
 * snapshot to still match the live types; `Abort` restores the checkpointed trace (instruction
 * events recorded since the fork are dropped). Events carry the ghost id as their session
 * (`forked gsid gsid`, `joined gsid`, `aborted gsid`).
 */
import type { Endpoint, SessionType } from '../../../types/machine.js';
import { advancePc, faultPack, findSession, mkRes, pack, readReg } from './helpers.js';
import { localTypeMatches } from './sessionTypes.js';
import type { Coro, PMState, StepPack } from './state.js';
import { traceTakeObs } from './state.js';
import { OUT_OF_REGISTERS, sameEndpoint, specFault, typeViolation, valTypeOf } from './values.js';

type Snapshot = readonly (readonly [Endpoint, SessionType])[];

function localTypesForSid(st: PMState, sid: number): Snapshot {
  return findSession(st.sessions, sid)?.localTypes ?? [];
}

function snapshotMatches(a: Snapshot, b: Snapshot): boolean {
  return (
    a.length === b.length &&
    a.every(([ep, t], i) => {
      const [ep2, t2] = b[i] as readonly [Endpoint, SessionType];
      return sameEndpoint(ep, ep2) && localTypeMatches(t, t2);
    })
  );
}

/** `stepFork`. */
export function stepFork(st: PMState, coro: Coro, sidReg: number): StepPack {
  if (!st.config.speculationEnabled) return faultPack(st, coro, specFault('speculation is disabled'));
  const current = coro.specState;
  const maxDepth = st.config.maxSpeculationDepth;
  const nextDepth =
    current === null ? (maxDepth === 0 ? null : maxDepth - 1) : current.depth === 0 ? null : current.depth - 1;
  if (nextDepth === null) return faultPack(st, coro, specFault('speculation depth exhausted'));
  const v = readReg(coro.regs, sidReg);
  if (v === undefined) return faultPack(st, coro, OUT_OF_REGISTERS);
  if (v.kind !== 'nat') return faultPack(st, coro, typeViolation({ kind: 'nat' }, valTypeOf(v)));
  // Ghost ids are naturals; ids past 2^53 cannot name a session and are kept as the nearest number.
  const gsid = Number(v.value);
  const ghostSessions = new Map(st.ghostSessions);
  ghostSessions.set(gsid, {
    ghostSid: gsid,
    realSid: gsid,
    owner: coro.id,
    projectedLocalTypes: localTypesForSid(st, gsid),
    createdTick: st.clock,
  });
  const checkpoints = new Map(st.checkpoints);
  checkpoints.set(gsid, {
    ghostSid: gsid,
    tick: st.clock,
    coroId: coro.id,
    traceLen: st.trace.obsLength,
    needsReconciliation: st.needsReconciliation,
  });
  const st1: PMState = { ...st, ghostSessions, checkpoints, needsReconciliation: true };
  const c = advancePc({ ...coro, specState: { ghostSid: gsid, depth: nextDepth } });
  return pack(
    c,
    st1,
    mkRes({ kind: 'forked', ghost: gsid }, { obs: { tick: st.clock, kind: 'forked', sid: gsid, ghost: gsid } }),
  );
}

/** `stepJoin`: requires active speculation and a ghost snapshot that still matches (`matchesRealState`). */
export function stepJoin(st: PMState, coro: Coro): StepPack {
  const spec = coro.specState;
  if (spec === null) return faultPack(st, coro, specFault('join requires active speculation'));
  const ghost = st.ghostSessions.get(spec.ghostSid);
  if (ghost === undefined || !snapshotMatches(ghost.projectedLocalTypes, localTypesForSid(st, ghost.realSid)))
    return faultPack(st, coro, specFault('join reconciliation predicate failed'));
  const ghostSessions = new Map(st.ghostSessions);
  ghostSessions.delete(spec.ghostSid);
  const checkpoints = new Map(st.checkpoints);
  checkpoints.delete(spec.ghostSid);
  const st1: PMState = { ...st, ghostSessions, checkpoints, needsReconciliation: checkpoints.size > 0 };
  return pack(
    advancePc({ ...coro, specState: null }),
    st1,
    mkRes({ kind: 'joined' }, { obs: { tick: st.clock, kind: 'joined', sid: spec.ghostSid } }),
  );
}

/** `stepAbort`: restores the trace length checkpointed by the fork (when the checkpoint exists). */
export function stepAbort(st: PMState, coro: Coro): StepPack {
  const spec = coro.specState;
  if (spec === null) return faultPack(st, coro, specFault('abort requires active speculation'));
  const checkpoint = st.checkpoints.get(spec.ghostSid);
  const ghostSessions = new Map(st.ghostSessions);
  ghostSessions.delete(spec.ghostSid);
  const checkpoints = new Map(st.checkpoints);
  checkpoints.delete(spec.ghostSid);
  const st1: PMState = {
    ...st,
    ghostSessions,
    checkpoints,
    trace: checkpoint === undefined ? st.trace : traceTakeObs(st.trace, checkpoint.traceLen),
    needsReconciliation: (checkpoint?.needsReconciliation ?? st.needsReconciliation) || checkpoints.size > 0,
  };
  return pack(
    advancePc({ ...coro, specState: null }),
    st1,
    mkRes({ kind: 'aborted' }, { obs: { tick: st.clock, kind: 'aborted', sid: spec.ghostSid } }),
  );
}

/**
 * Speculation: `Fork`, `Join`, `Abort` (machine.md §5.8; Lean `ExecSpeculation.lean`). `Fork`
 * (gated by `speculation_enabled`, then the depth limit, then its Nat operand) records a ghost
 * session with a snapshot of that session id's types and a checkpoint of the instruction events;
 * `Join` needs the snapshot to still match the live types; `Abort` rolls the trace back to the
 * checkpoint (MD-41). Events name the ghost id as their session (MD-40).
 */
import type { ExecStatus, SessionType } from '../../../types/machine.js';
import { valTypeOf } from '../../values.js';
import type { Coroutine } from '../records.js';
import { OUT_OF_REGISTERS, specFault } from '../records.js';
import type { MachineState } from '../state.js';

type Snapshot = readonly (readonly [string, SessionType])[];

/** The types of session `sid` in Lean list order (the session's map keeps insertion order). */
function localTypesForSid(st: MachineState, sid: number): Snapshot {
  const s = st.sessionById.get(sid);
  return s === undefined ? [] : [...s.types.entries()];
}

/** `ExecSpeculation.localTypeMatches`: same constructors, partners, payload types, labels. */
function matches(a: SessionType, b: SessionType): boolean {
  switch (a.kind) {
    case 'send':
    case 'recv':
      return (
        b.kind === a.kind &&
        a.partner === b.partner &&
        JSON.stringify(a.payload) === JSON.stringify(b.payload) &&
        matches(a.cont, b.cont)
      );
    case 'select':
    case 'branch':
      return (
        b.kind === a.kind &&
        a.partner === b.partner &&
        a.branches.length === b.branches.length &&
        a.branches.every((x, i) => {
          const y = b.branches[i];
          return y !== undefined && x.label === y.label && matches(x.cont, y.cont);
        })
      );
    case 'end':
      return b.kind === 'end';
    case 'var':
      return b.kind === 'var' && a.index === b.index;
    case 'mu':
      return b.kind === 'mu' && matches(a.body, b.body);
  }
}

function snapshotMatches(a: Snapshot, b: Snapshot): boolean {
  return (
    a.length === b.length &&
    a.every(([role, t], i) => {
      const other = b[i];
      return other !== undefined && other[0] === role && matches(t, other[1]);
    })
  );
}

export function execFork(st: MachineState, c: Coroutine, ghostReg: number): ExecStatus {
  if (!st.config.speculationEnabled) return st.fault(c, specFault('speculation is disabled'));
  const depth = c.specState === null ? st.config.maxSpeculationDepth : c.specState.depth;
  if (depth === 0) return st.fault(c, specFault('speculation depth exhausted'));
  const v = c.regs[ghostReg];
  if (v === undefined) return st.fault(c, OUT_OF_REGISTERS);
  if (v.kind !== 'nat') return st.fault(c, { kind: 'type_violation', expected: { kind: 'nat' }, actual: valTypeOf(v) });
  // Ghost ids are naturals; one past 2^53 names no session and is kept as the nearest number.
  const gsid = Number(v.value);
  st.ghostSessions.set(gsid, {
    realSid: gsid,
    owner: c.id,
    snapshot: localTypesForSid(st, gsid),
    createdTick: st.clock,
  });
  st.checkpoints.set(gsid, {
    tick: st.clock,
    coroId: c.id,
    traceLen: st.events.obsLength,
    needsReconciliation: st.needsReconciliation,
  });
  st.needsReconciliation = true;
  c.specState = { ghostSid: gsid, depth: depth - 1 };
  c.pc += 1;
  if (st.recording) st.events.tier2({ tick: st.clock, kind: 'forked', sid: gsid, ghost: gsid });
  return { kind: 'forked', ghost: gsid };
}

export function execJoin(st: MachineState, c: Coroutine): ExecStatus {
  const spec = c.specState;
  if (spec === null) return st.fault(c, specFault('join requires active speculation'));
  const ghost = st.ghostSessions.get(spec.ghostSid);
  if (ghost === undefined || !snapshotMatches(ghost.snapshot, localTypesForSid(st, ghost.realSid)))
    return st.fault(c, specFault('join reconciliation predicate failed'));
  st.ghostSessions.delete(spec.ghostSid);
  st.checkpoints.delete(spec.ghostSid);
  st.needsReconciliation = st.checkpoints.size > 0;
  c.specState = null;
  c.pc += 1;
  if (st.recording) st.events.tier2({ tick: st.clock, kind: 'joined', sid: spec.ghostSid });
  return { kind: 'joined' };
}

export function execAbort(st: MachineState, c: Coroutine): ExecStatus {
  const spec = c.specState;
  if (spec === null) return st.fault(c, specFault('abort requires active speculation'));
  const checkpoint = st.checkpoints.get(spec.ghostSid);
  st.ghostSessions.delete(spec.ghostSid);
  st.checkpoints.delete(spec.ghostSid);
  if (checkpoint !== undefined) st.events.rollbackObs(checkpoint.traceLen);
  st.needsReconciliation = (checkpoint?.needsReconciliation ?? st.needsReconciliation) || st.checkpoints.size > 0;
  c.specState = null;
  c.pc += 1;
  if (st.recording) st.events.tier2({ tick: st.clock, kind: 'aborted', sid: spec.ghostSid });
  return { kind: 'aborted' };
}

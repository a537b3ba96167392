/**
 * One step of the image executor, after Lean's `Semantics/Exec.lean` and `ExecSteps.lean`: lookup,
 * status gate, fetch, monitor precheck, cost, dispatch (`stepInstr`) and commit with the
 * output-condition gate (`commitPack`).
 */
import type { Instruction, SessionType } from '../../../types/machine.js';
import { stepChoose, stepOffer, stepReceive, stepSend } from './execComm.js';
import {
  stepAcquire,
  stepHalt,
  stepInvoke,
  stepJump,
  stepMove,
  stepRelease,
  stepSet,
  stepSpawn,
  stepYield,
} from './execControl.js';
import { stepTag, stepCheck, stepTransfer } from './execOwnership.js';
import { stepClose, stepOpen } from './execSession.js';
import { stepAbort, stepFork, stepJoin } from './execSpeculation.js';
import { chargeCost, faultPack, lookupType, mkRes, readReg } from './helpers.js';
import { unfoldOnce } from './sessionTypes.js';
import type { Coro, ExecResult, PMState, StepPack } from './state.js';
import { traceAppend, updateCoro } from './state.js';
import { closeFault, OUT_OF_CREDITS, OUT_OF_REGISTERS, reprValue, specFault } from './values.js';

/** The predicate every observable step claims (machine.md §6 stage 7). */
const OBSERVABLE_OUTPUT = 'protocol_machine.observable_output';

/** `stepInstr`: the one dispatch over all 21 instructions. */
function stepInstr(st: PMState, coro: Coro, i: Instruction): StepPack {
  switch (i.op) {
    case 'Send':
      return stepSend(st, coro, i.chan, i.val);
    case 'Receive':
      return stepReceive(st, coro, i.chan, i.dst);
    case 'Offer':
      return stepOffer(st, coro, i.chan, i.label);
    case 'Choose':
      return stepChoose(st, coro, i.chan, i.table);
    case 'Acquire':
      return stepAcquire(st, coro, i.layer, i.dst);
    case 'Release':
      return stepRelease(st, coro, i.layer, i.evidence);
    case 'Invoke': {
      if (typeof i.action === 'string') return stepInvoke(st, coro, i.action);
      // The register form (Rust-only, machine.md §5.5) reads its register before anything else.
      const v = readReg(coro.regs, i.action);
      return v === undefined ? faultPack(st, coro, OUT_OF_REGISTERS) : stepInvoke(st, coro, reprValue(v));
    }
    case 'Open':
      return stepOpen(st, coro, i.localTypes, i.handlers, i.dsts);
    case 'Close':
      return stepClose(st, coro, i.session);
    case 'Fork':
      return stepFork(st, coro, i.ghost);
    case 'Join':
      return stepJoin(st, coro);
    case 'Abort':
      return stepAbort(st, coro);
    case 'Transfer':
      return stepTransfer(st, coro, i.endpoint, i.target);
    case 'Tag':
      return stepTag(st, coro, i.fact, i.dst);
    case 'Check':
      return stepCheck(st, coro, i.knowledge, i.target, i.dst);
    case 'Set':
      return stepSet(st, coro, i.dst, i.val);
    case 'Move':
      return stepMove(st, coro, i.dst, i.src);
    case 'Jump':
      return stepJump(st, coro, i.target);
    case 'Spawn':
      return stepSpawn(st, coro, i.target, i.args);
    case 'Yield':
      return stepYield(st, coro);
    case 'Halt':
      return stepHalt(st, coro);
  }
}

/** `OutputConditionPolicy.accepts` for the one claim the machine makes. */
function gateAccepts(st: PMState): boolean {
  const p = st.config.outputConditionPolicy;
  if (p.kind === 'predicate_allow_list') return p.predicates.includes(OBSERVABLE_OUTPUT);
  return p.kind !== 'deny_all';
}

/**
 * `commitPack`: a step with an observable event passes the output-condition gate, or the machine
 * state falls back to `stBase` and the coroutine (as the step left it) faults.
 */
function commitPack(stBase: PMState, coroId: number, p: StepPack): readonly [PMState, ExecResult] {
  const ev = p.res.event;
  if (ev === null || ev === 'internal') return [updateCoro(p.st, coroId, p.coro), p.res];
  const checks = stBase.outputConditionChecks + 1;
  if (gateAccepts(stBase)) {
    const st = updateCoro(p.st, coroId, p.coro);
    return [{ ...st, outputConditionChecks: checks, trace: traceAppend(st.trace, ev.obs) }, p.res];
  }
  const fault = specFault(`output condition rejected: ${OBSERVABLE_OUTPUT}`);
  const st = updateCoro(stBase, coroId, { ...p.coro, status: { kind: 'faulted', fault } });
  return [{ ...st, outputConditionChecks: checks }, mkRes({ kind: 'faulted', fault }, 'internal')];
}

/** `monitorSessionShapeError?` for Send/Offer (`send`/`select`) and Receive/Choose (`recv`/`branch`). */
function monitorShapeError(st: PMState, coro: Coro, i: Instruction): string | null {
  let want: readonly SessionType['kind'][];
  switch (i.op) {
    case 'Send':
    case 'Offer':
      want = ['send', 'select'];
      break;
    case 'Receive':
    case 'Choose':
      want = ['recv', 'branch'];
      break;
    default:
      return null;
  }
  const v = readReg(coro.regs, i.chan);
  if (v?.kind !== 'chan') return '[monitor] missing channel endpoint';
  const t = lookupType(st.sessions, v.endpoint);
  if (t === undefined) return '[monitor] no type registered';
  if (want.includes(unfoldOnce(t).kind)) return null;
  return want[0] === 'send' ? '[monitor] expected Send state' : '[monitor] expected Recv state';
}

/** `monitorAllows`: a Choose table with a repeated label, an Open with `|roles| ≠ |dsts|`. */
function monitorAllows(i: Instruction): boolean {
  if (i.op === 'Choose') return new Set(i.table.map(([l]) => l)).size === i.table.length;
  if (i.op === 'Open') return i.roles.length === i.dsts.length;
  return true;
}

/** `execWithInstr`: monitor (when on), cost, dispatch, commit. A monitor fault charges nothing. */
function execWithInstr(st: PMState, coroId: number, coro: Coro, i: Instruction): readonly [PMState, ExecResult] {
  if (st.config.monitorMode === 'session_type_precheck') {
    const msg = monitorAllows(i) ? monitorShapeError(st, coro, i) : '[monitor] structural precheck failed';
    if (msg !== null) return commitPack(st, coroId, faultPack(st, coro, specFault(msg)));
  }
  const charged = chargeCost(st, coro);
  if (charged === null) return commitPack(st, coroId, faultPack(st, coro, OUT_OF_CREDITS));
  return commitPack(st, coroId, stepInstr(st, charged, i));
}

/** `execInstr`: one instruction of coroutine `coroId`. */
export function execInstr(st: PMState, coroId: number): readonly [PMState, ExecResult] {
  const coro = st.coroutines[coroId];
  if (coro === undefined) {
    const fault = closeFault('unknown coroutine');
    return [st, mkRes({ kind: 'faulted', fault }, 'internal')];
  }
  if (coro.status.kind === 'done') return [st, mkRes({ kind: 'halted' }, null)];
  if (coro.status.kind === 'faulted') return [st, mkRes({ kind: 'faulted', fault: coro.status.fault }, 'internal')];
  const program = st.programs[coro.programId];
  const instr = program?.code[coro.pc];
  if (program === undefined || instr === undefined) {
    const fault = closeFault(program === undefined ? 'unknown program' : 'pc out of range');
    return [
      updateCoro(st, coroId, { ...coro, status: { kind: 'faulted', fault } }),
      mkRes({ kind: 'faulted', fault }, 'internal'),
    ];
  }
  return execWithInstr(st, coroId, coro, instr);
}

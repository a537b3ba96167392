/**
 * The cooperative round loop of the image executor (machine.md §7.3; Lean `runScheduled` /
 * the runner's `runWithStepStatesAux`): each round advances the clock, applies the topology
 * perturbations of that tick, wakes receivers, picks one coroutine (the schedule's choice, else
 * the policy's), executes one instruction, updates the queues and appends the lifecycle events.
 */
import type { StepState } from '../../../types/bridge.js';
import type { Fault } from '../../../types/machine.js';
import { execInstr } from './exec.js';
import { applyFailure } from './failure.js';
import { stateSlice, stepState } from './observe.js';
import { allTerminal, schedule, tryUnblockReceivers, updateAfterStep } from './scheduler.js';
import type { PMState } from './state.js';
import { traceAppend } from './state.js';
import { faultTagOf } from './values.js';

/** What a run produced besides its final state. */
export interface RunRecord {
  readonly st: PMState;
  readonly stepStates: StepState[];
  readonly faults: { readonly coro_id: number; readonly fault: Fault }[];
  readonly steps: number;
}

/** Runs rounds while fewer than `maxSteps` steps were taken; stops when nothing is runnable or all are terminal. */
export function runRounds(
  start: PMState,
  maxSteps: number,
  scheduleEntries: readonly number[],
  recordStates: boolean,
): RunRecord {
  let st = start;
  let steps = 0;
  let si = 0;
  const stepStates: StepState[] = [];
  const faults: { coro_id: number; fault: Fault }[] = [];
  while (steps < maxSteps) {
    st = { ...st, clock: st.clock + 1 };
    for (const p of st.config.topologyPerturbations) if (p.tick === st.clock) st = applyFailure(st, p.failure);
    st = tryUnblockReceivers(st);
    const pre = recordStates ? stateSlice(st) : null;
    const entry = si < scheduleEntries.length ? scheduleEntries[si] : undefined;
    const picked = schedule(st, entry);
    if (picked === null) break;
    if (entry !== undefined) si += 1;
    const [cid, scheduled] = picked;
    steps += 1;
    const [executed, res] = execInstr(scheduled, cid);
    st = { ...executed, sched: updateAfterStep(executed.sched, cid, res.status) };
    if (res.status.kind === 'halted') {
      st = { ...st, trace: traceAppend(st.trace, { tick: st.clock, kind: 'halted', coroId: cid }, true) };
    } else if (res.status.kind === 'faulted') {
      const fault = res.status.fault;
      faults.push({ coro_id: cid, fault });
      const sid = st.coroutines[cid]?.ownedEndpoints[0]?.sid ?? 0;
      let trace = traceAppend(
        st.trace,
        { tick: st.clock, kind: 'failure_branch_entered', sid, coroId: cid, fault: faultTagOf(fault) },
        true,
      );
      trace = traceAppend(trace, { tick: st.clock, kind: 'faulted', coroId: cid, fault }, true);
      st = { ...st, trace };
    }
    if (pre !== null) stepStates.push(stepState(stepStates.length, pre, st, cid, res));
    if (allTerminal(st)) break;
  }
  return { st, stepStates, faults, steps };
}

import type { Machine } from '../../machine/Machine.js';
import type { RawStepState } from '../../projection/lazyStepStates.js';
import type { StateSlice } from '../../types/bridge.js';
import type { OutputBudget } from '../../types/outputBudget.js';
import { chargeStep } from '../../machine/chargeOutput.js';
import { laneOf } from '../waveCertificate.js';
import type { CertificateHook } from './certificateHook.js';
import { FastPlanner } from './fastPlanner.js';
import { MachineView } from './machineView.js';
import type { ThreadedRecorder } from './threadedDiagnostics.js';
import { wavesOf } from './wavesOf.js';

export interface DriveOptions {
  readonly lanes: number;
  readonly waves: boolean;
  readonly maxSteps: number;
  readonly schedule: readonly number[] | undefined;
  readonly stepStates: boolean;
  readonly widening: boolean;
  readonly certificateHook: CertificateHook;
  /** The run's output budget (recording runs); throws `OutputLimitExceeded` past it. */
  readonly budget?: OutputBudget | undefined;
}

/**
 * Runs the threaded engine's rounds on the main thread (machine.md §11.2): canonical rounds are
 * exactly the cooperative loop of §7.3; wave rounds plan, certify and execute waves (§11.3–11.5)
 * or fall back to one canonical step (§11.6). Returns the step states (empty unless asked), their
 * types not yet rendered.
 */
export function driveRounds(m: Machine, o: DriveOptions, rec: ThreadedRecorder): RawStepState[] {
  const states: RawStepState[] = [];
  // Only wave rounds plan: a canonical run (n = 1, or canonical_one_step) never builds a planner
  // (its stamp arrays were a tenth of a short n = 1 run's cost).
  const planning = o.waves
    ? { view: new MachineView(m, o.lanes, o.widening), planner: new FastPlanner(o.lanes, o.widening) }
    : null;
  const start = m.stepCount;
  let si = 0;
  let seen = m.traceLength;
  const charge = (state: RawStepState | undefined): void => {
    if (o.budget !== undefined) seen = chargeStep(o.budget, m, state, seen);
  };
  // The last canonical step's post-state, while only canonical rounds run (no wave in between):
  // the next pre-state unless the round changed something (a wake; `beginRound` says).
  let post: StateSlice | undefined;
  let changed = true;
  const canonicalStep = (): boolean => {
    const pre = o.stepStates ? (changed || post === undefined ? m.slice() : post) : null;
    const entry = o.schedule !== undefined && si < o.schedule.length ? o.schedule[si] : undefined;
    const cid = m.pick(entry);
    if (cid === undefined) return false;
    if (entry !== undefined) si += 1;
    const session = m.primarySession(cid);
    const outcome = m.step(cid);
    const state = pre === null ? undefined : m.rawStepState(states.length, pre, outcome);
    if (state !== undefined) {
      states.push(state);
      if (planning === null) post = state.post_state;
    }
    charge(state);
    if (rec.detailed) rec.laneTrace.push({ tick: m.clock, wave: 0, coro_id: cid, session, lane: laneOf(cid, o.lanes) });
    if (rec.maxWaveWidth < 1) rec.maxWaveWidth = 1;
    return true;
  };

  while (m.stepCount - start < o.maxSteps) {
    changed = m.beginRound();
    if (planning === null) {
      if (!canonicalStep() || m.allTerminal()) break;
      continue;
    }
    const { view, planner } = planning;
    const data = view.data(planner);
    const queue = m.readyQueue;
    const plannerStep = m.stepCount;
    // The flat plan in the planner's reused buffers: a round allocates no wave arrays.
    const plan = planner.planFlat(queue, queue.length, data, o.maxSteps - (m.stepCount - start));
    // Check 1 holds by construction (planned at this step count); 5 is the test hook.
    const passed =
      planner.checkFlat(plan.flat, plan.waveEnd, plan.waves, queue, queue.length, data) &&
      !o.certificateHook.forceInvalid();
    if (!passed) {
      rec.fallbacks += 1;
      if (!canonicalStep() || m.allTerminal()) break;
      continue;
    }
    if (plan.waves === 0) break;
    const waves = o.stepStates || rec.detailed ? wavesOf(plan) : null;
    if (rec.detailed && waves !== null)
      rec.certificates.push({
        tick: m.clock,
        planner_step: plannerStep,
        waves,
        members: waves.flat().map((cid) => {
          const c = view.coroutine(cid);
          return {
            coro_id: cid,
            lane: laneOf(cid, o.lanes),
            session: c?.session ?? null,
            footprint: c?.footprint ?? [],
          };
        }),
      });
    if (o.stepStates && waves !== null) stepWaves(m, waves, { states, charge, rec, lanes: o.lanes });
    else {
      // Nobody sees the queue between waves: removing every planned id up front leaves the same
      // queue after the round (unplanned ids, then appends in execution order).
      const { flat, waveEnd } = plan;
      m.beginPlan(flat, plan.planned);
      for (let w = 0, at = 0; w < plan.waves; w++) {
        const end = waveEnd[w] ?? at;
        if (end - at > rec.maxWaveWidth) rec.maxWaveWidth = end - at;
        for (; at < end; at++) {
          const cid = flat[at] ?? 0;
          // Tier 1 never skips (a step changes only its own coroutine), but §11.5 says what to do.
          if (!m.isRunnable(cid)) continue;
          const session = rec.detailed ? m.primarySession(cid) : null;
          m.step(cid);
          charge(undefined);
          if (rec.detailed)
            rec.laneTrace.push({ tick: m.clock, wave: w, coro_id: cid, session, lane: laneOf(cid, o.lanes) });
        }
      }
    }
    if (m.allTerminal()) break;
  }
  return states;
}

/** A round that records step states: wave by wave, each member's pre-state the previous post-state. */
function stepWaves(
  m: Machine,
  waves: readonly (readonly number[])[],
  o: {
    readonly states: RawStepState[];
    readonly charge: (state: RawStepState | undefined) => void;
    readonly rec: ThreadedRecorder;
    readonly lanes: number;
  },
): void {
  const { states, rec } = o;
  waves.forEach((wave, w) => {
    let pre = m.slice();
    m.beginWaves([wave]);
    if (wave.length > rec.maxWaveWidth) rec.maxWaveWidth = wave.length;
    for (const cid of wave) {
      // Tier 1 never skips (a step changes only its own coroutine), but §11.5 says what to do.
      if (!m.isRunnable(cid)) continue;
      const session = m.primarySession(cid);
      const outcome = m.step(cid);
      const st = m.rawStepState(states.length, pre, outcome);
      states.push(st);
      pre = st.post_state;
      o.charge(st);
      if (rec.detailed)
        rec.laneTrace.push({ tick: m.clock, wave: w, coro_id: cid, session, lane: laneOf(cid, o.lanes) });
    }
  });
}

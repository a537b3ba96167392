/**
 * The protocol machine (machine.md §2–§9, §12) as one object: state, loader, step pipeline,
 * scheduler primitives and state slices. `runCooperative` and the threaded engine both drive it.
 * The work is done in `_internals/` (records, instruction families, scheduler, output gate,
 * observation); this facade owns the state and hands it out read-only.
 */

import type { BridgeError } from '../types/errors.js';
import type { Result } from '../types/result.js';
import { err, ok } from '../types/result.js';
import type { RunDiagnostics, StateSlice, StepState } from '../types/bridge.js';
import type { CodeImage, ExecStatus, MachineConfig, MachineEvent } from '../types/machine.js';
import { renderStepState, type RawStepState } from '../projection/lazyStepStates.js';
import { validateCodeImage } from './codeImage.js';
import { resolveMachineConfig } from './config.js';
import { install, installable, type InstallableProgram } from './_internals/loader.js';
import { diagnostics, footprint, sessionStatuses, slice, stepState } from './_internals/observe.js';
import * as scheduler from './_internals/scheduler.js';
import { MachineState } from './_internals/state.js';
import type {
  BlockedView,
  CoroutineView,
  FaultRecord,
  MachineMark,
  ProgramView,
  RoundResults,
  SessionView,
  StepOutcome,
} from './views.js';

export { installable, type InstallableProgram } from './_internals/loader.js';

// Per-step names are read once here: under Vitest (the benches) every use of an imported binding is a getter call.
const {
  beginRound,
  beginPlan,
  beginWaves,
  candidates,
  clearQueue,
  pendingWakes,
  pick,
  removeFromQueue,
  runRounds,
  runnable,
  step,
  stepStatus,
} = scheduler;

export type { StepOutcome } from './views.js';

/** Options for {@link Machine.create}. @example `Machine.create({}, { trace: false })` @public */
export interface MachineOptions {
  /** Record machine events (default true). Off: no events, so no trace and no step states. */
  readonly trace?: boolean;
}

/**
 * The protocol machine. Create it, load images (or a run request via `runCooperative`'s loader),
 * then drive rounds: `beginRound()`, `pick()`, `step(cid)`, `allTerminal()`; read `slice()`,
 * `stepState(...)`, `diagnostics(...)`. Its state is readable through read-only views and changes
 * only through its methods; engines that run it in replicas and rounds use the driver methods
 * (`becomeReplica`, `beginRound(tick)`, `beginWaves`, `beginPlan`, `pendingWakes`, `mark`, `takeSince`,
 * `adopt`). See docs/machine.md "Driving the machine core".
 * @example
 * ```ts
 * const created = Machine.create({});
 * if (!created.ok) throw new Error(created.error.message);
 * const m = created.value;
 * m.loadImage(image);
 * while (m.stepCount < 100) { m.beginRound(); const cid = m.pick(); if (cid === undefined) break; m.step(cid); if (m.allTerminal()) break; }
 * ```
 * @public
 */
export class Machine {
  private readonly st: MachineState;

  private constructor(config: MachineConfig, recording: boolean) {
    this.st = new MachineState(config, recording);
  }

  /**
   * A fresh machine (clock 0). Fails with `InvalidConfig{reason}` (machine.md §9.1).
   * @example `const r = Machine.create({ numRegisters: 16 });`
   */
  static create(config: Partial<MachineConfig> = {}, options: MachineOptions = {}): Result<Machine, BridgeError> {
    const c = resolveMachineConfig(config);
    if (!c.ok) return c;
    return ok(new Machine(c.value, options.trace ?? true));
  }

  // ---------------------------------------------------------------- read-only state

  /** The resolved configuration (machine.md §9.1). */
  get config(): MachineConfig {
    return this.st.config;
  }
  /** Whether events are recorded. */
  get recording(): boolean {
    return this.st.recording;
  }
  /** The current tick (machine.md §1). */
  get clock(): number {
    return this.st.clock;
  }
  /** Steps counted so far (picks and wave members). */
  get stepCount(): number {
    return this.st.stepCount;
  }
  /** Coroutine records by id. */
  get coroutines(): readonly CoroutineView[] {
    return this.st.coroutines;
  }
  /** Session store, newest first (machine.md §3). */
  get sessions(): readonly SessionView[] {
    return this.st.sessions;
  }
  /** Session records by sid. */
  get sessionById(): ReadonlyMap<number, SessionView> {
    return this.st.sessionById;
  }
  /** Loaded programs by id. */
  get programs(): readonly ProgramView[] {
    return this.st.programs;
  }
  /** The ready queue (machine.md §7.1); empty on a replica. */
  get readyQueue(): readonly number[] {
    return this.st.readyQueue;
  }
  /** Blocked map (machine.md §7.1): coroutine id → reason, ascending-id iteration. */
  get blocked(): BlockedView {
    return this.st.blocked;
  }
  /** The machine trace (machine.md §12), when recording. */
  get trace(): readonly MachineEvent[] {
    return this.st.events.events;
  }
  /** How many events are recorded (`trace.length` without building the event objects). */
  get traceLength(): number {
    return this.st.events.length;
  }
  /** Event `i` of the trace (`trace[i]` without building the others). */
  traceEventAt(i: number): MachineEvent {
    return this.st.events.at(i);
  }
  /**
   * The events recorded so far as a stable view (later steps do not change it), built into
   * objects only when read: for outputs assembled after a run (`bridgeOutput`).
   */
  traceSnapshot(): { toArray(): readonly MachineEvent[] } {
    return this.st.events.snapshot();
  }
  /** Faults in occurrence order (diagnostics). */
  get faults(): readonly FaultRecord[] {
    return this.st.faults;
  }
  /** The id the next session gets. */
  get nextSessionId(): number {
    return this.st.nextSessionId;
  }

  // ---------------------------------------------------------------- loading (§9.4)

  /**
   * Loads a code image (Lean `loadChoreographyResult`, machine.md §9.4), all-or-nothing.
   * Errors: `validation_failed` (with `reason`), `too_many_sessions`, `too_many_coroutines`
   * (with `max`); messages are the Lean runner's texts. Returns the new session id.
   */
  loadImage(image: CodeImage, path = '$'): Result<number, BridgeError> {
    const reason = validateCodeImage(image);
    if (reason !== null) {
      return err({ code: 'validation_failed', path, message: `bad choreography image: ${reason}`, reason });
    }
    return install(this.st, installable(image.program), path);
  }

  /**
   * Loads a program whose validation the caller already did: the run-request loader, and the
   * threaded engine's pool threads, which replicate a machine the calling thread loaded. @internal
   */
  install(program: InstallableProgram, path = '$'): Result<number, BridgeError> {
    return install(this.st, program, path);
  }

  // ---------------------------------------------------------------- rounds (§7)

  /**
   * Starts a round: the clock moves to `tick` (default `clock + 1`), then receivers whose edge is
   * non-empty wake (§7.2, ascending id). A replica's driver passes the round's tick. Answers
   * whether the round changed anything a {@link slice} shows (a wake, a topology perturbation):
   * when it did not, a slice taken right before it is still this machine's slice.
   */
  beginRound(tick?: number): boolean {
    return beginRound(this.st, tick);
  }

  /** Whether a coroutine may run now (`ready` or `speculating`). */
  isRunnable(cid: number): boolean {
    return runnable(this.st, cid);
  }

  /**
   * The pick candidates in the policy's order (machine.md §7.7): runnable ids of the ready queue;
   * candidate 0 is the default pick.
   */
  candidates(): number[] {
    return candidates(this.st);
  }

  /**
   * Picks a coroutine (machine.md §7.5/§7.7), removes it from the ready queue and counts the step.
   * With a schedule entry `c`, takes candidate `c mod count`. `undefined` when nothing is runnable
   * (no step counted).
   */
  pick(scheduleEntry?: number): number | undefined {
    return pick(this.st, scheduleEntry);
  }

  /** Removes the first occurrence of `cid` from the ready queue. */
  removeFromQueue(cid: number): void {
    removeFromQueue(this.st, cid);
  }

  /**
   * Wave start (machine.md §11.5): every member of `waves` leaves the ready queue (one pass) and
   * counts as a step; then step the members with {@link step}.
   */
  beginWaves(waves: readonly (readonly number[])[]): void {
    beginWaves(this.st, waves);
  }

  /**
   * {@link beginWaves} for all of a round's members at once in plan order, flat: the first `count`
   * ids of `members` (a planner's reused buffer; a round then allocates no wave arrays).
   */
  beginPlan(members: ArrayLike<number>, count: number): void {
    beginPlan(this.st, members, count);
  }

  /** `true` iff every coroutine is `done` or `faulted` (true with zero coroutines). */
  allTerminal(): boolean {
    return this.st.terminalCount === this.st.coroutines.length;
  }

  /**
   * Executes ONE step of `cid` (the pick already happened): the step pipeline (§6), the queue
   * update (§7.4) and the lifecycle events (§8.3), all at the current tick.
   */
  step(cid: number): StepOutcome {
    return step(this.st, cid);
  }

  /**
   * {@link step} answering only the step's exec status: for drivers that read the events and
   * faults through {@link traceLength} and {@link faults}, without a record per step.
   * @example `const kind = m.stepStatus(cid).kind;`
   */
  stepStatus(cid: number): ExecStatus {
    return stepStatus(this.st, cid);
  }

  /**
   * Up to `maxSteps` rounds of the cooperative loop with default picks (machine.md §7.3): what
   * `beginRound()`, `pick()`, `step(cid)` and `allTerminal()` do called one by one, for a driver
   * that records nothing per step.
   * @example `m.runRounds(1_000_000); // then read m.stepCount, m.trace`
   */
  runRounds(maxSteps: number): void {
    runRounds(this.st, maxSteps);
  }

  // ---------------------------------------------------------------- driving replicas (§11.8)

  /**
   * Makes this machine a replica: its ready queue now belongs to the driver (a central mirror),
   * so it is emptied and steps and wake-ups no longer update it (§7.4). Everything else — statuses,
   * blocked map, buffers, events — behaves as before.
   */
  becomeReplica(): void {
    this.st.replica = true;
    clearQueue(this.st);
  }

  /** The coroutines the next {@link beginRound} wakes: blocked receivers whose edge is non-empty, ascending id. */
  pendingWakes(): number[] {
    return pendingWakes(this.st);
  }

  /** The session of a coroutine's primary (first owned) endpoint, or `null` when it owns none. */
  primarySession(cid: number): number | null {
    return this.st.coroutines[cid]?.owned[0]?.sid ?? null;
  }

  /** The current ends of the event and fault logs, for {@link takeSince}. */
  mark(): MachineMark {
    return { events: this.st.events.length, faults: this.st.faults.length };
  }

  /** Removes and returns the events and faults recorded since `mark`. */
  takeSince(mark: MachineMark): { readonly events: MachineEvent[]; readonly faults: FaultRecord[] } {
    return { events: this.st.events.take(mark.events), faults: this.st.faults.splice(mark.faults) };
  }

  /**
   * Takes over the results of rounds run on replicas: events and faults are appended in the order
   * given, the listed sessions become `closed`, and the clock and step count are set.
   */
  adopt(results: RoundResults): void {
    const st = this.st;
    st.events.append(results.events);
    for (const f of results.faults) st.faults.push(f);
    for (const sid of results.closedSessions) {
      const s = st.sessionById.get(sid);
      if (s !== undefined) s.phase = 'closed';
    }
    st.clock = results.clock;
    st.stepCount = results.stepCount;
  }

  // ---------------------------------------------------------------- observation (bridge.md §4.6)

  /** The whole-machine state slice of a step state (bridge.md §4.6). */
  slice(): StateSlice {
    return slice(this.st);
  }

  /**
   * Builds the `step_states` entry of one executed step (bridge.md §4.6) from its pre-state slice
   * and outcome; call right after {@link step}.
   */
  stepState(stepIndex: number, pre: StateSlice, outcome: StepOutcome): StepState {
    return renderStepState(stepState(this.st, stepIndex, pre, outcome));
  }

  /**
   * {@link stepState} with `selected_type` still the type, for engines that build their output with
   * `bridgeOutput(..., { rawStepStates })` (the text is rendered when the output is read).
   */
  rawStepState(stepIndex: number, pre: StateSlice, outcome: StepOutcome): RawStepState {
    return stepState(this.st, stepIndex, pre, outcome);
  }

  /** Bridge `sessions` (bridge.md §4.4): ascending sid; terminal iff the phase left `active`. */
  sessionStatuses(): { schema_version: string; sid: number; terminal: boolean }[] {
    return sessionStatuses(this.st);
  }

  /** Footprint atoms `sid:role` of a coroutine (machine.md §11.3): owned endpoints and their summaries. */
  footprint(cid: number): string[] {
    return footprint(this.st, cid);
  }

  /**
   * Diagnostics of machine.md §8.4, followed by the keys of `extra` (the threaded block). Add keys
   * here rather than by spreading the answer: a spread reads `machine_trace`, which is built only
   * when read.
   */
  diagnostics<E extends object = object>(engine: 'cooperative' | 'threaded', extra?: E): RunDiagnostics & E {
    const out = diagnostics(this.st, engine);
    return (extra === undefined ? out : Object.assign(out, extra)) as RunDiagnostics & E;
  }
}

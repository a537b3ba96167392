/** The cooperative engine (machine.md §7.3): one step per round on the machine core. */

import type { BridgeError } from '../types/errors.js';
import type { Result } from '../types/result.js';
import { err, ok } from '../types/result.js';
import type { RunRequest, RunResult, StateSlice, StepState } from '../types/bridge.js';
import type { CodeImage, MachineConfig } from '../types/machine.js';
import { machineFromRunRequest } from './loadRunRequest.js';
import { Machine } from './Machine.js';
import { bridgeOutput } from './bridgeOutput.js';
import { renderStepState, type RawStepState } from '../projection/lazyStepStates.js';
import { chargeStep } from './chargeOutput.js';
import { DEFAULT_MAX_OUTPUT_BYTES, OutputBudget, OutputLimitExceeded, outputTooLarge } from '../types/outputBudget.js';

/** Options of {@link runCooperative}. @example `runCooperative(request, { trace: false, schedule: [1, 0] })` @public */
export interface CooperativeOptions {
  /** Pick schedule (machine.md §7.7): non-negative integers; exhausted → default picks. */
  readonly schedule?: readonly number[];
  /** Record events (default true). Off: empty `trace`, no `step_states`, empty `machine_trace`. */
  readonly trace?: boolean;
  /** Record `step_states` (default true; needs `trace`). */
  readonly stepStates?: boolean;
  /** Machine configuration overrides (machine.md §9.1). */
  readonly config?: Partial<MachineConfig>;
  /** Step budget when the input is a code image (a run request brings its own `max_steps`). @defaultValue 1_000_000 */
  readonly maxSteps?: number;
  /** Output limit (bridge.md §7): past it the run stops with `OutputTooLarge`, as a process lane does. @defaultValue 268435456 */
  readonly maxOutputBytes?: number;
}

/**
 * Checks a schedule (machine.md §7.7): `InvalidConfig` unless every entry is a non-negative safe integer.
 * @example `checkSchedule([0, 1, 3]) // ok`
 * @public
 */
export function checkSchedule(schedule: readonly unknown[] | undefined): Result<readonly number[], BridgeError> {
  if (schedule === undefined) return ok([]);
  if (
    Array.isArray(schedule) &&
    schedule.every((e): e is number => typeof e === 'number' && Number.isSafeInteger(e) && e >= 0)
  )
    return ok(schedule);
  const reason = 'schedule entries must be non-negative integers';
  return err({ code: 'InvalidConfig', path: '$.schedule', message: `invalid schedule: ${reason}`, reason });
}

/**
 * Runs the cooperative loop of machine.md §7.3 on a loaded machine: rounds while
 * `steps < maxSteps`, one pick per round, stop when nothing is runnable or all coroutines are
 * terminal. Returns the step states recorded (empty unless `recordStates`).
 * @example `const states = driveCooperative(machine, 64, [], true);`
 * @internal
 */
export function driveCooperative(
  m: Machine,
  maxSteps: number,
  schedule: readonly number[],
  recordStates: boolean,
  budget?: OutputBudget,
): StepState[] {
  return drive(m, maxSteps, schedule, recordStates, budget).map(renderStepState);
}

/** {@link driveCooperative} with the step states' types not yet rendered. */
function drive(
  m: Machine,
  maxSteps: number,
  schedule: readonly number[],
  recordStates: boolean,
  budget: OutputBudget | undefined,
): RawStepState[] {
  const states: RawStepState[] = [];
  // Nothing to record or charge per step: the machine runs the rounds itself.
  if (!recordStates && budget === undefined && schedule.length === 0) {
    m.runRounds(maxSteps);
    return states;
  }
  const start = m.stepCount;
  let si = 0;
  let seen = m.traceLength;
  // The last step's post-state: the next pre-state unless the round changes something (a wake).
  let post: StateSlice | undefined;
  while (m.stepCount - start < maxSteps) {
    const changed = m.beginRound();
    const pre = recordStates ? (changed || post === undefined ? m.slice() : post) : undefined;
    const entry = si < schedule.length ? schedule[si] : undefined;
    const cid = m.pick(entry);
    if (cid === undefined) break;
    if (entry !== undefined) si++;
    const outcome = m.step(cid);
    const state = pre === undefined ? undefined : m.rawStepState(states.length, pre, outcome);
    if (state !== undefined) {
      states.push(state);
      post = state.post_state;
    }
    if (budget !== undefined) seen = chargeStep(budget, m, state, seen);
    if (m.allTerminal()) break;
  }
  return states;
}

/**
 * Runs a `lean_bridge.v1` run request (or a code image) on the cooperative engine and returns the
 * bridge-form output (bridge.md §4.1, `step_states` included) beside the diagnostics
 * (machine.md §8.4). Synchronous and deterministic. Request and load failures are `BridgeError`s
 * (bridge.md §5.3, machine.md §9.5); faults inside the run are trace data.
 * @param input - A run request, or a code image (then `concurrency` is 1 and the budget is `options.maxSteps`).
 * @param options - Schedule, tracing switches and config overrides.
 * @example
 * ```ts
 * const r = runCooperative(request);
 * if (r.ok) console.log(r.value.output.status, r.value.output.steps_executed);
 * ```
 * @public
 */
export function runCooperative(
  input: RunRequest | CodeImage,
  options: CooperativeOptions = {},
): Result<RunResult, BridgeError> {
  try {
    return runCooperativeUnguarded(input, options);
  } catch (e) {
    // Only pathological nesting (tens of thousands of levels exhaust the stack while compiling) gets
    // here: report it as data, with the reference runner's code, path and text, never as a crash.
    if (e instanceof RangeError)
      return err({ code: 'ParseError', path: '$', message: `bad choreography: nesting too deep (${e.message})` });
    throw e;
  }
}

function runCooperativeUnguarded(
  input: RunRequest | CodeImage,
  options: CooperativeOptions,
): Result<RunResult, BridgeError> {
  const schedule = checkSchedule(options.schedule);
  if (!schedule.ok) return schedule;
  const tracing = options.trace ?? true;
  const recordStates = tracing && (options.stepStates ?? true);
  let machine: Machine;
  let concurrency: number | bigint;
  let maxSteps: number;
  if ('program' in input && !('choreographies' in input)) {
    const created = Machine.create(options.config ?? {}, { trace: tracing });
    if (!created.ok) return created;
    machine = created.value;
    const loaded = machine.loadImage(input);
    if (!loaded.ok) return loaded;
    concurrency = 1;
    maxSteps = options.maxSteps ?? 1_000_000;
  } else {
    const loaded = machineFromRunRequest(input, options.config ?? {}, { trace: tracing });
    if (!loaded.ok) return loaded;
    machine = loaded.value.machine;
    concurrency = loaded.value.header.concurrency;
    maxSteps = loaded.value.header.maxSteps;
  }
  const start = machine.stepCount;
  // Only a recording run grows its output with its steps.
  const budget = tracing ? new OutputBudget(options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES) : undefined;
  let rawStepStates: RawStepState[];
  try {
    rawStepStates = drive(machine, maxSteps, schedule.value, recordStates, budget);
  } catch (e) {
    if (e instanceof OutputLimitExceeded) return err(outputTooLarge(e.limitBytes));
    throw e;
  }
  const output = bridgeOutput(machine, { start, concurrency, allTerminal: machine.allTerminal(), rawStepStates });

  return ok({ output, diagnostics: machine.diagnostics('cooperative') });
}

/**
 * `runImageReference`: an independent executor for whole code images (programs, configuration,
 * buffers, scheduler), written in the shape of the Lean semantics
 * (`lean/Runtime/ProtocolMachine/Semantics/*.lean`, `Runtime/Scheduler*.lean`,
 * `Runtime/Failure/*.lean`) and sharing nothing with `src/machine` but types, projection and the
 * `selected_type` renderer. It is the oracle of the `cooperative-vs-reference-images` property.
 */
import { SCHEMA_VERSION, tier2Defaults, type RunDiagnostics, type RunOutput, type RunResult } from '../types/bridge.js';
import type { BridgeError } from '../types/errors.js';
import type { CodeImage } from '../types/machine.js';
import type { FullMachineConfig } from '../types/machineTier2.js';
import { err, ok, type Result } from '../types/result.js';
import { resolveImageConfig } from './_internals/image/config.js';
import { emptyState, loadImage } from './_internals/image/loader.js';
import { bridgeEvent, eventJson, failureVisible } from './_internals/image/observe.js';
import { runRounds } from './_internals/image/runner.js';
import { allTerminal } from './_internals/image/scheduler.js';
import { traceToArray, type PMState } from './_internals/image/state.js';

/** Options of {@link runImageReference}. @example `{ maxSteps: 200, schedule: [1, 0], config: { speculationEnabled: true } }` @public */
export interface ImageReferenceOptions {
  /** Machine configuration (machine.md §9.1 and the Tier-2 fields); missing fields take the defaults. */
  readonly config?: Partial<FullMachineConfig>;
  /** Step budget. @defaultValue 1_000_000 */
  readonly maxSteps?: number;
  /** Pick schedule (machine.md §7.7): non-negative integers; exhausted → default picks. */
  readonly schedule?: readonly number[];
  /** Record `step_states`. @defaultValue true */
  readonly stepStates?: boolean;
}

/** The diagnostics of an image run: machine.md §8.4 with `engine: 'reference'` and the Tier-2 bookkeeping. @public */
export interface ImageReferenceDiagnostics extends RunDiagnostics {
  readonly engine: 'reference';
  /** Transfers' ownership keys and cross-lane handoffs (Lean `SchedState`). */
  readonly ownership: {
    readonly index: readonly { readonly sid: number; readonly role: string; readonly lane: number }[];
    readonly handoffs: readonly unknown[];
  };
}

function checkSchedule(schedule: readonly unknown[] | undefined): BridgeError | null {
  if (schedule === undefined) return null;
  if (Array.isArray(schedule) && schedule.every((e) => typeof e === 'number' && Number.isSafeInteger(e) && e >= 0))
    return null;
  const reason = 'schedule entries must be non-negative integers';
  return { code: 'InvalidConfig', path: '$.schedule', message: `invalid schedule: ${reason}`, reason };
}

function output(st: PMState, steps: number, stepStates: RunOutput['step_states']): RunOutput {
  const trace = [];
  for (const { event } of traceToArray(st.trace)) {
    const b = bridgeEvent(event);
    if (b !== null) trace.push(b);
  }
  return {
    schema_version: SCHEMA_VERSION,
    trace,
    sessions: [...st.sessions]
      .sort((a, b) => a.sid - b.sid)
      .map((s) => ({ schema_version: SCHEMA_VERSION, sid: s.sid, terminal: s.phase !== 'active' })),
    steps_executed: steps,
    concurrency: 1,
    status: allTerminal(st) ? 'completed' : 'stuck',
    step_states: stepStates,
    ...tier2Defaults(),
  };
}

/**
 * Loads the code images (in order, into one machine) and runs them cooperatively, as the Lean
 * semantics prescribe, returning the bridge-form output (bridge.md §4.1, `step_states` included)
 * and the diagnostics of machine.md §8.4 (`machine_trace` with every event, values and sequence
 * numbers). Errors before the run: `InvalidConfig` (schedule, then configuration), then the
 * loader's `validation_failed`, `too_many_sessions`, `too_many_coroutines` (paths `$`, or `$[k]`
 * for the k-th of several images).
 * @param input - A code image, or several loaded in array order (sessions 0, 1, …).
 * @param options - Configuration, step budget, schedule, step states.
 * @example
 * ```ts
 * const r = runImageReference(image, { maxSteps: 64, config: { bufferConfig: { mode: 'fifo', initialCapacity: 1, policy: { kind: 'drop' } } } });
 * if (r.ok) console.log(r.value.output.status, r.value.diagnostics.faults);
 * ```
 * @public
 */
export function runImageReference(
  input: CodeImage | readonly CodeImage[],
  options: ImageReferenceOptions = {},
): Result<{ readonly output: RunOutput; readonly diagnostics: ImageReferenceDiagnostics }, BridgeError> {
  const bad = checkSchedule(options.schedule);
  if (bad !== null) return err(bad);
  const config = resolveImageConfig(options.config ?? {});
  if (!config.ok) return config;
  const images: readonly CodeImage[] = Array.isArray(input) ? input : [input as CodeImage];
  try {
    let st = emptyState(config.value);
    for (const [k, image] of images.entries()) {
      const loaded = loadImage(st, image, Array.isArray(input) ? `$[${k}]` : '$');
      if (!loaded.ok) return loaded;
      st = loaded.value;
    }
    const run = runRounds(st, options.maxSteps ?? 1_000_000, options.schedule ?? [], options.stepStates ?? true);
    const final = run.st;
    const events = traceToArray(final.trace).map(({ event }) => eventJson(event));
    const diagnostics: ImageReferenceDiagnostics = {
      engine: 'reference',
      final_tick: final.clock,
      faults: run.faults,
      machine_trace: events,
      failure_visible: failureVisible(final),
      ownership: {
        index: final.sched.ownershipIndex.map(([ep, lane]) => ({ sid: ep.sid, role: ep.role, lane })),
        handoffs: final.sched.crossLaneHandoffs,
      },
    };
    return ok({ output: output(final, run.steps, run.stepStates), diagnostics });
  } catch (e) {
    // Only pathological nesting (stack exhaustion) gets here; it is data, never a crash.
    if (e instanceof RangeError)
      return err({ code: 'ParseError', path: '$', message: `bad choreography: nesting too deep (${e.message})` });
    throw e;
  }
}

/** Result type of {@link runImageReference} (a {@link RunResult} with the reference diagnostics). @public */
export type ImageReferenceResult = RunResult & { readonly diagnostics: ImageReferenceDiagnostics };

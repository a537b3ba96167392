import type { BridgeEvent, SessionStatusEntry, StepState } from '../../types/bridge.js';
import { TelltaleError } from '../../types/errors.js';
import { rawStepStates, type RawStepState } from '../../projection/lazyStepStates.js';
import { dropNulls } from './jsonEqual.js';
import { machineToBridge } from './machineToBridge.js';
import { fromRustTrace, isRustTrace } from '../fromRustTrace.js';

/**
 * What the comparisons read from any accepted input (bridge.md §9.3 step 1). A field an input lacks
 * is `undefined` and is then not compared.
 * @internal
 */
export interface BridgeForm {
  readonly trace: readonly BridgeEvent[];
  readonly status: string | undefined;
  readonly sessions: readonly SessionStatusEntry[] | undefined;
  readonly stepsExecuted: number | undefined;
  /** Whether the input has a `step_states` list (read it with {@link stepStatesOf}: rendering costs). */
  readonly hasStepStates: boolean;
  /** The lane's raw step states (types not rendered), when the output still holds them. */
  readonly rawStepStates: readonly RawStepState[] | undefined;
  readonly effectTrace: readonly unknown[] | undefined;
  /** The whole output object when the input was one (strict comparison reads every field). */
  readonly output: Readonly<Record<string, unknown>> | undefined;
  readonly diagnostics: Readonly<Record<string, unknown>> | undefined;
  /** Lane recorded in an engine result, if any. */
  readonly lane: string | undefined;
}

/** A field of a failed run's error as text: strings as they are, anything else as JSON. */
function text(v: unknown): string {
  return typeof v === 'string' ? v : (JSON.stringify(v) ?? 'undefined');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

const kMachineOnlyKinds = new Set(['offered', 'chose', 'invoked', 'failure_branch_entered']);

/**
 * A machine trace (machine.md §12) rather than bridge events: machine events carry `edge`,
 * `coroId`/`coro_id` instead of `target`, `sid` instead of `session`, or a machine-only kind.
 */
function looksLikeMachineTrace(trace: readonly unknown[]): boolean {
  for (const e of trace) {
    if (!isRecord(e)) continue;
    if (isRecord(e['edge']) || isRecord(e['endpoint'])) return true;
    const kind = e['kind'];
    if (typeof kind === 'string' && kMachineOnlyKinds.has(kind)) return true;
    if (
      (kind === 'halted' || kind === 'faulted') &&
      e['target'] === undefined &&
      (e['coroId'] !== undefined || e['coro_id'] !== undefined)
    )
      return true;
    if (kind === 'opened' && e['session'] === undefined && Array.isArray(e['roles'])) return true;
    // Bridge events all carry schema_version; one event decides for a homogeneous trace.
    if (typeof e['schema_version'] === 'string') return false;
  }
  return false;
}

function toTrace(raw: unknown, what: string): readonly BridgeEvent[] {
  if (!Array.isArray(raw))
    throw new TelltaleError(
      'InvalidTrace',
      `${what} has no trace array; pass a bridge trace, a run output or an engine result ({ output, diagnostics })`,
    );
  // telltale's Rust runtime writes serde `ObsEvent`s (`{"Sent":{…}}`): read them as the Lean export would.
  if (isRustTrace(raw)) {
    const converted = fromRustTrace(raw);
    if (converted.ok) return converted.value;
    throw new TelltaleError(
      'InvalidTrace',
      `${what} looks like a Rust machine trace but ${converted.error.path} is not a valid ObsEvent: ${converted.error.message}`,
      { path: converted.error.path },
    );
  }
  for (let i = 0; i < raw.length; i += 1) {
    const e: unknown = raw[i];
    // Read only after the object checks before it.
    if (e === null || typeof e !== 'object' || typeof (e as Record<string, unknown>)['kind'] !== 'string') {
      throw new TelltaleError(
        'InvalidTrace',
        `${what}: trace[${i}] is not an event object with a string kind; pass bridge events or machine events`,
        { path: `$.trace[${i}]` },
      );
    }
  }
  if (looksLikeMachineTrace(raw)) return machineToBridge(raw);
  // No copy: comparisons treat null and absent alike; nulls are dropped only from printed events.
  // Every element was checked to be an event object with a string kind above.
  return raw as readonly BridgeEvent[];
}

/**
 * The `step_states` of a bridge form with their texts (reading them renders raw ones). Not a getter
 * on the form: an object-literal accessor gives every form its own hidden class, which keeps the
 * whole output alive through young-generation collections.
 * @internal
 */
export function stepStatesOf(form: BridgeForm): readonly StepState[] | undefined {
  const v = form.output?.['step_states'];
  return Array.isArray(v) ? (v as StepState[]) : undefined;
}

/**
 * Converts an accepted input (bridge event array, machine trace, run output, engine result
 * `{ output, diagnostics }`) to its bridge form. Diagnostics are kept aside, never compared by §9.
 * Throws a {@link TelltaleError} (`InvalidTrace`) on anything else.
 * @internal
 */
export function toBridgeForm(input: unknown, what: string): BridgeForm {
  if (Array.isArray(input)) {
    return {
      trace: toTrace(input, what),
      status: undefined,
      sessions: undefined,
      stepsExecuted: undefined,
      hasStepStates: false,
      rawStepStates: undefined,
      effectTrace: undefined,
      output: undefined,
      diagnostics: undefined,
      lane: undefined,
    };
  }
  if (!isRecord(input)) {
    throw new TelltaleError(
      'InvalidTrace',
      `${what} is ${input === null ? 'null' : typeof input}; pass a bridge trace, a run output or an engine result ({ output, diagnostics })`,
    );
  }
  // A lane's Result: unwrap a success; a failed run cannot be compared and says why.
  if (typeof input['ok'] === 'boolean' && !('trace' in input) && !('output' in input)) {
    if (input['ok'] === true && 'value' in input) return toBridgeForm(input['value'], what);
    const e = isRecord(input['error']) ? input['error'] : {};
    throw new TelltaleError(
      'RunFailed',
      `${what} is a failed run (${text(e['code'] ?? 'error')}: ${text(e['message'] ?? '')}); compare only runs that produced an output`,
    );
  }
  let output = input;
  let diagnostics: Record<string, unknown> | undefined;
  let lane: string | undefined = typeof input['lane'] === 'string' ? input['lane'] : undefined;
  if (isRecord(input['output']) && !Array.isArray(input['trace'])) {
    output = input['output'];
    diagnostics = isRecord(input['diagnostics']) ? input['diagnostics'] : undefined;
    if (lane === undefined && diagnostics !== undefined && typeof diagnostics['engine'] === 'string')
      lane = diagnostics['engine'];
  }
  const status = typeof output['status'] === 'string' ? output['status'] : undefined;
  // The lists below are typed as the run types say; they are compared as JSON values, never trusted
  // field by field, so a malformed entry is a difference, not a crash.
  const sessions = Array.isArray(output['sessions'])
    ? (output['sessions'].map((s: unknown) => dropNulls(s)) as SessionStatusEntry[])
    : undefined;
  const stepsExecuted = typeof output['steps_executed'] === 'number' ? output['steps_executed'] : undefined;
  const rawSteps = rawStepStates(output);
  const hasStepStates = rawSteps !== undefined || Array.isArray(output['step_states']);
  // A run output without effect_trace has the default [] (bridge.md §4.1); a bare trace has none.
  const effectTrace = Array.isArray(output['effect_trace']) ? (output['effect_trace'] as unknown[]) : [];
  return {
    trace: toTrace(output['trace'], what),
    status,
    sessions,
    stepsExecuted,
    hasStepStates,
    rawStepStates: rawSteps,
    effectTrace,
    output,
    diagnostics,
    lane,
  };
}

/**
 * `runReference`: the reference runner's run mode in-process (bridge.md §15) — a second, independent
 * implementation of the Lean runner's execution model, used as the `reference` lane.
 */
import type { RunResult } from '../types/bridge.js';
import type { BridgeError } from '../types/errors.js';
import { err, ok, type Result } from '../types/result.js';
import { OutputLimitExceeded, outputTooLarge } from '../types/outputBudget.js';
import { executeRequest } from './_internals/execute.js';
import { isJsonObject } from './_internals/json.js';
import { loadRequest } from './_internals/loadRequest.js';

/** Options of {@link runReference}. @public */
export interface ReferenceOptions {
  /** Record `step_states` (default true; the runner always does — switch off only for speed). */
  readonly stepStates?: boolean;
  /** Output limit (bridge.md §7): past it the run stops with `OutputTooLarge`, as a process lane does. @defaultValue 268435456 */
  readonly maxOutputBytes?: number;
}

/**
 * Runs one `lean_bridge.v1` run request (already-parsed JSON) as the Lean `protocol_machine_runner`
 * does and returns its bridge-form output (`diagnostics` is always null). The request's
 * `schema_version` is ignored, as the Lean runner ignores it (BR-DEV-03). A hard failure of the runner
 * is a {@link BridgeError} whose `message` is the runner's text (bridge.md §1) and whose `code`/`path`
 * are those of machine.md §9.5 (`ParseError`, `validation_failed`, `too_many_sessions`,
 * `too_many_coroutines`). Integers may be `number` or `bigint`.
 * @example
 * ```ts
 * const r = runReference({ schema_version: 'lean_bridge.v1', choreographies: [], concurrency: 1, max_steps: 8 });
 * if (r.ok) r.value.output.status; // 'completed'
 * ```
 * @public
 */
export function runReference(request: unknown, options: ReferenceOptions = {}): Result<RunResult, BridgeError> {
  if (isJsonObject(request) && typeof request.operation === 'string') {
    return err({
      code: 'ParseError',
      path: '$.operation',
      message: `'${request.operation}' is an operation request, not a run request; use runReferenceOperation`,
    });
  }
  try {
    const loaded = loadRequest(request);
    if (!loaded.ok) return loaded;
    return ok({ output: executeRequest(loaded.value, options), diagnostics: null });
  } catch (e) {
    if (e instanceof OutputLimitExceeded) return err(outputTooLarge(e.limitBytes));
    // Only pathological nesting (stack exhaustion) gets here; report it as data, never as a crash.
    if (e instanceof RangeError)
      return err({ code: 'ParseError', path: '$', message: `bad choreography: nesting too deep (${e.message})` });
    throw e;
  }
}

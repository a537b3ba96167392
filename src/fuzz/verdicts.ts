import type { RunResult } from '../types/bridge.js';
import type { CaseObservation, Execution, PropertyVerdict } from './types.js';

const kPassed: PropertyVerdict = Object.freeze({ pass: true });

/**
 * The passing verdict, optionally with what the case exercised (statistics and features).
 * @example `return passed(observeRequest(request, coop));`
 * @public
 */
export function passed(observation?: CaseObservation): PropertyVerdict {
  return observation === undefined ? kPassed : { pass: true, observation };
}

/**
 * A failing verdict; `executions` are the two runs compared, drawn side by side in the HTML report.
 * @example `return failed('event 3 differs', divergence, 'look at session 0', [execution('cooperative', a), execution('reference', b)]);`
 * @public
 */
export function failed(
  summary: string,
  divergence: unknown = null,
  hint?: string,
  executions?: readonly Execution[],
): PropertyVerdict {
  return {
    pass: false,
    summary,
    divergence,
    ...(hint === undefined ? {} : { hint }),
    ...(executions === undefined ? {} : { executions }),
  };
}

/**
 * One side of a comparison as the report keeps it: the lane's name, status and a plain copy of its
 * bridge-form trace (it crosses from fuzz workers to the campaign).
 * @example `failed(summary, divergence, hint, [execution('cooperative', coop.value), execution('reference', ref.value)])`
 * @public
 */
export function execution(lane: string, result: RunResult): Execution {
  const { trace, status } = result.output;
  return { lane, status, trace: trace.map((event) => ({ ...event })) };
}

/**
 * Thrown by a property's `check` when it finds it cannot run here after all (a lane whose runner
 * disappeared or cannot be started): a set-up problem, never a counterexample. The campaign marks
 * the property SKIPPED with `reason`; replay marks the entry skipped.
 * @example `if (r.error.code === 'BinaryNotFound') throw new PropertySkipped(r.error.message);`
 * @public
 */
export class PropertySkipped extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(reason);
    this.name = 'PropertySkipped';
    this.reason = reason;
  }
}

import type { CaseObservation, PropertyVerdict } from './types.js';

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
 * A failing verdict.
 * @example `return failed('reference rejected the request', divergence, 'compare with --lane ...');`
 * @public
 */
export function failed(summary: string, divergence: unknown = null, hint?: string): PropertyVerdict {
  return hint === undefined ? { pass: false, summary, divergence } : { pass: false, summary, divergence, hint };
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

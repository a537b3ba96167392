import type { BridgeEvent } from '../types/bridge.js';
import { eventSession } from './eventSession.js';
import { canonicalIndices } from './_internals/preparedTrace.js';

/**
 * `canon(t)` of the `ModuloCommutativity` profile (bridge.md §10): the trace is cut into maximal runs
 * of session-carrying events separated by session-less events (barriers stay in place); inside each run
 * events are bucketed by session (per-session order kept) and re-emitted round-robin in ascending
 * session order. Linear in the trace length (plus sorting the sessions of each run).
 *
 * @param trace - A bridge-form trace, usually already tick-normalized.
 * @example
 * ```ts
 * canonicalOrder([sentS2, sentS1, receivedS1]); // [sentS1, sentS2, receivedS1]
 * ```
 * @public
 */
export function canonicalOrder(trace: readonly BridgeEvent[]): BridgeEvent[] {
  const sessions = new Int32Array(trace.length);
  for (let i = 0; i < trace.length; i += 1) sessions[i] = eventSession(trace[i]) ?? -1;
  // canonicalIndices yields a permutation of 0 … trace.length - 1.
  return Array.from(canonicalIndices(sessions), (i) => trace[i] as BridgeEvent);
}

import type { BridgeEvent } from '../types/bridge.js';
import { eventSession } from './eventSession.js';

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
  const out: BridgeEvent[] = [];
  let buckets = new Map<number, BridgeEvent[]>();
  const flush = (): void => {
    if (buckets.size === 0) return;
    const sessions = [...buckets.keys()].sort((a, b) => a - b);
    // Exhausted sessions leave the rotation, so a skewed run stays linear.
    let active = sessions.map((s) => buckets.get(s) as BridgeEvent[]);
    for (let i = 0; active.length > 0; i += 1) {
      const next: BridgeEvent[][] = [];
      for (const l of active) {
        out.push(l[i] as BridgeEvent);
        if (l.length > i + 1) next.push(l);
      }
      active = next;
    }
    buckets = new Map();
  };
  for (const e of trace) {
    const s = eventSession(e);
    if (s === null) {
      flush();
      out.push(e);
      continue;
    }
    const bucket = buckets.get(s);
    if (bucket === undefined) buckets.set(s, [e]);
    else bucket.push(e);
  }
  flush();
  return out;
}

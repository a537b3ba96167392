import type { BridgeEvent } from '../types/bridge.js';
import { eventSession } from './eventSession.js';

/**
 * Per-session tick normalization (bridge.md §9.2), the only semantic normalization: walking the
 * trace in order, an event of session s gets tick = the number of earlier events of s; an event
 * without a session keeps its tick. Nothing is added, removed or reordered; the input is not mutated.
 * Lean rewrites the event's own `tick` (BR-DEV-01), and so do we.
 *
 * @param trace - A bridge-form trace (convert machine traces first with `toBridgeTrace`).
 * @returns A new array of (shallow-copied where changed) events.
 * @example
 * ```ts
 * const t = normalizeTrace(output.trace);
 * t.map((e) => e.tick); // e.g. [0, 0, 1, 10, 1] for (7,s1) (8,s2) (9,s1) (10,-) (11,s2)
 * ```
 * @public
 */
export function normalizeTrace(trace: readonly BridgeEvent[]): BridgeEvent[] {
  const counters = new Map<number, number>();
  const out: BridgeEvent[] = new Array<BridgeEvent>(trace.length);
  for (let i = 0; i < trace.length; i += 1) {
    // i < trace.length.
    const e = trace[i] as BridgeEvent;
    const s = eventSession(e);
    if (s === null) {
      out[i] = e;
      continue;
    }
    const tick = counters.get(s) ?? 0;
    counters.set(s, tick + 1);
    out[i] = e.tick === tick ? e : { ...e, tick };
  }
  return out;
}

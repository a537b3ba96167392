/** How the threaded engine spreads sessions over its threads (machine.md §11.8). */
import type { Machine } from '../../machine/Machine.js';

export interface SessionPartition {
  /** Threads that own at least one session (at least 1). */
  readonly workers: number;
  /** Session ids per thread, ascending. */
  readonly sessionsOf: readonly (readonly number[])[];
  /** Thread of each session id. */
  readonly owner: ReadonlyMap<number, number>;
}

/**
 * Sessions in ascending id order, each to the thread with the fewest roles so far (greedy,
 * deterministic), over at most `limit` threads and at most one thread per session.
 */
export function partitionSessions(m: Machine, limit: number): SessionPartition {
  const sids = m.sessions.map((s) => s.sid).sort((a, b) => a - b);
  const workers = Math.max(1, Math.min(limit, sids.length));
  const load = new Array<number>(workers).fill(0);
  const sessionsOf: number[][] = Array.from({ length: workers }, () => []);
  const owner = new Map<number, number>();
  for (const sid of sids) {
    let best = 0;
    let least = Infinity;
    load.forEach((l, w) => {
      if (l < least) {
        least = l;
        best = w;
      }
    });
    load[best] = least + (m.sessionById.get(sid)?.roles.length ?? 0);
    owner.set(sid, best);
    sessionsOf[best]?.push(sid);
  }
  return { workers, sessionsOf, owner };
}

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
 * Sessions in ascending id order, each to the thread whose load (roles so far, divided by the
 * thread's weight) stays least (greedy, deterministic), over at most `limit` threads and at most
 * one thread per session. `weights[w]` (default 1) is thread w's share of the work: the calling
 * thread of a wave run also plans and merges every round, so it takes fewer sessions.
 */
export function partitionSessions(m: Machine, limit: number, weights: readonly number[] = []): SessionPartition {
  const sids = m.sessions.map((s) => s.sid).sort((a, b) => a - b);
  const workers = Math.max(1, Math.min(limit, sids.length));
  const load = new Array<number>(workers).fill(0);
  const sessionsOf: number[][] = Array.from({ length: workers }, () => []);
  const owner = new Map<number, number>();
  for (const sid of sids) {
    const roles = m.sessionById.get(sid)?.roles.length ?? 0;
    let best = 0;
    let least = Infinity;
    load.forEach((l, w) => {
      const after = (l + roles) / Math.max(1e-9, weights[w] ?? 1);
      if (after < least) {
        least = after;
        best = w;
      }
    });
    load[best] = (load[best] ?? 0) + roles;
    owner.set(sid, best);
    sessionsOf[best]?.push(sid);
  }
  return { workers, sessionsOf, owner };
}

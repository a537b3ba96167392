import type { BridgeEvent } from '../../types/bridge.js';
import { eventSession } from '../eventSession.js';
import { dropNulls, jsonEqual } from './jsonEqual.js';

/**
 * A trace ready for comparison without copying its events: the session of each event (-1 for
 * none), its compared tick (per-session normalized or raw) and, under `ModuloCommutativity`, the
 * canonical order as a permutation of indices. Everything is linear in the trace length.
 * @internal
 */
export interface PreparedTrace {
  readonly events: readonly BridgeEvent[];
  readonly sessions: Int32Array;
  readonly ticks: Float64Array;
  /** `order[p]` = index of the event at compared position p; null = identity. */
  readonly order: Int32Array | null;
  readonly length: number;
}

/** @internal */
export function prepareTrace(
  events: readonly BridgeEvent[],
  ticks: 'per-session' | 'exact',
  canonical: boolean,
): PreparedTrace {
  const n = events.length;
  const sessions = new Int32Array(n);
  const outTicks = new Float64Array(n);
  // Session ids are small in practice (≤ 256 sessions per run): a dense array, a Map past that.
  const dense: number[] = [];
  const sparse = new Map<number, number>();
  for (let i = 0; i < n; i += 1) {
    // i < n = events.length; the index casts below are in range the same way (typed arrays sized n).
    const e = events[i] as BridgeEvent;
    const s = eventSession(e);
    sessions[i] = s ?? -1;
    if (s !== null && ticks === 'per-session') {
      let c: number;
      if (s < 65536) {
        c = dense[s] ?? 0;
        dense[s] = c + 1;
      } else {
        c = sparse.get(s) ?? 0;
        sparse.set(s, c + 1);
      }
      outTicks[i] = c;
    } else {
      outTicks[i] = typeof e.tick === 'number' ? e.tick : Number.NaN;
    }
  }
  return { events, sessions, ticks: outTicks, order: canonical ? canonicalIndices(sessions) : null, length: n };
}

/**
 * `canon()` of bridge.md §10 on indices: maximal runs of session-carrying events between
 * session-less barriers, re-emitted round-robin in ascending session order. Each run is walked as
 * per-session linked lists (no per-session arrays), so the cost is linear plus sorting the sessions
 * of each run.
 * @internal
 */
export function canonicalIndices(sessions: Int32Array): Int32Array {
  const n = sessions.length;
  const out = new Int32Array(n);
  const nextSame = new Int32Array(n).fill(-1);
  let w = 0;
  let i = 0;
  while (i < n) {
    // i < n.
    if ((sessions[i] as number) < 0) {
      out[w++] = i;
      i += 1;
      continue;
    }
    // One run [i, end): heads and tails of each session's list.
    const head = new Map<number, number>();
    const tail = new Map<number, number>();
    let end = i;
    for (; end < n; end += 1) {
      // end < n.
      const s = sessions[end] as number;
      if (s < 0) break;
      const t = tail.get(s);
      if (t === undefined) head.set(s, end);
      else nextSame[t] = end;
      tail.set(s, end);
    }
    const keys = [...head.keys()].sort((a, b) => a - b);
    const cursor = new Int32Array(keys.length);
    keys.forEach((k, j) => {
      // `keys` are exactly the keys of `head`.
      cursor[j] = head.get(k) as number;
    });
    // Round-robin; exhausted sessions are compacted out so every round touches live sessions only.
    let live = keys.length;
    while (live > 0) {
      let kept = 0;
      for (let j = 0; j < live; j += 1) {
        // j < live <= cursor.length; c and next index arrays of length n.
        const c = cursor[j] as number;
        out[w++] = c;
        const next = nextSame[c] as number;
        if (next >= 0) cursor[kept++] = next;
      }
      live = kept;
    }
    i = end;
  }
  return out;
}

/** Index of the event at compared position p. @internal */
export function at(t: PreparedTrace, p: number): number {
  // p is a compared position, < order.length.
  return t.order === null ? p : (t.order[p] as number);
}

/**
 * Equality of the events at positions p and q: compared ticks, then every other field with
 * absent ≡ null (no copies).
 * @internal
 */
export function eventsEqualAt(a: PreparedTrace, p: number, b: PreparedTrace, q: number): boolean {
  const i = at(a, p);
  const j = at(b, q);
  if (a.ticks[i] !== b.ticks[j]) return false;
  // Events are objects (checked by toBridgeForm); i and j come from `at`.
  const x = a.events[i] as Record<string, unknown>;
  const y = b.events[j] as Record<string, unknown>;
  let xCount = 0;
  for (const k in x) {
    if (k === 'tick') continue;
    const v = x[k];
    if (v === null || v === undefined) continue;
    xCount += 1;
    const w = y[k];
    if (v === w) continue;
    if (typeof v !== 'object' || !jsonEqual(v, w)) return false;
  }
  let yCount = 0;
  for (const k in y) {
    if (k === 'tick') continue;
    const v = y[k];
    if (v !== null && v !== undefined) yCount += 1;
  }
  return xCount === yCount;
}

/** The event at position p as compared: nulls dropped, its compared tick in place. @internal */
export function materialize(t: PreparedTrace, p: number): BridgeEvent {
  const i = at(t, p);
  // i comes from `at`, in range.
  const e = dropNulls(t.events[i] as BridgeEvent);
  return { ...e, tick: t.ticks[i] as number };
}

/** Session of the event at position p, or null. @internal */
export function sessionAt(t: PreparedTrace, p: number): number | null {
  // `at` gives an index in range.
  const s = t.sessions[at(t, p)] as number;
  return s < 0 ? null : s;
}

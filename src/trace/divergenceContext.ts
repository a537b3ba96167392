import type { BridgeEvent } from '../types/bridge.js';
import { canonicalOrder } from './canonicalOrder.js';
import type { Divergence } from './divergence.js';
import { eventSession } from './eventSession.js';
import { normalizeTrace } from './normalizeTrace.js';
import { toBridgeForm } from './_internals/bridgeForm.js';
import type { EquivalenceOptions, RunLike } from './observationallyEquivalent.js';

/** One aligned row of {@link DivergenceContext}. @public */
export interface ContextRow {
  /** Index in the session's own event list (session context) or in the compared trace. */
  readonly index: number;
  readonly left: BridgeEvent | null;
  readonly right: BridgeEvent | null;
  /** The row of the divergence itself. */
  readonly at: boolean;
}

/**
 * A few events around a divergence on each side, aligned by session: when the divergence has a
 * session, row k holds the k-th event of that session on each side; otherwise rows follow the
 * compared traces. `null` for divergences that are not about events (`status`, `sessions`, `steps`).
 * @public
 */
export interface DivergenceContext {
  /** `session` when rows are a session's events, `trace` when they are global positions. */
  readonly by: 'session' | 'trace';
  readonly session: number | null;
  readonly rows: readonly ContextRow[];
}

function sessionIndex(trace: readonly BridgeEvent[], upTo: number, session: number): number {
  let k = 0;
  for (let i = 0; i < upTo && i < trace.length; i += 1) if (eventSession(trace[i]) === session) k += 1;
  return k;
}

/**
 * Builds the aligned context of a divergence found by `observationallyEquivalent(left, right, options)`
 * (same inputs and options), for failure messages and reports.
 *
 * @param radius - Events shown before the divergence (and `radius - 1` after). @defaultValue 3
 * @example
 * ```ts
 * const r = observationallyEquivalent(a, b);
 * if (r.divergence) for (const row of divergenceContext(a, b, r.divergence)?.rows ?? []) console.log(row.index, row.left?.kind, row.right?.kind);
 * ```
 * @public
 */
export function divergenceContext(
  left: RunLike,
  right: RunLike,
  divergence: Divergence,
  options: Pick<EquivalenceOptions, 'profile' | 'ticks'> = {},
  radius = 3,
): DivergenceContext | null {
  if (divergence.kind !== 'different' && divergence.kind !== 'missing' && divergence.kind !== 'extra') return null;
  const prep = (input: RunLike, what: string): readonly BridgeEvent[] => {
    const t = toBridgeForm(input, what).trace;
    const ticked = (options.ticks ?? 'per-session') === 'per-session' ? normalizeTrace(t) : t;
    return options.profile === 'ModuloCommutativity' ? canonicalOrder(ticked) : ticked;
  };
  const lt = prep(left, 'left');
  const rt = prep(right, 'right');
  const at = divergence.leftIndex ?? divergence.rightIndex ?? 0;
  const s = divergence.session;
  if (s === null) {
    const rows: ContextRow[] = [];
    for (let i = Math.max(0, at - radius); i < at + radius && (i < lt.length || i < rt.length); i += 1) {
      rows.push({ index: i, left: lt[i] ?? null, right: rt[i] ?? null, at: i === at });
    }
    return { by: 'trace', session: null, rows };
  }
  const ls = lt.filter((e) => eventSession(e) === s);
  const rs = rt.filter((e) => eventSession(e) === s);
  const k = sessionIndex(divergence.leftIndex === null ? rt : lt, at, s);
  const rows: ContextRow[] = [];
  for (let i = Math.max(0, k - radius); i < k + radius && (i < ls.length || i < rs.length); i += 1) {
    rows.push({ index: i, left: ls[i] ?? null, right: rs[i] ?? null, at: i === k });
  }
  return { by: 'session', session: s, rows };
}

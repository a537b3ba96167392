import type { LocalType } from '../types/session.js';

type Rec = Extract<LocalType, { kind: 'rec' }>;

/** For a `rec` node: the first non-`rec` node below its chain of `rec`s, and whether that chain binds the head's name. */
interface Prefix {
  readonly head: LocalType;
  readonly bindsHead: boolean;
}

// Projection asks `guarded` at every `rec` of a chain about the chain below it; remembering each
// rec node's prefix makes a chain of n recs cost O(n) in all instead of O(n²).
const kPrefix = new WeakMap<Rec, Prefix>();

function prefixOf(top: Rec): Prefix {
  const known = kPrefix.get(top);
  if (known !== undefined) return known;
  // Walk down to the first node whose prefix is known (or the head), then fill in upwards.
  const chain: Rec[] = [];
  let n: LocalType = top;
  let below: Prefix | undefined;
  while (n.kind === 'rec') {
    below = kPrefix.get(n);
    if (below !== undefined) break;
    chain.push(n);
    n = n.body;
  }
  let acc: Prefix = below ?? { head: n, bindsHead: false };
  for (let i = chain.length - 1; i >= 0; i--) {
    const r = chain[i] as Rec;
    acc = { head: acc.head, bindsHead: acc.bindsHead || (acc.head.kind === 'var' && acc.head.name === r.var) };
    kPrefix.set(r, acc);
  }
  return acc;
}

/**
 * `guarded(t, X)`: X does not occur at the head of t (projection.md §6.1). Decides whether a
 * projected `rec X` body keeps its binder. Amortised O(1) per call along a chain of `rec`s (the
 * prefix of each rec node is remembered), so projecting n nested `rec`s is linear.
 * @example
 * ```ts
 * guarded({ kind: 'var', name: 't' }, 't'); // false
 * guarded({ kind: 'end' }, 't');            // true
 * ```
 * @public
 */
export function guarded(t: LocalType, x: string): boolean {
  if (t.kind === 'var') return t.name !== x;
  if (t.kind !== 'rec') return true;
  const { head, bindsHead } = prefixOf(t);
  // X is at the head unless a rec on the way down rebinds it first.
  return head.kind !== 'var' || head.name !== x || bindsHead;
}

/*
 * Stack-safe versions of the recursive tree functions. The public functions recurse (fastest for
 * the shapes protocols have) and fall back to these when the JavaScript stack runs out, which only
 * Lean-decoded input can cause (the Lean decoder has no depth limit, §3.2).
 */
import type { GlobalType, Label, LocalBranch, LocalType } from '../../types/session.js';
import { guarded } from '../guarded.js';
import { labelEqual, valTypeEqual } from './equal.js';

type Comm = Extract<LocalType, { kind: 'send' | 'recv' }>;

/** True for the error V8 throws when the call stack is exhausted. */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError;
}

const kEnd: LocalType = Object.freeze({ kind: 'end' });

/** What a node visitor of {@link foldDeep} can ask for. */
export interface DeepScheduler<N, V> {
  /** The node's value is known now. */
  value(v: V): void;
  /** The node's value is the value of `child` (a tail position: no frame kept). */
  visit(child: N): void;
  /** The node's value is `build` of its children's values, in order (`vals.length === children.length`). */
  combine(children: readonly N[], build: (vals: V[]) => V): void;
  /** The node's value is `build` of its one child's value. */
  combine1(child: N, build: (val: V) => V): void;
}

/** A bottom-up fold over a tree with an explicit stack: the one driver of the functions below. */
export function foldDeep<N, V>(root: N, visitNode: (node: N, s: DeepScheduler<N, V>) => void): V {
  type Op =
    | { readonly eval: N }
    | { readonly build: (vals: V[]) => V; readonly n: number }
    | { readonly build1: (val: V) => V };
  const ops: Op[] = [{ eval: root }];
  const vals: V[] = [];
  const s: DeepScheduler<N, V> = {
    value: (v) => {
      vals.push(v);
    },
    visit: (child) => {
      ops.push({ eval: child });
    },
    combine: (children, build) => {
      ops.push({ n: children.length, build });
      for (let i = children.length - 1; i >= 0; i--) {
        const child = children[i];
        if (child !== undefined) ops.push({ eval: child });
      }
    },
    combine1: (child, build1) => {
      ops.push({ build1 }, { eval: child });
    },
  };
  for (let op = ops.pop(); op !== undefined; op = ops.pop()) {
    if ('build' in op) vals.push(op.build(vals.splice(vals.length - op.n, op.n)));
    else if ('build1' in op) {
      const val = vals.pop();
      // Each eval pushes exactly one value before its parent's build runs.
      if (val === undefined) throw new Error('foldDeep: a node left no value');
      vals.push(op.build1(val));
    } else visitNode(op.eval, s);
  }
  const [result] = vals;
  if (result === undefined) throw new Error('foldDeep: the root left no value');
  return result;
}

/** Pairs each branch with its continuation's new value (`vals` is in branch order, one per branch). */
function withContinuations<B, V>(bs: readonly B[], vals: readonly V[]): (readonly [B, V])[] {
  const out: (readonly [B, V])[] = [];
  for (const [i, b] of bs.entries()) {
    const v = vals[i];
    if (v === undefined) throw new Error('foldDeep: a branch left no value');
    out.push([b, v]);
  }
  return out;
}

const continuations = <B extends { readonly continuation: unknown }>(bs: readonly B[]): B['continuation'][] =>
  bs.map((b) => b.continuation);

/** Iterative `projectCore` (§6.1). */
export function projectCoreDeep(root: GlobalType, role: string): LocalType {
  return foldDeep<GlobalType, LocalType>(root, (g, s) => {
    switch (g.kind) {
      case 'end':
        return s.value(kEnd);
      case 'var':
        return s.value(g);
      case 'rec':
        return s.combine1(g.body, (body) => (guarded(body, g.var) ? { kind: 'rec', var: g.var, body } : kEnd));
      case 'comm': {
        if (role === g.sender || role === g.receiver) {
          const bs = g.branches;
          return s.combine(continuations(bs), (conts) => {
            const branches = withContinuations(bs, conts).map(([b, continuation]): LocalBranch => ({
              label: b.label,
              continuation,
            }));
            return role === g.sender
              ? { kind: 'send', partner: g.receiver, branches }
              : { kind: 'recv', partner: g.sender, branches };
          });
        }
        return g.branches[0] === undefined ? s.value(kEnd) : s.visit(g.branches[0].continuation);
      }
      case 'delegate': {
        if (role !== g.delegator && role !== g.delegatee) return s.visit(g.continuation);
        return s.combine1(g.continuation, (cont) => {
          const branch: LocalBranch = {
            label: { name: '_delegate', sort: 'unit' },
            continuation: cont,
            payload: { kind: 'chan', sid: g.session_id, role: g.role },
          };
          return role === g.delegator
            ? { kind: 'send', partner: g.delegatee, branches: [branch] }
            : { kind: 'recv', partner: g.delegator, branches: [branch] };
        });
      }
    }
  });
}

/** Iterative rebuild of a local type, node by node (`encodeLocal`, `dual`). */
export function mapLocalDeep(
  root: LocalType,
  comm: (t: Comm, branches: LocalBranch[]) => LocalType,
  leaf: (t: LocalType) => LocalType,
): LocalType {
  return foldDeep<LocalType, LocalType>(root, (t, s) => {
    if (t.kind === 'rec') return s.combine1(t.body, (body) => ({ kind: 'rec', var: t.var, body }));
    if (t.kind === 'send' || t.kind === 'recv') {
      const bs = t.branches;
      return s.combine(continuations(bs), (conts) =>
        comm(
          t,
          withContinuations(bs, conts).map(([b, continuation]) => ({ ...b, continuation })),
        ),
      );
    }
    return s.value(leaf(t));
  });
}

/** Iterative rebuild of a global type (`encodeGlobal`). */
export function mapGlobalDeep(root: GlobalType, label: (l: Label) => Label): GlobalType {
  return foldDeep<GlobalType, GlobalType>(root, (g, s) => {
    switch (g.kind) {
      case 'end':
        return s.value({ kind: 'end' });
      case 'var':
        return s.value({ kind: 'var', name: g.name });
      case 'rec':
        return s.combine1(g.body, (body) => ({ kind: 'rec', var: g.var, body }));
      case 'delegate':
        return s.combine1(g.continuation, (c) => ({
          kind: 'delegate',
          delegator: g.delegator,
          delegatee: g.delegatee,
          session_id: g.session_id,
          role: g.role,
          continuation: c,
        }));
      case 'comm': {
        const bs = g.branches;
        return s.combine(continuations(bs), (conts) => ({
          kind: 'comm',
          sender: g.sender,
          receiver: g.receiver,
          branches: withContinuations(bs, conts).map(([b, continuation]) => ({ label: label(b.label), continuation })),
        }));
      }
    }
  });
}

/** Iterative structural equality of local types. */
export function localEqualDeep(a0: LocalType, b0: LocalType): boolean {
  const work: Array<readonly [LocalType, LocalType]> = [[a0, b0]];
  for (let pair = work.pop(); pair !== undefined; pair = work.pop()) {
    const [a, b] = pair;
    if (a === b) continue;
    if (a.kind !== b.kind) return false;
    if (a.kind === 'var') {
      // b.kind === a.kind (checked above), so b has a's variant, here and in the branches below.
      if (a.name !== (b as typeof a).name) return false;
    } else if (a.kind === 'rec') {
      const r = b as typeof a;
      if (a.var !== r.var) return false;
      work.push([a.body, r.body]);
    } else if (a.kind === 'send' || a.kind === 'recv') {
      const c = b as typeof a;
      if (a.partner !== c.partner || a.branches.length !== c.branches.length) return false;
      for (let i = 0; i < a.branches.length; i++) {
        const x = a.branches[i];
        const y = c.branches[i];
        if (x === undefined || y === undefined) return false;
        if (!labelEqual(x.label, y.label) || !valTypeEqual(x.payload, y.payload)) return false;
        work.push([x.continuation, y.continuation]);
      }
    }
  }
  return true;
}

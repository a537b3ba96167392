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

/** Iterative `projectCore` (§6.1). */
export function projectCoreDeep(root: GlobalType, role: string): LocalType {
  type Op = { readonly eval: GlobalType } | { readonly build: (vals: LocalType[]) => LocalType; readonly n: number };
  const ops: Op[] = [{ eval: root }];
  const vals: LocalType[] = [];
  while (ops.length > 0) {
    const op = ops.pop()!;
    if ('build' in op) {
      const args = vals.splice(vals.length - op.n, op.n);
      vals.push(op.build(args));
      continue;
    }
    const g = op.eval;
    switch (g.kind) {
      case 'end':
        vals.push(kEnd);
        break;
      case 'var':
        vals.push(g);
        break;
      case 'rec':
        ops.push({ n: 1, build: ([body]) => (guarded(body!, g.var) ? { kind: 'rec', var: g.var, body: body! } : kEnd) });
        ops.push({ eval: g.body });
        break;
      case 'comm': {
        if (role === g.sender || role === g.receiver) {
          const bs = g.branches;
          ops.push({
            n: bs.length,
            build: (conts) => {
              const branches = bs.map((b, i): LocalBranch => ({ label: b.label, continuation: conts[i]! }));
              return role === g.sender ? { kind: 'send', partner: g.receiver, branches } : { kind: 'recv', partner: g.sender, branches };
            },
          });
          for (let i = bs.length - 1; i >= 0; i--) ops.push({ eval: bs[i]!.continuation });
        } else if (g.branches[0] === undefined) vals.push(kEnd);
        else ops.push({ eval: g.branches[0].continuation });
        break;
      }
      case 'delegate': {
        if (role === g.delegator || role === g.delegatee) {
          ops.push({
            n: 1,
            build: ([cont]) => {
              const branch: LocalBranch = { label: { name: '_delegate', sort: 'unit' }, continuation: cont!, payload: { kind: 'chan', sid: g.session_id, role: g.role } };
              return role === g.delegator ? { kind: 'send', partner: g.delegatee, branches: [branch] } : { kind: 'recv', partner: g.delegator, branches: [branch] };
            },
          });
        }
        ops.push({ eval: g.continuation });
        break;
      }
    }
  }
  return vals[0]!;
}

/** Iterative rebuild of a local type, node by node (`encodeLocal`, `dual`). */
export function mapLocalDeep(root: LocalType, comm: (t: Comm, branches: LocalBranch[]) => LocalType, leaf: (t: LocalType) => LocalType): LocalType {
  type Op = { readonly eval: LocalType } | { readonly build: (vals: LocalType[]) => LocalType; readonly n: number };
  const ops: Op[] = [{ eval: root }];
  const vals: LocalType[] = [];
  while (ops.length > 0) {
    const op = ops.pop()!;
    if ('build' in op) {
      const args = vals.splice(vals.length - op.n, op.n);
      vals.push(op.build(args));
      continue;
    }
    const t = op.eval;
    if (t.kind === 'rec') {
      ops.push({ n: 1, build: ([body]) => ({ kind: 'rec', var: t.var, body: body! }) });
      ops.push({ eval: t.body });
    } else if (t.kind === 'send' || t.kind === 'recv') {
      const bs = t.branches;
      ops.push({ n: bs.length, build: (conts) => comm(t, bs.map((b, i) => ({ ...b, continuation: conts[i]! }))) });
      for (let i = bs.length - 1; i >= 0; i--) ops.push({ eval: bs[i]!.continuation });
    } else vals.push(leaf(t));
  }
  return vals[0]!;
}

/** Iterative rebuild of a global type (`encodeGlobal`). */
export function mapGlobalDeep(root: GlobalType, label: (l: Label) => Label): GlobalType {
  type Op = { readonly eval: GlobalType } | { readonly build: (vals: GlobalType[]) => GlobalType; readonly n: number };
  const ops: Op[] = [{ eval: root }];
  const vals: GlobalType[] = [];
  while (ops.length > 0) {
    const op = ops.pop()!;
    if ('build' in op) {
      const args = vals.splice(vals.length - op.n, op.n);
      vals.push(op.build(args));
      continue;
    }
    const g = op.eval;
    switch (g.kind) {
      case 'end':
        vals.push({ kind: 'end' });
        break;
      case 'var':
        vals.push({ kind: 'var', name: g.name });
        break;
      case 'rec':
        ops.push({ n: 1, build: ([body]) => ({ kind: 'rec', var: g.var, body: body! }) });
        ops.push({ eval: g.body });
        break;
      case 'delegate':
        ops.push({
          n: 1,
          build: ([c]) => ({ kind: 'delegate', delegator: g.delegator, delegatee: g.delegatee, session_id: g.session_id, role: g.role, continuation: c! }),
        });
        ops.push({ eval: g.continuation });
        break;
      case 'comm': {
        const bs = g.branches;
        ops.push({
          n: bs.length,
          build: (conts) => ({ kind: 'comm', sender: g.sender, receiver: g.receiver, branches: bs.map((b, i) => ({ label: label(b.label), continuation: conts[i]! })) }),
        });
        for (let i = bs.length - 1; i >= 0; i--) ops.push({ eval: bs[i]!.continuation });
        break;
      }
    }
  }
  return vals[0]!;
}

/** Iterative structural equality of local types. */
export function localEqualDeep(a0: LocalType, b0: LocalType): boolean {
  const work: Array<readonly [LocalType, LocalType]> = [[a0, b0]];
  while (work.length > 0) {
    const [a, b] = work.pop()!;
    if (a === b) continue;
    if (a.kind !== b.kind) return false;
    if (a.kind === 'var') {
      if (a.name !== (b as typeof a).name) return false;
    } else if (a.kind === 'rec') {
      const r = b as typeof a;
      if (a.var !== r.var) return false;
      work.push([a.body, r.body]);
    } else if (a.kind === 'send' || a.kind === 'recv') {
      const c = b as typeof a;
      if (a.partner !== c.partner || a.branches.length !== c.branches.length) return false;
      for (let i = 0; i < a.branches.length; i++) {
        const x = a.branches[i]!;
        const y = c.branches[i]!;
        if (!labelEqual(x.label, y.label) || !valTypeEqual(x.payload, y.payload)) return false;
        work.push([x.continuation, y.continuation]);
      }
    }
  }
  return true;
}

/** The machine's de Bruijn local types (machine.md §3.1): conversion and one-level unfold. */

import type { LocalType, ValType } from '../types/session.js';
import type { SessionBranch, SessionType } from '../types/machine.js';
import { valTypeEquals } from './values.js';

const END: SessionType = Object.freeze({ kind: 'end' });

/**
 * Converts a named local type (projection output, `LocalTypeR`) to the machine's de Bruijn form
 * (Lean `localTypeRToLocalType`): single annotated branches become `send`/`recv`, everything
 * else `select`/`branch`; `var x` → index of the innermost binder named x (unbound → 0).
 * Linear and stack-safe at any depth (projection.md §3.2).
 * @example
 * ```ts
 * toSessionType({ kind: 'rec', var: 't', body: { kind: 'var', name: 't' } }); // mu(var 0)
 * ```
 * @public
 */
export function toSessionType(t: LocalType, binders: readonly string[] = []): SessionType {
  // Binder positions by name (innermost last), so a variable resolves in O(1) however deep it sits.
  const bound = new Map<string, number[]>();
  const bind = (name: string, at: number): void => {
    const at_ = bound.get(name);
    if (at_ === undefined) bound.set(name, [at]);
    else at_.push(at);
  };
  binders.forEach(bind);
  let depth = binders.length;
  // An explicit stack (types nest 100k levels deep): an entry is a node to convert, or how to
  // assemble a node from the values its children left on `vals`.
  type Op =
    | LocalType
    | { readonly unbind: string }
    | { readonly mu: true }
    | { readonly annotated: Extract<LocalType, { kind: 'send' | 'recv' }> }
    | { readonly choice: Extract<LocalType, { kind: 'send' | 'recv' }> };
  const ops: Op[] = [t];
  const vals: SessionType[] = [];
  for (let op = ops.pop(); op !== undefined; op = ops.pop()) {
    if ('kind' in op) {
      switch (op.kind) {
        case 'end':
          vals.push(END);
          break;
        case 'var': {
          const at = bound.get(op.name);
          const innermost = at === undefined ? undefined : at[at.length - 1];
          vals.push({ kind: 'var', index: innermost === undefined ? 0 : depth - 1 - innermost });
          break;
        }
        case 'rec':
          bind(op.var, depth++);
          ops.push({ mu: true }, { unbind: op.var }, op.body);
          break;
        case 'send':
        case 'recv': {
          const first = op.branches[0];
          if (first === undefined) vals.push(END);
          else if (op.branches.length === 1 && first.payload !== undefined) {
            ops.push({ annotated: op }, first.continuation);
          } else {
            ops.push({ choice: op });
            for (let k = op.branches.length - 1; k >= 0; k--) {
              ops.push((op.branches[k] as (typeof op.branches)[number]).continuation);
            }
          }
          break;
        }
      }
    } else if ('unbind' in op) {
      bound.get(op.unbind)?.pop();
      depth--;
    } else if ('mu' in op) {
      vals.push({ kind: 'mu', body: vals.pop() as SessionType });
    } else if ('annotated' in op) {
      const n = op.annotated;
      // One branch with a payload (checked when this op was pushed).
      const payload = n.branches[0]?.payload as ValType;
      vals.push({ kind: n.kind, partner: n.partner, payload, cont: vals.pop() as SessionType });
    } else {
      const n = op.choice;
      const conts = vals.splice(vals.length - n.branches.length, n.branches.length);
      // A loop, not `map`: see `packedBranches`.
      const branches: SessionBranch[] = [];
      for (let k = 0; k < conts.length; k++)
        branches.push({
          label: (n.branches[k] as (typeof n.branches)[number]).label.name,
          cont: conts[k] as SessionType,
        });
      vals.push({ kind: n.kind === 'send' ? 'select' : 'branch', partner: n.partner, branches });
    }
  }
  return vals[0] as SessionType;
}

/**
 * `branches` with continuations `conts`, built by pushes: V8's `map` sometimes returns a holey
 * array (its slow path), and one holey branch list among packed ones changes the session types'
 * field types, which deoptimizes the machine's whole step path in the middle of a run.
 */
function packedBranches(branches: readonly SessionBranch[], conts: readonly SessionType[]): SessionBranch[] {
  const out: SessionBranch[] = [];
  for (let k = 0; k < branches.length; k++)
    out.push({ label: (branches[k] as SessionBranch).label, cont: conts[k] as SessionType });
  return out;
}

/** `t[n := r]` (no shifting: `r` is the closed `mu` being unfolded), on an explicit stack. */
function subst(t: SessionType, n: number, r: SessionType): SessionType {
  type Op =
    | { readonly t: SessionType; readonly n: number }
    | { readonly mu: true }
    | { readonly comm: Extract<SessionType, { kind: 'send' | 'recv' }> }
    | { readonly choice: Extract<SessionType, { kind: 'select' | 'branch' }> };
  const ops: Op[] = [{ t, n }];
  const vals: SessionType[] = [];
  for (let op = ops.pop(); op !== undefined; op = ops.pop()) {
    if ('t' in op) {
      const u = op.t;
      switch (u.kind) {
        case 'end':
          vals.push(u);
          break;
        case 'var':
          vals.push(u.index === op.n ? r : u);
          break;
        case 'mu':
          ops.push({ mu: true }, { t: u.body, n: op.n + 1 });
          break;
        case 'send':
        case 'recv':
          ops.push({ comm: u }, { t: u.cont, n: op.n });
          break;
        case 'select':
        case 'branch':
          ops.push({ choice: u });
          for (let k = u.branches.length - 1; k >= 0; k--) {
            ops.push({ t: (u.branches[k] as SessionBranch).cont, n: op.n });
          }
          break;
      }
    } else if ('mu' in op) {
      vals.push({ kind: 'mu', body: vals.pop() as SessionType });
    } else if ('comm' in op) {
      const u = op.comm;
      vals.push({ kind: u.kind, partner: u.partner, payload: u.payload, cont: vals.pop() as SessionType });
    } else {
      const u = op.choice;
      const conts = vals.splice(vals.length - u.branches.length, u.branches.length);
      vals.push({ kind: u.kind, partner: u.partner, branches: packedBranches(u.branches, conts) });
    }
  }
  return vals[0] as SessionType;
}

// Types are immutable, and a loop re-enters the very `mu` object each iteration, so caching by
// identity makes steady-state unfolding allocation-free.
const unfoldCache = new WeakMap<SessionType, SessionType>();

/**
 * One-level unfold (Lean `LocalType.unfold`): `mu(L)` → `L[0 := mu(L)]`; anything else unchanged.
 * A `mu` directly under a `mu` stays a `mu` (MD-07).
 * @example `unfold({ kind: 'mu', body: { kind: 'var', index: 0 } }) // the mu itself`
 * @public
 */
export function unfold(t: SessionType): SessionType {
  if (t.kind !== 'mu') return t;
  let u = unfoldCache.get(t);
  if (u === undefined) {
    u = subst(t.body, 0, t);
    unfoldCache.set(t, u);
  }
  return u;
}

/**
 * Structural equality of de Bruijn types (labels, partners, payload annotations); stack-safe.
 * @example `sessionTypeEquals({ kind: 'end' }, { kind: 'end' }) // true`
 * @public
 */
export function sessionTypeEquals(a0: SessionType, b0: SessionType): boolean {
  const work: SessionType[] = [a0, b0];
  while (work.length > 0) {
    // Pushed in pairs: b on top of a.
    const b = work.pop() as SessionType;
    const a = work.pop() as SessionType;
    if (a === b) continue;
    if (a.kind !== b.kind) return false;
    switch (a.kind) {
      case 'end':
        break;
      case 'var':
        if (a.index !== (b as typeof a).index) return false;
        break;
      case 'mu':
        work.push(a.body, (b as typeof a).body);
        break;
      case 'send':
      case 'recv': {
        const c = b as typeof a;
        if (a.partner !== c.partner || !valTypeEquals(a.payload, c.payload)) return false;
        work.push(a.cont, c.cont);
        break;
      }
      case 'select':
      case 'branch': {
        const c = b as typeof a;
        if (a.partner !== c.partner || a.branches.length !== c.branches.length) return false;
        for (let k = 0; k < a.branches.length; k++) {
          const x = a.branches[k] as SessionBranch;
          const y = c.branches[k] as SessionBranch;
          if (x.label !== y.label) return false;
          work.push(x.cont, y.cont);
        }
        break;
      }
    }
  }
  return true;
}

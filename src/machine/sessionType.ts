/** The machine's de Bruijn local types (machine.md §3.1): conversion and one-level unfold. */

import type { LocalType } from '../types/session.js';
import type { SessionType } from '../types/machine.js';

const END: SessionType = Object.freeze({ kind: 'end' });

/**
 * Converts a named local type (projection output, `LocalTypeR`) to the machine's de Bruijn form
 * (Lean `localTypeRToLocalType`): single annotated branches become `send`/`recv`, everything
 * else `select`/`branch`; `var x` → index of the innermost binder named x (unbound → 0).
 * @example
 * ```ts
 * toSessionType({ kind: 'rec', var: 't', body: { kind: 'var', name: 't' } }); // mu(var 0)
 * ```
 * @public
 */
export function toSessionType(t: LocalType, binders: readonly string[] = []): SessionType {
  switch (t.kind) {
    case 'end':
      return END;
    case 'var': {
      for (let i = binders.length - 1; i >= 0; i--) {
        if (binders[i] === t.name) return { kind: 'var', index: binders.length - 1 - i };
      }
      return { kind: 'var', index: 0 };
    }
    case 'rec':
      return { kind: 'mu', body: toSessionType(t.body, [...binders, t.var]) };
    case 'send':
    case 'recv': {
      if (t.branches.length === 0) return END;
      const first = t.branches[0];
      if (t.branches.length === 1 && first !== undefined && first.payload !== undefined) {
        return {
          kind: t.kind,
          partner: t.partner,
          payload: first.payload,
          cont: toSessionType(first.continuation, binders),
        };
      }
      return {
        kind: t.kind === 'send' ? 'select' : 'branch',
        partner: t.partner,
        branches: t.branches.map((b) => ({ label: b.label.name, cont: toSessionType(b.continuation, binders) })),
      };
    }
  }
}

function subst(t: SessionType, n: number, r: SessionType): SessionType {
  switch (t.kind) {
    case 'end':
      return t;
    case 'var':
      return t.index === n ? r : t;
    case 'mu':
      return { kind: 'mu', body: subst(t.body, n + 1, r) };
    case 'send':
    case 'recv':
      return { kind: t.kind, partner: t.partner, payload: t.payload, cont: subst(t.cont, n, r) };
    case 'select':
    case 'branch':
      return {
        kind: t.kind,
        partner: t.partner,
        branches: t.branches.map((b) => ({ label: b.label, cont: subst(b.cont, n, r) })),
      };
  }
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
 * Structural equality of de Bruijn types (labels, partners, payload annotations).
 * @example `sessionTypeEquals({ kind: 'end' }, { kind: 'end' }) // true`
 * @public
 */
export function sessionTypeEquals(a: SessionType, b: SessionType): boolean {
  if (a === b) return true;
  switch (a.kind) {
    case 'end':
      return b.kind === 'end';
    case 'var':
      return b.kind === 'var' && a.index === b.index;
    case 'mu':
      return b.kind === 'mu' && sessionTypeEquals(a.body, b.body);
    case 'send':
    case 'recv':
      return (
        b.kind === a.kind &&
        a.partner === b.partner &&
        JSON.stringify(a.payload) === JSON.stringify(b.payload) &&
        sessionTypeEquals(a.cont, b.cont)
      );
    case 'select':
    case 'branch':
      return (
        b.kind === a.kind &&
        a.partner === b.partner &&
        a.branches.length === b.branches.length &&
        a.branches.every((x, i) => {
          const y = b.branches[i];
          return y !== undefined && x.label === y.label && sessionTypeEquals(x.cont, y.cont);
        })
      );
  }
}

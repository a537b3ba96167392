/**
 * The machine's de Bruijn local types for the image executor (Lean `Protocol.LocalType`):
 * conversion from the named form with payload annotations (`localTypeRToLocalType`, machine.md
 * §3.1), one-level unfolding, structural matching (`ExecSpeculation.localTypeMatches`) and the
 * loader's structural equality of named types (`Loader.localTypeREq`).
 */
import type { SessionBranch, SessionType } from '../../../types/machine.js';
import type { LocalType, Sort } from '../../../types/session.js';
import { sameValType } from './values.js';

/**
 * `localTypeRToLocalType`: a single annotated branch is a typed `send`/`recv`; an unannotated
 * single branch and every multi-branch message are `select`/`branch`; `var x` is the distance to
 * the innermost binder named `x` (0 when unbound).
 */
export function toDeBruijn(t: LocalType, binders: readonly string[] = []): SessionType {
  switch (t.kind) {
    case 'end':
      return { kind: 'end' };
    case 'var': {
      const at = binders.lastIndexOf(t.name);
      return { kind: 'var', index: at < 0 ? 0 : binders.length - 1 - at };
    }
    case 'rec':
      return { kind: 'mu', body: toDeBruijn(t.body, [...binders, t.var]) };
    case 'send':
    case 'recv': {
      const [only, second] = t.branches;
      if (only === undefined) return { kind: 'end' };
      if (second === undefined && only.payload !== undefined) {
        return {
          kind: t.kind,
          partner: t.partner,
          payload: only.payload,
          cont: toDeBruijn(only.continuation, binders),
        };
      }
      const branches: SessionBranch[] = t.branches.map((b) => ({
        label: b.label.name,
        cont: toDeBruijn(b.continuation, binders),
      }));
      return { kind: t.kind === 'send' ? 'select' : 'branch', partner: t.partner, branches };
    }
  }
}

/** Lean `LocalType.subst n R`. */
function subst(t: SessionType, n: number, r: SessionType): SessionType {
  switch (t.kind) {
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
    case 'end':
      return t;
    case 'var':
      return t.index === n ? r : t;
    case 'mu':
      return { kind: 'mu', body: subst(t.body, n + 1, r) };
  }
}

/** Lean `LocalType.unfold`: `mu L ↦ L[0 := mu L]`, one level only. */
export function unfoldOnce(t: SessionType): SessionType {
  return t.kind === 'mu' ? subst(t.body, 0, t) : t;
}

/** `ExecSpeculation.localTypeMatches`: same constructors, partners, payload types, labels. */
export function localTypeMatches(a: SessionType, b: SessionType): boolean {
  switch (a.kind) {
    case 'send':
    case 'recv':
      return (
        b.kind === a.kind &&
        a.partner === b.partner &&
        sameValType(a.payload, b.payload) &&
        localTypeMatches(a.cont, b.cont)
      );
    case 'select':
    case 'branch':
      return (
        b.kind === a.kind &&
        a.partner === b.partner &&
        a.branches.length === b.branches.length &&
        a.branches.every((x, i) => {
          const y = b.branches[i] as SessionBranch;
          return x.label === y.label && localTypeMatches(x.cont, y.cont);
        })
      );
    case 'end':
      return b.kind === 'end';
    case 'var':
      return b.kind === 'var' && a.index === b.index;
    case 'mu':
      return b.kind === 'mu' && localTypeMatches(a.body, b.body);
  }
}

function sameSort(a: Sort, b: Sort): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if ('vector' in a) return 'vector' in b && a.vector === b.vector;
  return 'prod' in b && sameSort(a.prod[0], b.prod[0]) && sameSort(a.prod[1], b.prod[1]);
}

/** `Loader.localTypeREq`: labels (name and sort), annotations, partners, μ/variable names. */
export function localTypeREq(a: LocalType, b: LocalType): boolean {
  switch (a.kind) {
    case 'end':
      return b.kind === 'end';
    case 'var':
      return b.kind === 'var' && a.name === b.name;
    case 'rec':
      return b.kind === 'rec' && a.var === b.var && localTypeREq(a.body, b.body);
    case 'send':
    case 'recv':
      return (
        b.kind === a.kind &&
        a.partner === b.partner &&
        a.branches.length === b.branches.length &&
        a.branches.every((x, i) => {
          const y = b.branches[i];
          if (y === undefined || x.label.name !== y.label.name || !sameSort(x.label.sort, y.label.sort)) return false;
          const same =
            x.payload === undefined || y.payload === undefined
              ? x.payload === y.payload
              : sameValType(x.payload, y.payload);
          return same && localTypeREq(x.continuation, y.continuation);
        })
      );
  }
}

/**
 * Shape builders shared by the run-request and code-image arbitraries: a message chain through the
 * roles and a loop around a protocol, applied only where the checked projection still accepts
 * every role (so the result stays loadable), otherwise the input is kept.
 */
import type { GlobalType } from '../../src/types/session.js';
import { projectChecked } from '../../src/projection/projectChecked.js';
import { roles as rolesOf } from '../../src/projection/roles.js';

const unit = (name: string) => ({ name, sort: 'unit' as const });

/** `r0→r1:c. r1→r2:c. … g` over the first `length + 1` roles (length 0 = `g`). @internal */
export function prefixChain(g: GlobalType, roles: readonly string[], length: number): GlobalType {
  let out = g;
  const n = Math.min(length, roles.length - 1);
  for (let i = n - 1; i >= 0; i--) {
    const sender = roles[i];
    const receiver = roles[i + 1];
    if (sender === undefined || receiver === undefined) continue;
    out = { kind: 'comm', sender, receiver, branches: [{ label: unit('c'), continuation: out }] };
  }
  return out;
}

/**
 * `rec L. g[end ↦ var L]`: the protocol repeats forever. The loop variable is fresh for `g`, or with
 * `shadow` the name of `g`'s first binder, which then shadows the loop inside it. @internal
 */
export function loopAround(g: GlobalType, shadow = false): GlobalType {
  const used = new Set<string>();
  const collect = (t: GlobalType): void => {
    if (t.kind === 'rec') {
      used.add(t.var);
      collect(t.body);
    } else if (t.kind === 'comm') for (const b of t.branches) collect(b.continuation);
    else if (t.kind === 'delegate') collect(t.continuation);
  };
  collect(g);
  let v = 'L';
  for (let i = 0; used.has(v); i++) v = `L${i}`;
  const [inner] = used;
  if (shadow && inner !== undefined) v = inner;
  const subst = (t: GlobalType): GlobalType => {
    switch (t.kind) {
      case 'end':
        return { kind: 'var', name: v };
      case 'var':
        return t;
      case 'rec':
        // A binder its body never uses (`rec t. end`) would become `rec t. var L`: a μ directly
        // over a variable, which the machine's one-level unfold cannot run (machine.md MD-07).
        return usesVar(t.body, t.var) ? { kind: 'rec', var: t.var, body: subst(t.body) } : subst(t.body);
      case 'comm':
        return { ...t, branches: t.branches.map((b) => ({ label: b.label, continuation: subst(b.continuation) })) };
      case 'delegate':
        return { ...t, continuation: subst(t.continuation) };
    }
  };
  const body = subst(g);
  // `rec L. rec t. …` is a directly nested μ (MD-07); keep such protocols unlooped.
  return g.kind === 'end' || body.kind === 'rec' || body.kind === 'var' ? g : { kind: 'rec', var: v, body };
}

/**
 * `rec L. g` where only the `end` leaves picked by `mask` (bit i = leaf i, left to right) go back to
 * `L`: a loop that may repeat or exit, the shape the checked projection rejects for every bystander
 * (projection.md §6.2). Without an `end` leaf, or when no leaf is picked, `g` is returned. @internal
 */
export function loopWithExits(g: GlobalType, mask: number, v = 'L'): GlobalType {
  let leaf = 0;
  let picked = 0;
  const subst = (t: GlobalType): GlobalType => {
    switch (t.kind) {
      case 'end': {
        const back = ((mask >>> (leaf++ % 30)) & 1) === 1;
        if (back) picked += 1;
        return back ? { kind: 'var', name: v } : t;
      }
      case 'var':
        return t;
      case 'rec':
        // The binder shadows L inside: keep its body as it is.
        return t.var === v ? t : { kind: 'rec', var: t.var, body: subst(t.body) };
      case 'comm':
        return { ...t, branches: t.branches.map((b) => ({ label: b.label, continuation: subst(b.continuation) })) };
      case 'delegate':
        return { ...t, continuation: subst(t.continuation) };
    }
  };
  const body = subst(g);
  return picked === 0 || g.kind !== 'comm' ? g : { kind: 'rec', var: v, body };
}

function usesVar(t: GlobalType, x: string): boolean {
  switch (t.kind) {
    case 'var':
      return t.name === x;
    case 'end':
      return false;
    case 'rec':
      return t.var !== x && usesVar(t.body, x);
    case 'comm':
      return t.branches.some((b) => usesVar(b.continuation, x));
    case 'delegate':
      return usesVar(t.continuation, x);
  }
}

/** True when the checked projection accepts every role of `g` (projection.md §6.2). @internal */
export function projectableForAll(g: GlobalType): boolean {
  return rolesOf(g).every((r) => projectChecked(g, r).ok);
}

/**
 * `g` with a chain prefix and optionally a loop around it, falling back to less of that where a
 * role would be rejected. @internal
 */
export function deepen(
  g: GlobalType,
  roles: readonly string[],
  chain: number,
  loop: boolean,
  shadow = false,
): GlobalType {
  const chained = prefixChain(g, roles, chain);
  // With `shadow`, a loop whose body opens an inner loop of the same name: `rec L. c. rec L. g[end ↦ L]`.
  const nested = shadow ? [loopAround(prefixChain(loopAround(g), roles, Math.max(1, chain)), true)] : [];
  const candidates = loop ? [...nested, loopAround(chained, shadow), chained, loopAround(g, shadow), g] : [chained, g];
  return candidates.find((c) => c === g || projectableForAll(c)) ?? g;
}

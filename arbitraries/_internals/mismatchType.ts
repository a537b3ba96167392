import type { GlobalType } from '../../src/types/session.js';

/**
 * `s→q { x. r→s:m. g ; y. end }` with `r` a third role: `r` takes part in branch `x` only, so its
 * projection differs between the branches and the checked projection (projection.md §6.2) rejects
 * it (other roles of `g` may be rejected too). Roles rotate with `variant`, so shrinking keeps a
 * 3-role, 2-branch core.
 * @internal
 */
export function mismatchType(g: GlobalType, variant: number, roles: readonly string[] = ['A', 'B', 'C']): GlobalType {
  const pool = roles.length >= 3 ? roles.slice(0, 3) : ['A', 'B', 'C'];
  const s = pool[variant % 3] ?? 'A';
  const q = pool[(variant + 1) % 3] ?? 'B';
  const r = pool[(variant + 2) % 3] ?? 'C';
  const unit = (name: string) => ({ name, sort: 'unit' as const });
  const talk: GlobalType = { kind: 'comm', sender: r, receiver: s, branches: [{ label: unit('m'), continuation: g }] };
  return {
    kind: 'comm',
    sender: s,
    receiver: q,
    branches: [
      { label: unit('x'), continuation: talk },
      { label: unit('y'), continuation: { kind: 'end' } },
    ],
  };
}

import type { GlobalType } from '../../src/types/session.js';

/**
 * `s→q { x. r→s:m. g ; y. end }` with `r` a third role: `r` takes part in branch `x` only, so its
 * projection differs between the branches and the checked projection (projection.md §6.2) rejects
 * it (other roles of `g` may be rejected too). Roles rotate with `variant`, so shrinking keeps a
 * 3-role, 2-branch core. With `rejected` > 1 (and enough roles), that many third roles each talk
 * in branch `x` only (`x. r₁→s:m. r₂→s:m. g`): several roles rejected at once, of which a loader
 * must report the first in code-point order (machine.md §9.5).
 * @internal
 */
export function mismatchType(
  g: GlobalType,
  variant: number,
  roles: readonly string[] = ['A', 'B', 'C'],
  rejected = 1,
): GlobalType {
  const n = Math.max(3, Math.min(roles.length, 2 + rejected));
  const pool = roles.length >= 3 ? roles.slice(0, n) : ['A', 'B', 'C'];
  const at = (k: number): string => pool[(variant + k) % pool.length] ?? 'A';
  const s = at(0);
  const q = at(1);
  const unit = (name: string) => ({ name, sort: 'unit' as const });
  let talk: GlobalType = g;
  for (let k = pool.length - 1; k >= 2; k--)
    talk = { kind: 'comm', sender: at(k), receiver: s, branches: [{ label: unit('m'), continuation: talk }] };
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

import type { LocalType, Sort } from '../../src/types/session.js';

function showSort(s: Sort): string {
  if (typeof s === 'string') return s;
  if ('vector' in s) return `vector(${s.vector})`;
  return `(${showSort(s.prod[0])} × ${showSort(s.prod[1])})`;
}

/**
 * One-line text of a local type in the projection spec's notation: `!B{m:unit. end}` (send),
 * `?B{…}` (receive), `μt. …`, `t`, `end`.
 * @internal
 */
export function showLocal(t: LocalType): string {
  switch (t.kind) {
    case 'end':
      return 'end';
    case 'var':
      return t.name;
    case 'rec':
      return `μ${t.var}. ${showLocal(t.body)}`;
    case 'send':
    case 'recv':
      return `${t.kind === 'send' ? '!' : '?'}${t.partner}{${t.branches.map((b) => `${b.label.name}:${showSort(b.label.sort)}. ${showLocal(b.continuation)}`).join(', ')}}`;
  }
}

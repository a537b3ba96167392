import type { LocalType } from '../types/session.js';
import { isStackOverflow, mapLocalDeep } from './_internals/deep.js';
import { encodeLabel } from './encodeGlobal.js';

/**
 * Canonical encoder of a local type (projection.md §2.5): `kind` first, then table order; the
 * payload annotation of a branch is never serialised.
 * @example
 * ```ts
 * encodeLocal({ kind: 'send', partner: 'B', branches: [{ label: { name: 'm', sort: 'unit' }, continuation: { kind: 'end' } }] });
 * // { kind: 'send', partner: 'B', branches: [{ label: { name: 'm', sort: 'unit' }, continuation: { kind: 'end' } }] }
 * ```
 * @public
 */
export function encodeLocal(t: LocalType): LocalType {
  try {
    return encode(t);
  } catch (e) {
    if (!isStackOverflow(e)) throw e;
    return mapLocalDeep(
      t,
      (c, branches) => ({
        kind: c.kind,
        partner: c.partner,
        branches: branches.map((b) => ({ label: encodeLabel(b.label), continuation: b.continuation })),
      }),
      (leaf) => (leaf.kind === 'var' ? { kind: 'var', name: leaf.name } : { kind: 'end' }),
    );
  }
}

function encode(t: LocalType): LocalType {
  switch (t.kind) {
    case 'end':
      return { kind: 'end' };
    case 'var':
      return { kind: 'var', name: t.name };
    case 'rec':
      return { kind: 'rec', var: t.var, body: encode(t.body) };
    case 'send':
    case 'recv':
      return {
        kind: t.kind,
        partner: t.partner,
        branches: t.branches.map((b) => ({ label: encodeLabel(b.label), continuation: encode(b.continuation) })),
      };
  }
}

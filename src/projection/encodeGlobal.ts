import type { GlobalType, Label, Sort } from '../types/session.js';
import { isStackOverflow, mapGlobalDeep } from './_internals/deep.js';

/** Canonical sort JSON: only the spec's keys (projection.md §2.1). @internal */
export function encodeSort(s: Sort): Sort {
  if (typeof s === 'string') return s;
  if ('vector' in s) return { vector: s.vector };
  // Products nest without bound under the Lean decoder (§3.2): rebuild them on an explicit stack.
  const work: (Sort | null)[] = [s];
  const done: Sort[] = [];
  for (let x = work.pop(); x !== undefined; x = work.pop()) {
    if (x === null) {
      // Two parts were done before their product's marker is reached.
      const right = done.pop() as Sort;
      const left = done.pop() as Sort;
      done.push({ prod: [left, right] });
    } else if (typeof x === 'string') done.push(x);
    else if ('vector' in x) done.push({ vector: x.vector });
    else work.push(null, x.prod[1], x.prod[0]);
  }
  return done[0] as Sort;
}

/** Canonical label JSON: `name`, then `sort` (always written, also for unit). @internal */
export function encodeLabel(l: Label): Label {
  return { name: l.name, sort: encodeSort(l.sort) };
}

/**
 * Canonical encoder of a global type (projection.md §2.5): exactly the fields of §2.3, keys in
 * table order (`kind` first). Returns a plain JSON object; the caller stringifies.
 * @example
 * ```ts
 * JSON.stringify(encodeGlobal({ kind: 'rec', var: 't', body: { kind: 'var', name: 't' } }));
 * // '{"kind":"rec","var":"t","body":{"kind":"var","name":"t"}}'
 * ```
 * @public
 */
export function encodeGlobal(g: GlobalType): GlobalType {
  try {
    return encode(g);
  } catch (e) {
    if (!isStackOverflow(e)) throw e;
    return mapGlobalDeep(g, encodeLabel);
  }
}

function encode(g: GlobalType): GlobalType {
  switch (g.kind) {
    case 'end':
      return { kind: 'end' };
    case 'var':
      return { kind: 'var', name: g.name };
    case 'rec':
      return { kind: 'rec', var: g.var, body: encode(g.body) };
    case 'comm':
      return {
        kind: 'comm',
        sender: g.sender,
        receiver: g.receiver,
        branches: g.branches.map((b) => ({ label: encodeLabel(b.label), continuation: encode(b.continuation) })),
      };
    case 'delegate':
      return {
        kind: 'delegate',
        delegator: g.delegator,
        delegatee: g.delegatee,
        session_id: g.session_id,
        role: g.role,
        continuation: encode(g.continuation),
      };
  }
}

import { err, ok, type Result } from '../types/result.js';
import type { GlobalType, LocalBranch, LocalType, MergeError, ProjectionError } from '../types/session.js';
import { guarded } from './guarded.js';
import { mergeAll } from './merge.js';

class ProjectFailure {
  constructor(readonly error: ProjectionError) {}
}

function mergeFailure(role: string, source: MergeError): ProjectionError {
  const { error, message, ...fields } = source;
  return { error: 'MergeFailure', role, merge_error: error, ...fields, message: `cannot merge branches for role '${role}': ${message}` };
}

function go(g: GlobalType, role: string): LocalType {
  switch (g.kind) {
    case 'end':
      return { kind: 'end' };
    case 'var':
      return { kind: 'var', name: g.name };
    case 'rec': {
      const body = go(g.body, role);
      return guarded(body, g.var) ? { kind: 'rec', var: g.var, body } : { kind: 'end' };
    }
    case 'comm': {
      const bs = g.branches;
      if (bs.length === 0) {
        throw new ProjectFailure({
          error: 'EmptyBranches',
          sender: g.sender,
          receiver: g.receiver,
          message: `empty branches in communication from ${g.sender} to ${g.receiver}`,
        });
      }
      if (role === g.sender || role === g.receiver) {
        const out: LocalBranch[] = bs.map((b) => ({ label: b.label, continuation: go(b.continuation, role) }));
        return role === g.sender ? { kind: 'send', partner: g.receiver, branches: out } : { kind: 'recv', partner: g.sender, branches: out };
      }
      // Every branch is projected before merging, so errors deeper in later branches surface too.
      const projected = bs.map((b) => go(b.continuation, role));
      const merged = mergeAll(projected);
      if (!merged.ok) throw new ProjectFailure(mergeFailure(role, merged.error));
      return merged.value;
    }
    case 'delegate':
      throw new ProjectFailure({ error: 'UnsupportedKind', kind: 'delegate', message: "unsupported global kind 'delegate' in merge projection" });
  }
}

/**
 * Projection with merge, as Rust computes it (projection.md §7): a bystander's branch projections
 * are merged; an empty choice anywhere fails for every role (`EmptyBranches`); `delegate` gives
 * `UnsupportedKind`. A separate API: runs always use {@link projectChecked}.
 * @example
 * ```ts
 * // W2: A→B{l1. B→C{zeta:nat. end}, l2. B→C{alpha:bool. end}}
 * project(g, 'C'); // { ok: true, value: ?B{alpha:bool. end, zeta:nat. end} }
 * ```
 * @public
 */
export function project(g: GlobalType, role: string): Result<LocalType, ProjectionError> {
  try {
    return ok(go(g, role));
  } catch (e) {
    if (e instanceof ProjectFailure) return err(e.error);
    throw e;
  }
}

import { err, ok, type Result } from '../types/result.js';
import type { GlobalType, LocalBranch, LocalType, MergeError, ProjectionError } from '../types/session.js';
import { guarded } from './guarded.js';
import { mergeAllDeep } from './merge.js';
import { runDeep, type DeepCall } from './_internals/runDeep.js';

function mergeFailure(role: string, source: MergeError): ProjectionError {
  const { error, message, ...fields } = source;
  return {
    error: 'MergeFailure',
    role,
    merge_error: error,
    ...fields,
    message: `cannot merge branches for role '${role}': ${message}`,
  };
}

/** Recursion result: a local type, or the first error (errors are returned, not thrown: throwing through the recursion was two orders of magnitude slower). The recursion runs on {@link runDeep}: stack-safe at any depth. */
type Step = { readonly t: LocalType; readonly e?: undefined } | { readonly e: ProjectionError };

function* go(g: GlobalType, role: string): DeepCall<Step> {
  switch (g.kind) {
    case 'end':
      return { t: { kind: 'end' } };
    case 'var':
      return { t: { kind: 'var', name: g.name } };
    case 'rec': {
      const body = (yield go(g.body, role)) as Step;
      if (body.e !== undefined) return body;
      return { t: guarded(body.t, g.var) ? { kind: 'rec', var: g.var, body: body.t } : { kind: 'end' } };
    }
    case 'comm': {
      const bs = g.branches;
      if (bs.length === 0) {
        return {
          e: {
            error: 'EmptyBranches',
            sender: g.sender,
            receiver: g.receiver,
            message: `empty branches in communication from ${g.sender} to ${g.receiver}`,
          },
        };
      }
      // Every branch is projected before merging, so an error deeper in a later branch still surfaces.
      const conts: LocalType[] = [];
      for (const b of bs) {
        const r = (yield go(b.continuation, role)) as Step;
        if (r.e !== undefined) return r;
        conts.push(r.t);
      }
      if (role === g.sender || role === g.receiver) {
        const out: LocalBranch[] = [];
        for (let i = 0; i < bs.length; i++) {
          const b = bs[i];
          const continuation = conts[i];
          if (b !== undefined && continuation !== undefined) out.push({ label: b.label, continuation });
        }
        return {
          t:
            role === g.sender
              ? { kind: 'send', partner: g.receiver, branches: out }
              : { kind: 'recv', partner: g.sender, branches: out },
        };
      }
      const merged = (yield mergeAllDeep(conts)) as Result<LocalType, MergeError>;
      return merged.ok ? { t: merged.value } : { e: mergeFailure(role, merged.error) };
    }
    case 'delegate':
      return {
        e: {
          error: 'UnsupportedKind',
          kind: 'delegate',
          message: "unsupported global kind 'delegate' in merge projection",
        },
      };
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
  const r = runDeep(go(g, role));
  return r.e === undefined ? ok(r.t) : err(r.e);
}

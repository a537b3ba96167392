import { err, ok, type Result } from '../types/result.js';
import type { LocalType, GlobalType, ProjectionError } from '../types/session.js';
import { project } from './project.js';
import { rolesSorted } from './rolesSorted.js';

/**
 * A `project` failure with the role whose projection failed first (roles in code-point order).
 * @example `{ error: 'EmptyBranches', sender: 'A', receiver: 'B', message: 'empty branches in communication from A to B', failed_role: 'A' }`
 * @public
 */
export type ProjectAllError = ProjectionError & { readonly failed_role: string };

/**
 * {@link project} for every role, iterating {@link rolesSorted} (Rust `project_all`); the first
 * failure wins and carries `failed_role` (projection.md §7.3).
 * @example
 * ```ts
 * projectAll(g); // { ok: true, value: { A: ..., B: ... } } or { ok: false, error: { error: 'MergeFailure', ..., failed_role: 'C' } }
 * ```
 * @public
 */
export function projectAll(g: GlobalType): Result<Record<string, LocalType>, ProjectAllError> {
  const out: Record<string, LocalType> = {};
  for (const role of rolesSorted(g)) {
    const r = project(g, role);
    if (!r.ok) return err({ ...r.error, failed_role: role });
    out[role] = r.value;
  }
  return ok(out);
}

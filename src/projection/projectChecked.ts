import { err, ok, type Result } from '../types/result.js';
import type { GlobalType, LocalType, ProjectionRejected } from '../types/session.js';
import { checkProjection } from './checkProjection.js';
import { projectCore } from './projectCore.js';

/**
 * Checked projection = Lean `projectR?` (projection.md §6.2): `projectCore(g, role)` if
 * {@link checkProjection} accepts it, else a `ProjectionRejected` error with the Lean loader's text.
 * This is what every engine uses to load a run request.
 * @example
 * ```ts
 * // W3: A→B{l1. C→B{x. end}, l2. C→B{y. end}}
 * projectChecked(g, 'C'); // { ok: false, error: { error: 'ProjectionRejected', role: 'C', message: 'projection mismatch for role C' } }
 * ```
 * @public
 */
export function projectChecked(g: GlobalType, role: string): Result<LocalType, ProjectionRejected> {
  const local = projectCore(g, role);
  if (checkProjection(g, role, local)) return ok(local);
  return err({ error: 'ProjectionRejected', role, message: `projection mismatch for role ${role}` });
}

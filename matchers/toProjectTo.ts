import type { MatcherState } from 'vitest';
// Direct module imports (not the projection barrel): this file loads in every test worker's setup.
import { decodeGlobalValue } from '../src/projection/decodeGlobal.js';
import { decodeLocalValue } from '../src/projection/decodeLocal.js';
import { encodeLocal } from '../src/projection/encodeLocal.js';
import { project } from '../src/projection/project.js';
import { projectCore } from '../src/projection/projectCore.js';
import type { LocalType } from '../src/types/session.js';
import { colors } from './_internals/format.js';
import { showLocal } from './_internals/showLocal.js';
import type { ParityMatcherResult } from './toBeObservationallyEquivalent.js';

/** Options of `toProjectTo`. @public */
export interface ProjectToOptions {
  /**
   * `false`: Lean's projection `projectCore` (`trans`, no merging). `true`: Rust's `project` with
   * merging of a bystander's branches (projection.md §7). @defaultValue `false`
   */
  readonly merge?: boolean;
}

/**
 * `expect(global).toProjectTo(role, local, { merge? })`: the projection of the global type on `role`
 * equals `local` (the never-serialised payload annotation ignored). Both types go through the
 * strict decoders first, so a malformed type fails with the decoder's code and path.
 *
 * @example
 * ```ts
 * expect(pingPong).toProjectTo('B', { kind: 'recv', partner: 'A', branches: [{ label: { name: 'ping', sort: 'unit' }, continuation: { kind: 'end' } }] });
 * ```
 * @public
 */
export function toProjectTo(
  this: MatcherState,
  received: unknown,
  role: string,
  local: unknown,
  options: ProjectToOptions = {},
): ParityMatcherResult {
  const how = options.merge === true ? 'project (with merge)' : 'projectCore';
  const hint = this.utils.matcherHint(`${this.isNot ? '.not' : ''}.toProjectTo`, 'global', 'local', {});
  const cannot = (text: string): ParityMatcherResult => ({
    pass: this.isNot,
    message: () => `${hint}\n\nCannot project: ${text}`,
  });
  if (typeof role !== 'string') return cannot(`the role must be a string, got ${typeof role}`);
  const g = decodeGlobalValue(received);
  if (!g.ok)
    return cannot(`the received global type does not decode: ${g.error.code} at ${g.error.path}: ${g.error.message}`);
  const l = decodeLocalValue(local);
  if (!l.ok)
    return cannot(`the expected local type does not decode: ${l.error.code} at ${l.error.path}: ${l.error.message}`);
  const expected = encodeLocal(l.value);
  let actual: LocalType;
  if (options.merge === true) {
    const p = project(g.value, role);
    if (!p.ok) {
      const e = p.error;
      return {
        pass: false,
        message: () =>
          `${hint}\n\nExpected the projection on ${role} (${how}) to be ${showLocal(expected)}, but projection failed: ${e.error}: ${e.message}`,
        actual: e,
        expected,
      };
    }
    actual = encodeLocal(p.value);
  } else {
    actual = encodeLocal(projectCore(g.value, role));
  }
  const pass = this.equals(actual, expected);
  const c = colors();
  return {
    pass,
    message: () =>
      pass
        ? `${hint}\n\nExpected the projection on ${role} (${how}) NOT to be ${c.green(showLocal(expected))}, but it is.`
        : `${hint}\n\nExpected the projection on ${role} (${how}) to be\n  ${c.green(showLocal(expected))}\nbut it is\n  ${c.red(showLocal(actual))}`,
    actual,
    expected,
  };
}

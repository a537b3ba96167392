import { globalTypeArb } from '../../../arbitraries/globalType.js';
import type { GlobalType, LocalType } from '../../types/session.js';
import type { Implementations } from '../implementations.js';
import type { FuzzProperty } from '../types.js';
import { failed, passed } from '../verdicts.js';
import { globalTypeSwarm, withNames } from '../_internals/swarm.js';
import { observeGlobal } from '../_internals/observeCase.js';

// A listed role that never occurs in the type: a bystander everywhere (projection.md §6.2).
const kBystander = 'Z';

function hasEmptyChoiceOrDelegate(g: GlobalType): boolean {
  switch (g.kind) {
    case 'end':
    case 'var':
      return false;
    case 'rec':
      return hasEmptyChoiceOrDelegate(g.body);
    case 'delegate':
      return true;
    case 'comm':
      return g.branches.length === 0 || g.branches.some((b) => hasEmptyChoiceOrDelegate(b.continuation));
  }
}

/**
 * `projection-core-vs-merge`: where the checked projection accepts a role, the Rust projection with
 * merge succeeds and gives the same local type (projection.md §6.2, §10 PRJ-D1/D2/D5/D14): an
 * accepted bystander sees identical branches, and merging identical types is the identity. Types with
 * an empty choice or a `delegate` are outside the comparison (PRJ-D2, PRJ-D5). Also checks that
 * `checkProjection` accepts exactly what `projectChecked` accepts.
 * @example `await runCampaign({ properties: ['projection-core-vs-merge'], runs: 100, seed: 1 })`
 * @public
 */
export const projectionCoreVsMerge: FuzzProperty<GlobalType> = {
  id: 'projection-core-vs-merge',
  description:
    'projectCore (Lean trans) = project (Rust merge) for every role the checked projection accepts (docs/spec/projection.md §6.2, §10)',
  arbitrary: (_ctx, swarm) =>
    withNames(swarm, (names) => globalTypeArb({ ...globalTypeSwarm(swarm, names), wellFormedOnly: true, maxDepth: 4 })),
  features: ['rule', 'name'],
  check(g, { implementations: impl }) {
    if (hasEmptyChoiceOrDelegate(g)) return passed(observeGlobal(g));
    for (const role of [...impl.roles(g), kBystander]) {
      const core = impl.projectCore(g, role);
      const checked = impl.projectChecked(g, role);
      const accepts = impl.checkProjection(g, role, core);
      if (checked.ok !== accepts)
        return failed(
          `role ${role}: projectChecked ${checked.ok ? 'accepts' : 'rejects'} but checkProjection(projectCore) says ${String(accepts)}`,
        );
      if (checked.ok && !sameLocal(impl, checked.value, core))
        return failed(`role ${role}: projectChecked returned a type other than projectCore's`);
      if (!checked.ok) continue;
      const merged = impl.project(g, role);
      if (!merged.ok)
        return failed(
          `role ${role}: the checked projection accepts it but project (merge) fails: ${merged.error.error}: ${merged.error.message}`,
          null,
          'a merge of identical bystander branches must succeed (docs/spec/projection.md §7.2)',
        );
      if (!sameLocal(impl, merged.value, core)) {
        return failed(
          `role ${role}: project (merge) = ${JSON.stringify(impl.encodeLocal(merged.value))} but projectCore = ${JSON.stringify(impl.encodeLocal(core))}`,
        );
      }
    }
    return passed(observeGlobal(g));
  },
};

// Structural equality (branch order included) through the canonical encoder, which drops the
// never-serialised payload annotation (projection.md §2.4, §2.5).
function sameLocal(impl: Implementations, a: LocalType, b: LocalType): boolean {
  return JSON.stringify(impl.encodeLocal(a)) === JSON.stringify(impl.encodeLocal(b));
}

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { globalTypeArb } from '../../arbitraries/globalType.js';
import { checkProjection } from '../../src/projection/checkProjection.js';
import { decodeGlobal } from '../../src/projection/decodeGlobal.js';
import { decodeGlobalLean } from '../../src/projection/decodeGlobalLean.js';
import { dual } from '../../src/projection/dual.js';
import { encodeGlobal } from '../../src/projection/encodeGlobal.js';
import { localEqual } from '../../src/projection/localEqual.js';
import { project } from '../../src/projection/project.js';
import { projectChecked } from '../../src/projection/projectChecked.js';
import { projectCore } from '../../src/projection/projectCore.js';
import { roles } from '../../src/projection/roles.js';
import { wellFormednessParts } from '../../src/projection/isWellFormed.js';
import type { GlobalType, LocalType } from '../../src/types/session.js';
import { testSeed } from '../_helpers/seed.js';

const SEED = testSeed(1357);

function renamePartner(t: LocalType, from: string, to: string): LocalType {
  switch (t.kind) {
    case 'end':
    case 'var':
      return t;
    case 'rec':
      return { kind: 'rec', var: t.var, body: renamePartner(t.body, from, to) };
    default:
      return {
        kind: t.kind,
        partner: t.partner === from ? to : t.partner,
        branches: t.branches.map((b) => ({ label: b.label, continuation: renamePartner(b.continuation, from, to) })),
      };
  }
}

const rolesPlusAbsent = (g: GlobalType) => [...roles(g), 'Nobody'];

describe(`projection properties (seed ${SEED})`, () => {
  test('JSON round trip through both decoders is exact', () => {
    fc.assert(
      fc.property(globalTypeArb({ maxDepth: 5 }), (g) => {
        const json = encodeGlobal(g);
        expect(decodeGlobal(JSON.stringify(json))).toEqual({ ok: true, value: g });
        expect(decodeGlobalLean(JSON.parse(JSON.stringify(json)))).toEqual({ ok: true, value: g });
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  test('project agrees with projectCore wherever the check accepts, and differs only as PRJ-D1/D2 allow', () => {
    fc.assert(
      fc.property(globalTypeArb({ maxDepth: 5, roles: 4 }), (g) => {
        const hasEmpty = !wellFormednessParts(g).allCommsNonEmpty;
        /* eslint-disable vitest/no-conditional-expect -- the property is a set of implications over generated types */
        for (const r of rolesPlusAbsent(g)) {
          const core = projectCore(g, r);
          const merged = project(g, r);
          if (!merged.ok) {
            // PRJ-D2: an empty choice fails every role; otherwise only a bystander merge can fail (PRJ-D1).
            if (merged.error.error === 'EmptyBranches') expect(hasEmpty).toBe(true);
            else expect(merged.error.error).toBe('MergeFailure');
            continue;
          }
          expect(hasEmpty).toBe(false);
          if (projectChecked(g, r).ok) expect(merged.value).toEqual(core);
          // Where they differ, Lean's check must be what tells them apart.
          if (!localEqual(merged.value, core)) expect(projectChecked(g, r).ok).toBe(false);
        }
        /* eslint-enable vitest/no-conditional-expect */
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  test('projectCore never fails and is accepted by the check for every projectableOnly type', () => {
    fc.assert(
      fc.property(globalTypeArb({ projectableOnly: true, wellFormedOnly: true, roles: 4, maxDepth: 5 }), (g) => {
        for (const r of roles(g)) {
          const checked = projectChecked(g, r);
          expect(checked).toEqual({ ok: true, value: projectCore(g, r) });
          expect(project(g, r)).toEqual({ ok: true, value: projectCore(g, r) });
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  test('two-role well-formed types: the projections are dual up to swapping the partner (§8)', () => {
    fc.assert(
      fc.property(globalTypeArb({ roles: ['P', 'Q'], wellFormedOnly: true, maxDepth: 5 }), (g) => {
        const rs = roles(g);
        fc.pre(rs.length === 2);
        const [p, q] = rs as [string, string];
        const tp = projectCore(g, p);
        const tq = projectCore(g, q);
        expect(renamePartner(dual(tp), q, p)).toEqual(tq);
        expect(renamePartner(dual(tq), p, q)).toEqual(tp);
        expect(projectChecked(g, p).ok && projectChecked(g, q).ok).toBe(true);
        expect(project(g, p)).toEqual({ ok: true, value: tp });
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  test('checkProjection accepts projectCore exactly when projectChecked does, and only equal candidates when no choice is empty', () => {
    fc.assert(
      fc.property(
        globalTypeArb({ maxDepth: 4, wellFormedOnly: true }),
        globalTypeArb({ maxDepth: 3, wellFormedOnly: true }),
        (g, other) => {
          for (const r of rolesPlusAbsent(g)) {
            const core = projectCore(g, r);
            expect(checkProjection(g, r, core)).toBe(projectChecked(g, r).ok);
            const candidate = projectCore(other, r);
            // Implication over generated pairs: an accepted candidate is the core projection.
            expect(checkProjection(g, r, candidate) ? candidate : core).toEqual(core);
          }
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });
});

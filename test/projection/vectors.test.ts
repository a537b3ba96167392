import { readdirSync, readFileSync } from 'node:fs';
import { assert, describe, expect, test } from 'vitest';
import { asyncSubtype } from '../../src/projection/asyncSubtype.js';
import { checkProjection } from '../../src/projection/checkProjection.js';
import { compareCodePoints, rolesSorted } from '../../src/projection/rolesSorted.js';
import { decodeGlobalValue } from '../../src/projection/decodeGlobal.js';
import { decodeLocalValue } from '../../src/projection/decodeLocal.js';
import { dual } from '../../src/projection/dual.js';
import { encodeLocal } from '../../src/projection/encodeLocal.js';
import { isWellFormed, wellFormednessParts, uniqueBranchLabels } from '../../src/projection/isWellFormed.js';
import { project } from '../../src/projection/project.js';
import { projectAll } from '../../src/projection/projectAll.js';
import { projectChecked } from '../../src/projection/projectChecked.js';
import { projectCore } from '../../src/projection/projectCore.js';
import { roles } from '../../src/projection/roles.js';
import { validateGlobal } from '../../src/projection/validateGlobal.js';
import type { GlobalType, LocalType } from '../../src/types/session.js';

const fixtures = new URL('../fixtures/', import.meta.url);
const readJson = (rel: string): unknown => JSON.parse(readFileSync(new URL(rel, fixtures), 'utf8'));

function global(json: unknown): GlobalType {
  const r = decodeGlobalValue(json);
  if (!r.ok) throw new Error(`fixture does not decode: ${JSON.stringify(r.error)}`);
  return r.value;
}

function local(json: unknown): LocalType {
  const r = decodeLocalValue(json);
  if (!r.ok) throw new Error(`fixture does not decode: ${JSON.stringify(r.error)}`);
  return r.value;
}

/** Renames every partner `from` to `to` (binary duality up to swapping the partner role, §8). */
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

const cases = readdirSync(new URL('projection/', fixtures)).sort();

describe('golden projection vectors (projection.md §12)', () => {
  test('has the 9 cases and 25 role projections', () => {
    expect(cases).toHaveLength(9);
    const files = cases.flatMap((c) =>
      readdirSync(new URL(`projection/${c}/`, fixtures)).filter((f) => f.endsWith('.expected.json')),
    );
    expect(files).toHaveLength(25);
  });

  describe.each(cases)('%s', (name) => {
    const g = global(readJson(`projection/${name}/input.json`));
    const files = readdirSync(new URL(`projection/${name}/`, fixtures)).filter((f) => f.endsWith('.expected.json'));
    const fileRoles = files.map((f) => f.slice(0, -'.expected.json'.length));

    test('role set equals roles(g): nothing stale, nothing missing', () => {
      expect([...fileRoles].sort()).toEqual([...roles(g)].sort());
    });

    test.each(fileRoles)('role %s: projectCore, project and projectChecked agree with Lean', (role) => {
      const expected = readJson(`projection/${name}/${role}.expected.json`);
      const core = projectCore(g, role);
      expect(encodeLocal(core)).toEqual(expected);
      const merged = project(g, role);
      expect(merged.ok && encodeLocal(merged.value)).toEqual(expected);
      expect(projectChecked(g, role)).toEqual({ ok: true, value: core });
      expect(checkProjection(g, role, local(expected))).toBe(true);
    });

    if (roles(g).length === 2) {
      test('the two projections are dual up to swapping the partner role (§8)', () => {
        const [p, q] = roles(g) as [string, string];
        expect(renamePartner(dual(projectCore(g, p)), q, p)).toEqual(projectCore(g, q));
        expect(renamePartner(dual(projectCore(g, q)), p, q)).toEqual(projectCore(g, p));
      });
    }
  });

  test('five of the cases are two-role cases', () => {
    const binary = cases.filter((c) => roles(global(readJson(`projection/${c}/input.json`))).length === 2);
    expect(binary).toEqual(['choice_protocol', 'multi_branch', 'nested_recursion', 'ping_pong', 'recursive_loop']);
  });
});

interface ExtraCase {
  readonly id: string;
  readonly category: string;
  readonly global: unknown;
  readonly roles: string[];
  readonly roles_sorted: string[];
  readonly lean_projections: Record<string, unknown>;
  readonly lean_checked: Record<string, { ok: boolean }>;
  readonly lean_checked_absent: { role: string; ok: boolean };
  readonly lean_load: { ok: true } | { ok: false; reason: string };
  readonly merge_projections: Record<string, { ok: true; local: unknown } | ({ ok: false } & Record<string, unknown>)>;
  readonly merge_project_all: Record<string, unknown>;
  readonly wf: {
    lean: { wellFormed: boolean; parts: Record<string, boolean>; uniqueBranchLabels: boolean };
    rust: { ok: boolean; errors: Record<string, unknown>[] };
  };
  readonly agree: boolean;
  readonly async_self: Record<string, { lean: true | string; rust: true | string }>;
}

const extra = (readJson('projection_extra_v1.json') as { cases: ExtraCase[] }).cases;

/** What the runner's loader reports for a run listing `listed` (projection.md §6.3). */
function loaderVerdict(g: GlobalType, listed: readonly string[]): { ok: true } | { ok: false; reason: string } {
  for (const role of [...listed].sort(compareCodePoints)) {
    const r = projectChecked(g, role);
    if (!r.ok) return { ok: false, reason: r.error.message };
  }
  return { ok: true };
}

describe('computed projection vectors (projection_extra_v1.json)', () => {
  test('has 80 cases', () => expect(extra).toHaveLength(80));

  describe.each(extra.map((c) => [`${c.id} ${c.category}`, c] as const))('%s', (_title, c) => {
    const g = global(c.global);

    test('roles and rolesSorted', () => {
      expect(roles(g)).toEqual(c.roles);
      expect(rolesSorted(g)).toEqual(c.roles_sorted);
    });

    test('projectCore for every role', () => {
      for (const role of c.roles) expect(encodeLocal(projectCore(g, role))).toEqual(c.lean_projections[role]);
    });

    test('checked verdicts, absent role and loader verdict', () => {
      for (const role of c.roles) expect(projectChecked(g, role).ok).toBe(c.lean_checked[role]!.ok);
      expect(projectChecked(g, c.lean_checked_absent.role).ok).toBe(c.lean_checked_absent.ok);
      expect(loaderVerdict(g, c.roles)).toEqual(c.lean_load);
    });

    test('project (merge) per role and projectAll', () => {
      for (const role of c.roles) {
        const r = project(g, role);
        const want = c.merge_projections[role];
        assert(want !== undefined, `the vector lists role ${role}`);
        const { ok: _ok, ...error } = want;
        expect(r.ok ? { ok: true, local: encodeLocal(r.value) } : r).toEqual(
          want.ok ? { ok: true, local: want.local } : { ok: false, error },
        );
      }
      const all = projectAll(g);
      const { success, ...rest } = c.merge_project_all;
      const encoded = all.ok
        ? { ok: true, projections: Object.fromEntries(Object.entries(all.value).map(([k, v]) => [k, encodeLocal(v)])) }
        : all;
      expect(encoded).toEqual(
        success === true ? { ok: true, projections: rest.projections } : { ok: false, error: rest },
      );
    });

    test('well-formedness, Lean and Rust views', () => {
      expect(isWellFormed(g)).toBe(c.wf.lean.wellFormed);
      expect(wellFormednessParts(g)).toEqual(c.wf.lean.parts);
      expect(uniqueBranchLabels(g)).toBe(c.wf.lean.uniqueBranchLabels);
      const diags = validateGlobal(g);
      expect(diags.length === 0).toBe(c.wf.rust.ok);
      expect(diags.map(({ message: _m, ...rest }) => rest)).toEqual(c.wf.rust.errors);
    });

    test('agree: project equals projectCore for every role exactly when the vector says so', () => {
      const agree = c.roles.every((role) => {
        const r = project(g, role);
        return r.ok && JSON.stringify(encodeLocal(r.value)) === JSON.stringify(encodeLocal(projectCore(g, role)));
      });
      expect(agree).toBe(c.agree);
    });

    test('async subtyping of each projection against itself (Lean)', () => {
      for (const role of c.roles) {
        const t = projectCore(g, role);
        const r = asyncSubtype(t, t);
        const want = c.async_self[role]!.lean;
        expect(r.ok ? true : r.error.message).toBe(want);
      }
    });
  });
});

import { describe, expect, test } from 'vitest';
import { localEqualDeep, mapLocalDeep, projectCoreDeep } from '../../src/projection/_internals/deep.js';
import { checkProjection } from '../../src/projection/checkProjection.js';
import { decodeGlobalLean } from '../../src/projection/decodeGlobalLean.js';
import { dual } from '../../src/projection/dual.js';
import { encodeGlobal } from '../../src/projection/encodeGlobal.js';
import { encodeLocal } from '../../src/projection/encodeLocal.js';
import { freeVars } from '../../src/projection/freeVars.js';
import { isWellFormed } from '../../src/projection/isWellFormed.js';
import { localEqual } from '../../src/projection/localEqual.js';
import { projectChecked } from '../../src/projection/projectChecked.js';
import { projectCore } from '../../src/projection/projectCore.js';
import { roles } from '../../src/projection/roles.js';
import type { GlobalType } from '../../src/types/session.js';
import { readdirSync, readFileSync } from 'node:fs';

/** rec X0. A→B{m. rec X1. B→A{m. ... end}} with `n` nodes of each kind. */
function deepJson(n: number): unknown {
  let t: unknown = { kind: 'var', name: 'X0' };
  for (let i = n - 1; i >= 0; i--) {
    const comm = {
      kind: 'comm',
      sender: i % 2 ? 'A' : 'B',
      receiver: i % 2 ? 'B' : 'A',
      branches: [{ label: { name: 'm', sort: 'unit' }, continuation: t }],
    };
    t = { kind: 'rec', var: `X${i}`, body: comm };
  }
  return t;
}

describe('deep Lean-decoded types never overflow the stack (§3.2)', () => {
  const decoded = decodeGlobalLean(deepJson(15000));
  const g = decoded.ok ? decoded.value : ({ kind: 'end' } as GlobalType);

  test('decodes, and every projection function answers', () => {
    expect(decoded.ok).toBe(true);
    expect(roles(g)).toEqual(['B', 'A']);
    expect(freeVars(g)).toEqual([]);
    expect(isWellFormed(g)).toBe(true);
    const a = projectCore(g, 'A');
    expect(a.kind).toBe('rec');
    expect(projectChecked(g, 'A').ok).toBe(true);
    expect(checkProjection(g, 'A', { kind: 'end' })).toBe(false);
    expect(localEqual(dual(dual(a)), a)).toBe(true);
    expect(localEqual(dual(a), a)).toBe(false);
    let depth = 0;
    for (let t = encodeLocal(a); t.kind === 'rec' || t.kind === 'recv' || t.kind === 'send'; depth++)
      t = t.kind === 'rec' ? t.body : t.branches[0]!.continuation;
    expect(depth).toBe(30000);
    expect(encodeGlobal(g).kind).toBe('rec');
  });
});

describe('the stack-safe fallbacks compute the same as the recursive versions', () => {
  const fixtures = new URL('../fixtures/', import.meta.url);
  const extra = JSON.parse(readFileSync(new URL('projection_extra_v1.json', fixtures), 'utf8')) as {
    cases: Array<{ global: unknown; roles: string[] }>;
  };
  const golden = readdirSync(new URL('projection/', fixtures)).map(
    (c) => JSON.parse(readFileSync(new URL(`projection/${c}/input.json`, fixtures), 'utf8')) as unknown,
  );
  const all = [...extra.cases.map((c) => c.global), ...golden];
  test(`on ${all.length} vector types, every role and an absent one`, () => {
    for (const json of all) {
      const r = decodeGlobalLean(json);
      if (!r.ok) throw new Error('fixture');
      for (const role of [...roles(r.value), 'Nobody']) {
        const rec = projectCore(r.value, role);
        const deep = projectCoreDeep(r.value, role);
        expect(deep).toEqual(rec);
        expect(localEqualDeep(deep, rec)).toBe(true);
        expect(
          mapLocalDeep(
            rec,
            (c, branches) => ({ kind: c.kind === 'send' ? 'recv' : 'send', partner: c.partner, branches }),
            (l) => l,
          ),
        ).toEqual(dual(rec));
      }
    }
  });
});

describe('formatJson prints like JSON.stringify, without recursion (seed 99)', () => {
  test('matches JSON.stringify on generated JSON values (compact and indented)', async () => {
    const fc = (await import('fast-check')).default;
    const { formatJson } = await import('../../src/projection/formatJson.js');
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(formatJson(v)).toBe(JSON.stringify(v));
        expect(formatJson(v, { indent: 2 })).toBe(JSON.stringify(v, null, 2));
        expect(JSON.parse(formatJson(v, { sortKeys: true }))).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      { seed: 99, numRuns: 300 },
    );
    expect(formatJson({ b: 1, a: { d: [], c: {} } }, { sortKeys: true })).toBe('{"a":{"c":{},"d":[]},"b":1}');
    let deep: unknown = 0;
    for (let i = 0; i < 100000; i++) deep = [deep];
    expect(formatJson(deep).length).toBe(200001);
  });
});

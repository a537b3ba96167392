import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { localTypeArb } from '../../arbitraries/localType.js';
import { checkProjection } from '../../src/projection/checkProjection.js';
import { decodeGlobalLeanText } from '../../src/projection/decodeGlobalLean.js';
import { decodeLocalLeanText } from '../../src/projection/decodeLocalLean.js';
import { encodeLocal } from '../../src/projection/encodeLocal.js';
import { formatJson } from '../../src/projection/formatJson.js';
import { guarded } from '../../src/projection/guarded.js';
import { localEqual } from '../../src/projection/localEqual.js';
import { project } from '../../src/projection/project.js';
import { projectChecked } from '../../src/projection/projectChecked.js';
import { projectCore } from '../../src/projection/projectCore.js';
import { renderLocalType } from '../../src/projection/renderLocalType.js';
import { handleReferenceInput } from '../../src/reference/handleReferenceInput.js';
import type { LocalType } from '../../src/types/session.js';
import type { SessionType } from '../../src/types/machine.js';

// Issue #12 items 4 and 5: decoders, guarded, projection, printers and the reference runner are
// linear and stack-safe at 100k levels. Behaviour only here; the times are in bench/deep.bench.ts.
const N = 100_000;
const lbl = '{"name":"m","sort":"unit"}';
const shapes: Record<string, string> = {
  'rec chain ending in end':
    Array.from({ length: N }, (_, i) => `{"kind":"rec","var":"X${i}","body":`).join('') +
    '{"kind":"end"}' +
    '}'.repeat(N),
  'rec chain ending in its first variable':
    Array.from({ length: N }, (_, i) => `{"kind":"rec","var":"X${i}","body":`).join('') +
    '{"kind":"var","name":"X0"}' +
    '}'.repeat(N),
  'one name rebound at every level':
    '{"kind":"rec","var":"X","body":'.repeat(N) + '{"kind":"var","name":"X"}' + '}'.repeat(N),
  'rec and comm alternating':
    Array.from({ length: N }, (_, i) =>
      i % 2
        ? `{"kind":"comm","sender":"A","receiver":"B","branches":[{"label":${lbl},"continuation":`
        : `{"kind":"rec","var":"X${i}","body":`,
    ).join('') +
    '{"kind":"var","name":"X0"}' +
    Array.from({ length: N }, (_, i) => (i % 2 ? '}]}' : '}'))
      .reverse()
      .join(''),
};

/** guarded by its definition (projection.md §6.1), walking the rec prefix every time. */
function guardedByDefinition(t: LocalType, x: string): boolean {
  for (let n = t; ; n = n.body) {
    if (n.kind === 'var') return n.name !== x;
    if (n.kind !== 'rec') return true;
    if (n.var === x) return true;
  }
}

describe('guarded: the remembered prefixes answer as the definition does', () => {
  test('on generated local types and every variable name (seed 12)', () => {
    fc.assert(
      fc.property(localTypeArb(), fc.constantFrom('t', 'u', 'X', 'Y'), (t, x) => {
        // Ask twice: the second answer comes from the remembered prefix.
        expect(guarded(t, x)).toBe(guardedByDefinition(t, x));
        expect(guarded(t, x)).toBe(guardedByDefinition(t, x));
        const body = t.kind === 'rec' ? t.body : t;
        const name = t.kind === 'rec' ? t.var : x;
        expect(guarded(body, name)).toBe(guardedByDefinition(body, name));
      }),
      { seed: 12, numRuns: 500 },
    );
  });
});

describe.each(Object.entries(shapes))('100k levels: %s', (_, text) => {
  const decoded = decodeGlobalLeanText(text);
  const g = decoded.ok ? decoded.value : null;

  test('decodes and projects (projectCore, projectChecked, project, checkProjection) without overflow', () => {
    expect(decoded.ok).toBe(true);
    if (g === null) return;
    for (const role of ['A', 'B']) {
      const core = projectCore(g, role);
      // (toEqual recurses: compare with the stack-safe localEqual)
      const checked = projectChecked(g, role);
      expect(checked.ok && localEqual(checked.value, core)).toBe(true);
      expect(checkProjection(g, role, core)).toBe(true);
      const merged = project(g, role);
      expect(merged.ok && localEqual(merged.value, core)).toBe(true);
    }
  });

  test('prints indented JSON in output linear in the input (indentation stops deepening)', () => {
    if (g === null) return;
    const local = encodeLocal(projectCore(g, 'A'));
    const compact = formatJson(local);
    const indented = formatJson(local, { indent: 2 });
    expect(formatJson(JSON.parse(indented))).toBe(compact);
    expect(indented.length).toBeLessThan(3 * compact.length + 10_000);
    expect(decodeLocalLeanText(compact).ok).toBe(true);
  });
});

describe('the reference runner at 100k levels (projection.md §3.2: no stack overflow)', () => {
  const request = (global: string, concurrency = '1'): string =>
    `{"schema_version":"lean_bridge.v1","choreographies":[{"schema_version":"lean_bridge.v1","global_type":${global},"roles":["A","B"]}],"concurrency":${concurrency},"max_steps":3}`;

  test('runs a 100k-deep rec chain, with an integer past 2^53 read exactly', () => {
    const answer = handleReferenceInput(request(shapes['rec chain ending in end']!, '18446744073709551615'));
    expect(answer.ok).toBe(true);
    expect(answer.ok && answer.line).toContain('"concurrency":18446744073709551615');
  });

  test('runs a 100k-deep comm chain; selected_type stays linear in the type', () => {
    const comm =
      `{"kind":"comm","sender":"A","receiver":"B","branches":[{"label":${lbl},"continuation":`.repeat(N) +
      '{"kind":"end"}' +
      '}]}'.repeat(N);
    const answer = handleReferenceInput(request(comm));
    expect(answer.ok).toBe(true);
    // 3 steps, each a step state with the sender's current type: tens of bytes per level, not N per level
    expect(answer.ok && answer.line.length).toBeLessThan(3 * 100 * N);
  });

  test('renders a 100k-deep type as Lean does near the top, flat below the line width', () => {
    let t: SessionType = { kind: 'end' };
    for (let i = 0; i < N; i++) t = { kind: 'select', partner: 'B', branches: [{ label: 'm', cont: t }] };
    const text = renderLocalType(t);
    expect(text.startsWith('LocalType.select\n  "B"\n  [("m",')).toBe(true);
    expect(text.length).toBeLessThan(60 * N);
    expect(text.includes('[("m", LocalType.end_)])')).toBe(true);
    expect(text.endsWith(')]'.repeat(1000))).toBe(true);
  });
});

describe('the bins on deep input', () => {
  const cli = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
  const ref = fileURLToPath(new URL('../../dist/src/reference/bin.js', import.meta.url));

  test('project --lean-compat prints 8000 nested rec in output linear in the input (it printed 513 MB)', () => {
    const text =
      Array.from(
        { length: 8000 },
        (_, i) =>
          `{"kind":"rec","var":"X${i}","body":{"kind":"comm","sender":"A","receiver":"B","branches":[{"label":${lbl},"continuation":`,
      ).join('') +
      '{"kind":"var","name":"X0"}' +
      '}]}}'.repeat(8000);
    const r = spawnSync(process.execPath, [cli, 'project', '-', '--lean-compat'], {
      input: text,
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      timeout: 120_000,
    });
    expect(r.status).toBe(0);
    expect(r.stdout.length).toBeLessThan(10 * text.length);
    expect(JSON.parse(r.stdout)).toMatchObject({ success: true });
  });

  test('telltale-lean-ref runs a 100k-deep rec request (exit 0)', () => {
    const r = spawnSync(process.execPath, [ref], {
      input: `{"schema_version":"lean_bridge.v1","choreographies":[{"schema_version":"lean_bridge.v1","global_type":${shapes['rec chain ending in end']!},"roles":["A","B"]}],"concurrency":1,"max_steps":3}`,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'completed' });
  });
});

/**
 * Projection throughput (`npm run bench`; never gated). Vitest's table, then a plain table of
 * projectCore projections/s for generated well-formed global types of 2, 4 and 8 roles (maxDepth 6),
 * projectChecked and project (merge) for comparison, and strict / Lean decode throughput.
 * Target (issue text): >= 100,000 projectCore/s for 4-role depth-6 types on one core.
 */
import fc from 'fast-check';
import { afterAll, bench, describe } from 'vitest';
import { globalTypeArb } from '../arbitraries/globalType.js';
import { decodeGlobal } from '../src/projection/decodeGlobal.js';
import { decodeGlobalLean } from '../src/projection/decodeGlobalLean.js';
import { encodeGlobal } from '../src/projection/encodeGlobal.js';
import { project } from '../src/projection/project.js';
import { projectChecked } from '../src/projection/projectChecked.js';
import { projectCore } from '../src/projection/projectCore.js';
import { roles } from '../src/projection/roles.js';
import type { GlobalType } from '../src/types/session.js';

const SEED = 6;
const SAMPLES = 300;

interface Workload {
  readonly roleCount: number;
  readonly types: readonly GlobalType[];
  readonly pairs: ReadonlyArray<readonly [GlobalType, string]>;
  readonly nodes: number;
}

function nodes(g: GlobalType): number {
  switch (g.kind) {
    case 'end':
    case 'var':
      return 1;
    case 'rec':
      return 1 + nodes(g.body);
    case 'delegate':
      return 1 + nodes(g.continuation);
    case 'comm':
      return 1 + g.branches.reduce((n, b) => n + nodes(b.continuation), 0);
  }
}

function workload(roleCount: number): Workload {
  // Depth 6 reached: keep only types that actually nest that deep, so the numbers mean depth 6.
  const types = fc
    .sample(globalTypeArb({ roles: roleCount, maxDepth: 6, wellFormedOnly: true }), {
      seed: SEED,
      numRuns: SAMPLES * 20,
    })
    .filter((g) => depth(g) >= 6)
    .slice(0, SAMPLES);
  const pairs = types.flatMap((g) => roles(g).map((r) => [g, r] as const));
  return { roleCount, types, pairs, nodes: types.reduce((n, g) => n + nodes(g), 0) / types.length };
}

function depth(g: GlobalType): number {
  if (g.kind === 'comm') return 1 + Math.max(0, ...g.branches.map((b) => depth(b.continuation)));
  if (g.kind === 'rec') return 1 + depth(g.body);
  return 0;
}

const workloads = [2, 4, 8].map(workload);
const texts = workloads[1]!.types.map((g) => JSON.stringify(encodeGlobal(g)));
const parsed = texts.map((t) => JSON.parse(t) as unknown);
const totalBytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);

function perSecond(fn: () => number, minMs = 400): number {
  let count = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    count += fn();
    elapsed = performance.now() - start;
  }
  return (count * 1000) / elapsed;
}

const over = (w: Workload, f: (g: GlobalType, r: string) => unknown) => (): number => {
  for (const [g, r] of w.pairs) f(g, r);
  return w.pairs.length;
};

for (const w of workloads) {
  describe(`${w.roleCount} roles, depth 6 (${w.types.length} types, ${w.nodes.toFixed(1)} nodes avg)`, () => {
    bench('projectCore, every role', () => void over(w, projectCore)());
    bench('projectChecked, every role', () => void over(w, projectChecked)());
    bench('project (merge), every role', () => void over(w, project)());
  });
}

describe(`decode (4-role types, ${totalBytes} bytes per pass)`, () => {
  bench('decodeGlobal (strict, text)', () => {
    for (const t of texts) decodeGlobal(t);
  });
  bench('decodeGlobalLean (parsed)', () => {
    for (const j of parsed) decodeGlobalLean(j);
  });
});

afterAll(() => {
  const rows = workloads.map((w) => {
    const core = perSecond(over(w, projectCore));
    const checked = perSecond(over(w, projectChecked));
    const merged = perSecond(over(w, project));
    return `| ${w.roleCount} | ${w.nodes.toFixed(1)} | ${Math.round(core).toLocaleString('en')} | ${Math.round(checked).toLocaleString('en')} | ${Math.round(merged).toLocaleString('en')} |`;
  });
  const strict = perSecond(() => {
    for (const t of texts) decodeGlobal(t);
    return texts.length;
  });
  const lean = perSecond(() => {
    for (const j of parsed) decodeGlobalLean(j);
    return parsed.length;
  });
  const mbps = (docs: number) => ((docs * (totalBytes / texts.length)) / 1e6).toFixed(1);
  process.stdout.write(
    [
      '',
      'Projection throughput (one core, projections/s; target projectCore >= 100,000/s at 4 roles):',
      '| roles | nodes avg | projectCore/s | projectChecked/s | project (merge)/s |',
      '|---|---|---|---|---|',
      ...rows,
      '',
      `Decode: strict decodeGlobal (text) ${Math.round(strict).toLocaleString('en')} docs/s (${mbps(strict)} MB/s); ` +
        `decodeGlobalLean (parsed) ${Math.round(lean).toLocaleString('en')} docs/s (${mbps(lean)} MB/s equivalent)`,
      '',
    ].join('\n'),
  );
});

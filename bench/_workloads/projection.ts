/**
 * Projection throughput on one core: `projectCore`, `projectChecked` and `project` (merge) per
 * second over generated well-formed global types of 2, 4 and 8 roles that nest 6 deep (300 types
 * each, every role projected), and strict / Lean decoding of the 4-role types. argv: `<checkout dir>`.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { answer, loadPackage } from './api.js';

const [dir = '.'] = process.argv.slice(2);
const pkg = await loadPackage(dir);
const arbs = (await import(pathToFileURL(join(dir, 'dist', 'arbitraries', 'index.js')).href)) as Record<
  string,
  unknown
>;

type G = { readonly kind: string; readonly body?: G; readonly branches?: readonly { continuation: G }[] };
type Fn = (...args: unknown[]) => unknown;
// The projection module's names, as the package exports them.
const projectCore = pkg['projectCore'] as Fn;
const projectChecked = pkg['projectChecked'] as Fn;
const project = pkg['project'] as Fn;
const roles = pkg['roles'] as (g: G) => string[];
const encodeGlobal = pkg['encodeGlobal'] as (g: G) => unknown;
const decodeGlobal = pkg['decodeGlobal'] as (t: string) => unknown;
const decodeGlobalLean = pkg['decodeGlobalLean'] as (v: unknown) => unknown;
const globalTypeArb = arbs['globalTypeArb'] as (o: object) => fc.Arbitrary<G>;

const SEED = 6;
const SAMPLES = 300;

function depth(g: G): number {
  if (g.kind === 'comm') return 1 + Math.max(0, ...(g.branches ?? []).map((b) => depth(b.continuation)));
  if (g.kind === 'rec' && g.body !== undefined) return 1 + depth(g.body);
  return 0;
}
function nodes(g: G): number {
  if (g.kind === 'rec' && g.body !== undefined) return 1 + nodes(g.body);
  return 1 + (g.branches ?? []).reduce((n, b) => n + nodes(b.continuation), 0);
}

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

const byRoles = [];
let texts: string[] = [];
for (const roleCount of [2, 4, 8]) {
  const types = fc
    .sample(globalTypeArb({ roles: roleCount, maxDepth: 6, wellFormedOnly: true }), {
      seed: SEED,
      numRuns: SAMPLES * 20,
    })
    .filter((g) => depth(g) >= 6)
    .slice(0, SAMPLES);
  const pairs = types.flatMap((g) => roles(g).map((r) => [g, r] as const));
  const over = (f: Fn) => (): number => {
    for (const [g, r] of pairs) f(g, r);
    return pairs.length;
  };
  byRoles.push({
    roles: roleCount,
    types: types.length,
    nodes: types.reduce((n, g) => n + nodes(g), 0) / Math.max(1, types.length),
    projectCore: perSecond(over(projectCore)),
    projectChecked: perSecond(over(projectChecked)),
    project: perSecond(over(project)),
  });
  if (roleCount === 4) texts = types.map((g) => JSON.stringify(encodeGlobal(g)));
}
const parsed = texts.map((t) => JSON.parse(t) as unknown);
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
const strict = perSecond(() => {
  for (const t of texts) decodeGlobal(t);
  return texts.length;
});
const lean = perSecond(() => {
  for (const j of parsed) decodeGlobalLean(j);
  return parsed.length;
});
answer({ byRoles, decode: { strict, lean, bytesPerDoc: bytes / Math.max(1, texts.length) } });

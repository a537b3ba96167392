/**
 * Power of the fuzz properties against the planted bugs of `test/power/plantedBugs.ts`: per bug,
 * over `seeds` seeds, whether and after how many runs the property finds it, the time to find it,
 * the time fast-check spends shrinking it (a replay from the failing case's path: that case plus the
 * shrink), and the shrunk size. The planted bugs wrap this checkout's modules, so this workload runs
 * from source (tsx compiles them as `tsc` would; no Vite transform). argv: `<seeds> <run cap>`.
 */
import fc from 'fast-check';
import { builtinProperties } from '../../src/fuzz/builtinProperties.js';
import { defaultImplementations } from '../../src/fuzz/implementations.js';
import type { PropertyContext } from '../../src/fuzz/types.js';
import { plantedBugs as allBugs } from '../../test/power/plantedBugs.js';
import { instructionBugsPlanted } from '../../test/power/instructionBugs.js';
import { answer } from './api.js';

const [seedsArg = '5', capArg = '2000'] = process.argv.slice(2);
const SEEDS = Number(seedsArg);
const RUN_CAP = Number(capArg);
// The instruction bugs replace machine modules through Vitest's module mocks, which this plain Node
// process has not: they are measured by test/power/instructionBugs.test.ts and bench/power.bench.ts.
const plantedBugs = allBugs.filter((b) => instructionBugsPlanted || b.property !== 'cooperative-vs-reference-images');

const results: Record<string, { found: boolean; runs: number; findMs: number; shrinkMs: number; size: number }[]> = {};
for (const bug of plantedBugs) {
  const property = builtinProperties().find((p) => p.id === bug.property);
  if (property === undefined) throw new Error(`property ${bug.property} missing`);
  const ctx: PropertyContext = {
    implementations: { ...defaultImplementations(), ...bug.implementations() },
    lanes: {},
  };
  const prop = fc.asyncProperty(property.arbitrary(ctx), async (input) => (await property.check(input, ctx)).pass);
  for (let i = 0; i < SEEDS; i += 1) {
    const seed = bug.seed * 1000 + i;
    const t0 = performance.now();
    const first = await fc.check(prop, { seed, numRuns: RUN_CAP, endOnFailure: true });
    const t1 = performance.now();
    if (!first.failed) {
      (results[bug.id] ??= []).push({ found: false, runs: RUN_CAP, findMs: t1 - t0, shrinkMs: 0, size: Number.NaN });
      continue;
    }
    // Replaying from the failing case's path re-runs that one case and then shrinks it.
    const full = await fc.check(prop, { seed, numRuns: RUN_CAP, path: first.counterexamplePath ?? undefined });
    const t2 = performance.now();
    (results[bug.id] ??= []).push({
      found: true,
      runs: first.numRuns,
      findMs: t1 - t0,
      shrinkMs: t2 - t1,
      size: bug.size(full.counterexample?.[0]),
    });
  }
}
answer({
  bugs: plantedBugs.map((b) => ({
    id: b.id,
    property: b.property,
    sizeUnit: b.sizeUnit,
    maxSize: b.maxSize,
    maxRuns: b.maxRuns,
  })),
  results,
});

/**
 * Power of the fuzz properties against the planted bugs of `test/power/plantedBugs.ts`: per bug,
 * over SEEDS seeds, the runs needed to find it, the time to find it, the time fast-check spends
 * shrinking it (a replay from the failing case's path: that case plus the shrink), and the shrunk
 * size; prints medians in a table after the benches.
 * Run: `npx vitest bench --run bench/power.bench.ts`.
 */
import fc from 'fast-check';
import { afterAll, bench, describe } from 'vitest';
import { builtinProperties } from '../src/fuzz/builtinProperties.js';
import { defaultImplementations } from '../src/fuzz/implementations.js';
import type { PropertyContext } from '../src/fuzz/types.js';
import { plantedBugs, type PlantedBug } from '../test/power/plantedBugs.js';

const allBugs: readonly PlantedBug[] = plantedBugs;

const SEEDS = 5;
const RUN_CAP = 2000;

interface Measure {
  readonly found: boolean;
  readonly runs: number;
  readonly findMs: number;
  readonly shrinkMs: number;
  readonly numShrinks: number;
  readonly size: number;
}

const results = new Map<string, Measure[]>();

async function measure(bug: PlantedBug, seed: number): Promise<Measure> {
  const property = builtinProperties().find((p) => p.id === bug.property);
  if (property === undefined) throw new Error(`property ${bug.property} missing`);
  const ctx: PropertyContext = {
    implementations: { ...defaultImplementations(), ...bug.implementations() },
    lanes: {},
  };
  const prop = fc.asyncProperty(property.arbitrary(ctx), async (input) => (await property.check(input, ctx)).pass);
  const t0 = performance.now();
  const first = await fc.check(prop, { seed, numRuns: RUN_CAP, endOnFailure: true });
  const t1 = performance.now();
  if (!first.failed)
    return { found: false, runs: RUN_CAP, findMs: t1 - t0, shrinkMs: 0, numShrinks: 0, size: Number.NaN };
  // Replaying from the failing case's path re-runs that one case and then shrinks it.
  const full = await fc.check(prop, { seed, numRuns: RUN_CAP, path: first.counterexamplePath ?? undefined });
  const t2 = performance.now();
  return {
    found: true,
    runs: first.numRuns,
    findMs: t1 - t0,
    shrinkMs: t2 - t1,
    numShrinks: full.numShrinks,
    size: bug.size(full.counterexample?.[0]),
  };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? Number.NaN : s.length % 2 === 1 ? (s[m] ?? Number.NaN) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

describe(`planted bugs: find + shrink, ${SEEDS} seeds each (cap ${RUN_CAP} runs)`, () => {
  for (const bug of allBugs) {
    let i = 0;
    bench(
      `${bug.id}`,
      async () => {
        const m = await measure(bug, bug.seed * 1000 + i);
        i += 1;
        results.set(bug.id, [...(results.get(bug.id) ?? []), m]);
      },
      { iterations: SEEDS, warmupIterations: 0, time: 0, warmupTime: 0 },
    );
  }
});

afterAll(() => {
  const rows = allBugs.map((bug) => {
    const ms = results.get(bug.id) ?? [];
    const found = ms.filter((m) => m.found);
    return {
      bug: bug.id,
      property: bug.property,
      found: `${found.length}/${ms.length}`,
      'median runs to find': median(found.map((m) => m.runs)),
      'median find ms': Number(median(found.map((m) => m.findMs)).toFixed(1)),
      'median shrink ms': Number(median(found.map((m) => m.shrinkMs)).toFixed(1)),
      'median shrinks': median(found.map((m) => m.numShrinks)),
      'median shrunk size': median(found.map((m) => m.size)),
      'size unit': bug.sizeUnit,
    };
  });
  console.log('\nPlanted-bug power (medians over seeds):');
  console.table(rows);
});

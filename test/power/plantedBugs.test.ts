/**
 * Power tests: the fuzz campaign finds each planted bug within a stated run budget (fixed seed) and
 * shrinks it below a stated size; the shrunk counterexample fails with the bug planted and passes
 * with the real implementations. One control per property (the first bug's seed, the largest
 * budget) runs the real implementations and must find nothing.
 */
import { describe, expect, test } from 'vitest';
import { builtinProperties } from '../../src/fuzz/builtinProperties.js';
import { defaultImplementations, type Implementations } from '../../src/fuzz/implementations.js';
import { runCampaign } from '../../src/fuzz/runCampaign.js';
import { plantedBugs } from './plantedBugs.js';

const real: Implementations = defaultImplementations();
const propertyById = (id: string) => {
  const p = builtinProperties().find((q) => q.id === id);
  if (p === undefined) throw new Error(`built-in property ${id} is missing`);
  return p;
};

describe('planted bugs are found and shrunk', () => {
  for (const bug of plantedBugs) {
    test(`${bug.id}: ${bug.property} finds it within ${bug.maxRuns} runs (seed ${bug.seed}), shrunk to <= ${bug.maxSize} ${bug.sizeUnit}`, async () => {
      const implementations = bug.implementations();
      const report = await runCampaign({
        seed: bug.seed,
        runs: bug.maxRuns,
        properties: [bug.property],
        implementations,
        corpusDir: null,
        workers: 1,
      });
      const found = report.counterexamples.find((c) => c.property === bug.property);
      expect(found, `${bug.description}: not found`).toBeDefined();
      if (found === undefined) return;
      expect(bug.size(found.input)).toBeLessThanOrEqual(bug.maxSize);

      // The shrunk input shows the bug and only the bug.
      const property = propertyById(bug.property);
      const withBug = await property.check(found.input, {
        implementations: { ...real, ...implementations },
        lanes: {},
      });
      const withoutBug = await property.check(found.input, { implementations: real, lanes: {} });
      expect(withBug.pass).toBe(false);
      expect(withoutBug.pass).toBe(true);
    });
  }

  // One control per property: the first bug's seed with the largest budget any bug of it gets.
  const controls = new Map<string, { seed: number; runs: number }>();
  for (const b of plantedBugs) {
    const c = controls.get(b.property);
    controls.set(b.property, { seed: c?.seed ?? b.seed, runs: Math.max(c?.runs ?? 0, b.maxRuns) });
  }
  for (const [property, { seed, runs }] of controls) {
    test(`control: ${property} finds nothing in the real implementations (seed ${seed}, ${runs} runs)`, async () => {
      const report = await runCampaign({
        seed,
        runs,
        properties: [property],
        implementations: {},
        corpusDir: null,
        workers: 1,
      });
      expect(report.counterexamples.map((c) => `${c.property}: ${c.summary}`)).toEqual([]);
      expect(report.properties.find((p) => p.id === property)?.cases).toBe(runs);
    });
  }
});

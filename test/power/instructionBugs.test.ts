/**
 * The instruction-level planted bugs live in the machine core that both engines run, so the
 * threaded comparisons cannot see them: with the bug in both engines, `cooperative-vs-threaded-n1`,
 * `cooperative-vs-threaded-envelope` and `cooperative-vs-threaded-images` (the same code images)
 * find nothing in the budget in which `cooperative-vs-reference-images` finds each one
 * (test/power/plantedBugs.test.ts).
 */
import { describe, expect, test } from 'vitest';
import { runCampaign } from '../../src/fuzz/runCampaign.js';
import { plantedBugs } from './plantedBugs.js';

const instructionBugs = plantedBugs.filter((b) => b.property === 'cooperative-vs-reference-images');

describe('instruction-level bugs are invisible to the threaded comparisons', () => {
  test('the catalogue holds the four instruction-level bugs', () => {
    expect(instructionBugs.map((b) => b.id)).toEqual([
      'move-wrong-register',
      'drop-as-block',
      'jump-off-by-one',
      'credits-before-monitor',
    ]);
  });

  for (const bug of instructionBugs) {
    test(`${bug.id}: cooperative-vs-threaded-n1, -envelope and -images find nothing in ${bug.maxRuns} runs (seed ${bug.seed})`, async () => {
      const report = await runCampaign({
        seed: bug.seed,
        runs: bug.maxRuns,
        properties: [
          'cooperative-vs-threaded-n1',
          'cooperative-vs-threaded-envelope',
          'cooperative-vs-threaded-images',
        ],
        implementations: bug.implementations(),
        corpusDir: null,
        workers: 1,
      });
      expect(report.counterexamples.map((c) => `${c.property}: ${c.summary}`)).toEqual([]);
      expect(report.properties.map((p) => p.cases)).toEqual([bug.maxRuns, bug.maxRuns, bug.maxRuns]);
    });
  }
});

/**
 * Issue #11 §5: the planted bugs of nameBugs.ts are found by a default campaign within their run
 * budget at a fixed seed, and shrunk below their size bound; the shrunk input passes with the real
 * implementations (an engine bug) or is judged alike by our engine and the reference runner (a
 * runner bug: the difference is the runner's).
 */
import { describe, expect, test } from 'vitest';
import { builtinProperties } from '../../src/fuzz/builtinProperties.js';
import { defaultImplementations } from '../../src/fuzz/implementations.js';
import { runCampaign } from '../../src/fuzz/runCampaign.js';
import { runCooperative } from '../../src/machine/runCooperative.js';
import { runReference } from '../../src/reference/runReference.js';
import type { RunRequest } from '../../src/types/bridge.js';
import { nameBugs, type NameBug } from './nameBugs.js';

/**
 * The shrunk input shows the bug and only the bug. A runner bug: our engine and the reference
 * runner give the same load verdict and text (the difference is the runner's). An engine bug: the
 * property fails with the bug planted and passes with the real implementations.
 */
async function confirms(bug: NameBug, input: unknown): Promise<boolean> {
  if (bug.lanes !== undefined) {
    const request = input as RunRequest;
    const [coop, ref] = [runCooperative(request), runReference(request)];
    return (coop.ok ? 'ok' : coop.error.message) === (ref.ok ? 'ok' : ref.error.message);
  }
  const property = builtinProperties().find((p) => p.id === bug.property);
  if (property === undefined) throw new Error(`${bug.property} is missing`);
  const real = defaultImplementations();
  const withBug = await property.check(input, { implementations: { ...real, ...bug.implementations?.() }, lanes: {} });
  const withoutBug = await property.check(input, { implementations: real, lanes: {} });
  return !withBug.pass && withoutBug.pass;
}

describe('planted name, rejection and runner bugs are found and shrunk (issue #11 §5)', () => {
  for (const bug of nameBugs) {
    test(`${bug.id}: ${bug.property} finds it within ${bug.maxRuns} runs (seed ${bug.seed}), shrunk to <= ${bug.maxSize} ${bug.sizeUnit}`, async () => {
      const report = await runCampaign({
        seed: bug.seed,
        runs: bug.maxRuns,
        properties: [bug.property],
        implementations: bug.implementations?.() ?? {},
        ...(bug.lanes === undefined ? {} : { lanes: bug.lanes }),
        corpusDir: null,
        workers: 1,
      });
      expect(report.properties[0]?.skipped).toBeUndefined();
      const found = report.counterexamples.find((c) => c.property === bug.property);
      expect(found, `${bug.description}: not found`).toBeDefined();
      if (found === undefined) return;
      expect(bug.size(found.input)).toBeLessThanOrEqual(bug.maxSize);
      expect(await confirms(bug, found.input)).toBe(true);
    });
  }
});

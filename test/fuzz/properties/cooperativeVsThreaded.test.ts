/**
 * The n = 1 property's fast paths: its observation of an equal case (observeN1) is what observing
 * both runs gives, and its verdicts are those of running the engines on the request as given
 * (the property shares their loading through a per-case copy).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { runRequestArb } from '../../../arbitraries/runRequest.js';
import { observeRequest } from '../../../src/fuzz/_internals/observeCase.js';
import { defaultImplementations } from '../../../src/fuzz/implementations.js';
import { cooperativeVsThreadedN1, observeN1 } from '../../../src/fuzz/properties/cooperativeVsThreaded.js';
import { runCooperative } from '../../../src/machine/runCooperative.js';
import { runThreaded } from '../../../src/threaded/runThreaded.js';
import { strictlyEqual } from '../../../src/trace/strictlyEqual.js';
import type { RunRequest } from '../../../src/types/bridge.js';
import type { CodeImage } from '../../../src/types/machine.js';
import { testSeed } from '../../_helpers/seed.js';

const SEED = testSeed(20261212);
const requests = () =>
  fc.sample(
    runRequestArb({ maxSteps: 60 }).map((r) => ({ ...r, concurrency: 1 })),
    { seed: SEED, numRuns: 150 },
  );

describe(`cooperative-vs-threaded-n1 (fast-check seed ${SEED})`, () => {
  test('observeN1 answers what observing both runs answers', async () => {
    let observed = 0;
    for (const request of requests()) {
      const coop = runCooperative(request);
      const threaded = await runThreaded(request, { lanes: 1, workers: 1 });
      if (!coop.ok || !threaded.ok) continue;
      expect(strictlyEqual(coop.value, threaded.value).equivalent).toBe(true);
      observed += 1;
      expect(observeN1(request, coop, threaded.value)).toEqual(observeRequest(request, coop, [threaded]));
    }
    expect(observed).toBeGreaterThan(100);
  });

  test('the threaded run’s wave widths are among the features', async () => {
    const [request] = requests();
    if (request === undefined) throw new Error('no request');
    const coop = runCooperative(request);
    const threaded = await runThreaded(request, { lanes: 1, workers: 1 });
    if (!coop.ok || !threaded.ok) throw new Error('rejected');
    expect(observeN1(request, coop, threaded.value).features).toContain('wave:1');
    expect(observeRequest(request, coop).features).not.toContain('wave:1');
  });

  test('the check passes equal runs, leaves the request untouched, and fails a threaded engine that differs', async () => {
    const impl = defaultImplementations();
    const ctx = { implementations: impl, lanes: {} };
    for (const request of requests().slice(0, 40)) {
      const before = JSON.stringify(request);
      expect((await cooperativeVsThreadedN1.check(request, ctx)).pass).toBe(true);
      expect(JSON.stringify(request)).toBe(before);
    }
    // A threaded engine one step short: the property must see it (its loads share nothing it could hide).
    const short = {
      implementations: {
        ...impl,
        runThreaded: (req: RunRequest | CodeImage, o?: Parameters<typeof impl.runThreaded>[1]) =>
          impl.runThreaded('max_steps' in req ? { ...req, max_steps: Math.max(0, req.max_steps - 1) } : req, o),
      },
      lanes: {},
    };
    let failed = 0;
    for (const request of requests().slice(0, 40)) {
      const coop = runCooperative(request);
      if (coop.ok && coop.value.output.steps_executed === request.max_steps)
        if (!(await cooperativeVsThreadedN1.check(request, short)).pass) failed += 1;
    }
    expect(failed).toBeGreaterThan(0);
  });
});

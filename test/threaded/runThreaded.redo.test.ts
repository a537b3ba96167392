import { afterAll, afterEach, describe, expect, test, vi } from 'vitest';
import { createThreadedPool } from '../../src/threaded/createThreadedPool.js';
import { FastPlanner } from '../../src/threaded/_internals/fastPlanner.js';
import { runThreaded } from '../../src/threaded/runThreaded.js';
import { pingPongRequest } from './_helpers/generators.js';

const pool = createThreadedPool({ workers: 1 });
afterAll(() => pool.close());
afterEach(() => {
  vi.restoreAllMocks();
});
const WAVES = 'wave_parallel_extension' as const;

/** A wave run on the pool with 2 solo rounds, the contention guard at `busyShare`, redo reasons into `reasons`. */
function onPool(req: ReturnType<typeof pingPongRequest>, busyShare: number, reasons: string[] = []) {
  return runThreaded(req, {
    mode: WAVES,
    pool,
    stepStates: false,
    contendedBusyShare: busyShare,
    soloRounds: 2,
    onRedo: (r) => reasons.push(r),
  });
}

// On threads, the pool threads start a wave round's steps before the calling thread finishes
// checking its certificate, and threads that do not get a core are given up. Both redo the run on the calling
// thread; the result must be exactly the one-thread result.
describe('a threaded wave run redone on the calling thread (machine.md 11.6, 11.8)', () => {
  test('a certificate rejected while the pool threads run its round: the same result as checking first', async () => {
    // A deterministic "planner bug": every plan of 7 steps fails its check.
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with its own `this`
    const original = FastPlanner.prototype.checkFlat;
    vi.spyOn(FastPlanner.prototype, 'checkFlat').mockImplementation(function (this: FastPlanner, ...args) {
      const [, waveEnd, waves] = args;
      return waves > 0 && waveEnd[waves - 1] === 7 ? false : original.apply(this, args);
    });
    const req = pingPongRequest(4, 2, 200);
    const alone = await runThreaded(req, { mode: WAVES, workers: 1, stepStates: false });
    const reasons: string[] = [];
    const threaded = await onPool(req, 0, reasons);
    expect(alone.ok && threaded.ok).toBe(true);
    if (!alone.ok || !threaded.ok) return;
    // The check-first path fell back at least once; executing the rejected plan would not have.
    const fallbacks = alone.value.diagnostics?.threaded?.certificate_fallbacks ?? 0;
    expect(fallbacks).toBeGreaterThan(0);
    expect(fallbacks).toBeLessThan(alone.value.diagnostics?.threaded?.certificates.length ?? 0);
    expect(reasons).toEqual(['certificate']);
    expect(threaded.value).toEqual(alone.value);
  });

  test('threads that do not get a core: the run is redone alone, with the same result', async () => {
    const req = pingPongRequest(6, 2, 3000);
    const alone = await runThreaded(req, { mode: WAVES, workers: 1, stepStates: false });
    const reasons: string[] = [];
    const contended = await onPool(req, 2, reasons);
    expect(reasons).toEqual(['contention']);
    expect(contended).toEqual(alone);
    const never: string[] = [];
    const threaded = await onPool(req, 0, never);
    expect(never).toEqual([]);
    expect(threaded).toEqual(alone);
    // The pool is still usable after the abandoned team.
    expect((await onPool(req, 0)).ok).toBe(true);
  });
});

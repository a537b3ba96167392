/**
 * Threaded engine vs cooperative (issue #14 item 3; machine.md §11.8): 64 independent two-party
 * ping-pong sessions × 1,000 round trips, lanes 2, `wave_parallel_extension`, trace off, with 1, 2
 * and 4 workers, engines alternating round by round in one child process on the built code. Beside
 * it, this machine's two-process scaling for the same work on the cooperative engine (one process
 * alone, then two at once). Target with 2 workers: >= 1.0x cooperative, or, where the machine
 * gives less, >= 85% of that scaling.
 */
import { bench, describe } from 'vitest';
import { baselineDir, kNoBaseline } from './_lib/baseline.js';
import { fmt, median, met, recordRow } from './_lib/rows.js';
import { kOnce, kRoot, measureOnce, runWorkload, startWorkload } from './_lib/workload.js';

type Run = { readonly steps: number; readonly cpuMs: number; readonly wallMs: number };
interface Answer {
  readonly rates: Readonly<Record<string, readonly Run[]>>;
}

/** Per round, threaded steps/s over cooperative steps/s (wall clock: threads are about wall time). */
function ratios(a: Answer, engine: string): number[] {
  const coop = a.rates['cooperative'] ?? [];
  return (a.rates[engine] ?? []).map((r, k) => {
    const c = coop[k];
    return c === undefined ? Number.NaN : (r.steps / r.wallMs) * (c.wallMs / c.steps);
  });
}

async function twoProcessScaling(): Promise<number> {
  const runs = '6';
  const out: number[] = [];
  for (let k = 0; k < 2; k += 1) {
    const alone = runWorkload<{ wallMs: number }>('cooperativeLoop', [kRoot, runs]).wallMs;
    const both = await Promise.all([
      startWorkload<{ wallMs: number }>('cooperativeLoop', [kRoot, runs]),
      startWorkload<{ wallMs: number }>('cooperativeLoop', [kRoot, runs]),
    ]);
    out.push((2 * alone) / Math.max(...both.map((b) => b.wallMs)));
  }
  return median(out);
}

describe('threaded vs cooperative, 64 sessions x 1,000 round trips (built code, child processes)', () => {
  bench(
    'threaded 1, 2, 4 workers; two-process scaling',
    measureOnce(async () => {
      const mine = runWorkload<Answer>('threaded', [kRoot, '11']);
      const scaling = await twoProcessScaling();
      const base = baselineDir();
      const theirs = base === null ? null : runWorkload<Answer>('threaded', [base, '3']);
      const coopRate = median((mine.rates['cooperative'] ?? []).map((r) => (r.steps * 1000) / r.wallMs));
      for (const workers of [2, 1, 4]) {
        const engine = `workers ${workers}`;
        const ratio = median(ratios(mine, engine));
        const rate = median((mine.rates[engine] ?? []).map((r) => (r.steps * 1000) / r.wallMs));
        const headline = workers === 2;
        const bound = Math.min(1, 0.85 * scaling);
        recordRow({
          area: 'threaded',
          measure: `threaded/cooperative steps per wall-second, ${workers} worker${workers === 1 ? '' : 's'} (lanes 2, waves, trace off)`,
          value: `${fmt(ratio, 2)}x (${fmt(rate)} vs ${fmt(coopRate)} steps/s)`,
          target: headline ? `>= 1.00x, or >= 85% of two-process scaling (${fmt(0.85 * scaling, 2)}x)` : '—',
          baseline: theirs === null ? kNoBaseline : `${fmt(median(ratios(theirs, engine)), 2)}x`,
          met: headline ? met(ratio >= bound) : '—',
        });
      }
      recordRow({
        area: 'threaded',
        measure: 'two-process scaling of this machine, same workload on the cooperative engine',
        value: `${fmt(scaling, 2)}x`,
        target: '—',
        baseline: '—',
        met: '—',
      });
    }),
    kOnce,
  );
});

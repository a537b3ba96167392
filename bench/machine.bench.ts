/**
 * Cooperative engine throughput (issue #14 item 2): the recursive two-role ping-pong, 10^6 steps,
 * trace off, and trace on (events, no step states), in instructions per CPU-second of the measuring
 * process (robust on a busy machine; the wall rate is printed beside it). This checkout and the
 * baseline alternate in child processes on their built code. Targets: >= 5M/s with the trace on;
 * trace off kept (>= 5M/s and >= 0.95x the baseline).
 */
import { bench, describe } from 'vitest';
import { baselineDir, kNoBaseline } from './_lib/baseline.js';
import { fmt, median, met, recordRow } from './_lib/rows.js';
import { kOnce, kRoot, measureOnce, runWorkload } from './_lib/workload.js';

type Run = { readonly steps: number; readonly cpuMs: number; readonly wallMs: number };
interface Answer {
  readonly off: readonly Run[];
  readonly on: readonly Run[];
}

const kPairs = 4;
const kRounds = '5';

describe('cooperative ping-pong, 10^6 steps (built code, child processes)', () => {
  bench(
    'trace off and trace on',
    measureOnce(() => {
      const base = baselineDir();
      const mine: Answer[] = [];
      const theirs: Answer[] = [];
      for (let k = 0; k < kPairs; k += 1) {
        for (const dir of k % 2 === 0 ? [base, kRoot] : [kRoot, base]) {
          if (dir === null) continue;
          (dir === kRoot ? mine : theirs).push(runWorkload<Answer>('machine', [dir, kRounds]));
        }
      }
      const rate = (runs: readonly Answer[], mode: 'off' | 'on', clock: 'cpuMs' | 'wallMs'): number =>
        median(runs.flatMap((a) => a[mode].map((r) => (r.steps * 1000) / r[clock])));
      const on = rate(mine, 'on', 'cpuMs');
      const off = rate(mine, 'off', 'cpuMs');
      const baseOff = base === null ? Number.NaN : rate(theirs, 'off', 'cpuMs');
      const baselineCell = (mode: 'off' | 'on'): string =>
        base === null
          ? kNoBaseline
          : `${fmt(rate(theirs, mode, 'cpuMs'))}/s (wall ${fmt(rate(theirs, mode, 'wallMs'))})`;
      recordRow({
        area: 'machine',
        measure: 'instructions/s, trace on (events, no step states), ping-pong 10^6 steps',
        value: `${fmt(on)}/s (wall ${fmt(rate(mine, 'on', 'wallMs'))})`,
        target: '>= 5,000,000/s',
        baseline: baselineCell('on'),
        met: met(on >= 5_000_000),
      });
      recordRow({
        area: 'machine',
        measure: 'instructions/s, trace off, ping-pong 10^6 steps',
        value: `${fmt(off)}/s (wall ${fmt(rate(mine, 'off', 'wallMs'))})${base === null ? '' : `; ${fmt(off / baseOff, 2)}x baseline`}`,
        target: '>= 5,000,000/s and >= 0.95x baseline (kept)',
        baseline: baselineCell('off'),
        met: met(off >= 5_000_000 && (base === null || off >= 0.95 * baseOff)),
      });
    }),
    kOnce,
  );
});

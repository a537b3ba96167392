/**
 * Power of the fuzz properties against the planted bugs of `test/power/plantedBugs.ts`: per bug,
 * over 5 seeds, how often and after how many runs (median) the property finds it, the time to find
 * and to shrink it, and the shrunk size (median, in the bug's size unit).
 * The planted bugs wrap the source modules, so this child process runs from source (tsx).
 */
import { bench, describe } from 'vitest';
import { fmt, median, recordRow } from './_lib/rows.js';
import { kOnce, measureOnce, runWorkload } from './_lib/workload.js';

interface Answer {
  readonly bugs: readonly { id: string; property: string; sizeUnit: string }[];
  readonly results: Readonly<
    Record<string, readonly { found: boolean; runs: number; findMs: number; shrinkMs: number; size: number }[]>
  >;
}

describe('planted bugs: find + shrink, 5 seeds each (cap 2,000 runs)', () => {
  bench(
    'every planted bug',
    measureOnce(() => {
      const r = runWorkload<Answer>('power', ['5', '2000']);
      for (const bug of r.bugs) {
        const ms = r.results[bug.id] ?? [];
        const found = ms.filter((m) => m.found);
        const runs = median(found.map((m) => m.runs));
        const size = median(found.map((m) => m.size));
        recordRow({
          area: 'planted bugs',
          measure: `${bug.id} (${bug.property}): found, median runs / find ms / shrink ms / shrunk size (${bug.sizeUnit})`,
          value: `${found.length}/${ms.length}, ${fmt(runs)} / ${fmt(median(found.map((m) => m.findMs)))} / ${fmt(median(found.map((m) => m.shrinkMs)))} / ${fmt(size)}`,
          // The power tests gate one seed per bug (test/power); this is the spread over five.
          target: '—',
          baseline: '—',
          met: '—',
        });
      }
    }),
    kOnce,
  );
});

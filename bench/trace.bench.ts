/**
 * Observational equivalence must be linear (bridge.md §9.3): `observationallyEquivalent` on traces
 * of 1,000 to 100,000 events, `Full` and `ModuloCommutativity`, built code in a child process.
 * Target: 100,000 events under 100 ms.
 */
import { bench, describe } from 'vitest';
import { fmt, met, recordRow } from './_lib/rows.js';
import { kOnce, kRoot, measureOnce, runWorkload } from './_lib/workload.js';

describe('observationallyEquivalent (built code, child process)', () => {
  bench(
    '1,000 / 10,000 / 100,000 events',
    measureOnce(() => {
      const { results } = runWorkload<{ results: { events: number; profile: string; ms: number }[] }>('trace', [kRoot]);
      for (const r of results) {
        const headline = r.events === 100_000;
        recordRow({
          area: 'trace',
          measure: `observationallyEquivalent, ${fmt(r.events)} events, ${r.profile} (median of 7)`,
          value: `${fmt(r.ms, 2)} ms`,
          target: headline ? '< 100 ms' : '—',
          baseline: '—',
          met: headline ? met(r.ms < 100) : '—',
        });
      }
    }),
    kOnce,
  );
});

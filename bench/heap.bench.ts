/**
 * Heap commitment costs (issue "Content-addressed heap"): full commitment of a 10,000-resource
 * heap against raw BLAKE3 over the same preimages, and the incremental update after one consume
 * against a full recomputation at the same states; CPU time, built code in a child process.
 * Targets: full / raw <= 1.5; full / incremental >= 2.
 */
import { bench, describe } from 'vitest';
import { fmt, met, recordRow } from './_lib/rows.js';
import { kOnce, kRoot, measureOnce, runWorkload } from './_lib/workload.js';

describe('heap of 10,000 resources (built code, child process)', () => {
  bench(
    'full, raw BLAKE3, incremental',
    measureOnce(() => {
      const r = runWorkload<{ fullMs: number; rawMs: number; incMs: number; fullAtStatesMs: number; treeMs: number }>(
        'heap',
        [kRoot],
      );
      recordRow({
        area: 'heap',
        measure: 'full commitment / raw BLAKE3 over the same preimages (CPU, median of 15 interleaved)',
        value: `${fmt(r.fullMs / r.rawMs, 2)} (${fmt(r.fullMs, 1)} ms / ${fmt(r.rawMs, 1)} ms)`,
        target: '<= 1.5',
        baseline: '—',
        met: met(r.fullMs / r.rawMs <= 1.5),
      });
      recordRow({
        area: 'heap',
        measure: 'full recomputation / incremental consume + commitment (CPU, mean of 100 positions)',
        value: `${fmt(r.fullAtStatesMs / r.incMs, 2)} (${fmt(r.fullAtStatesMs, 2)} ms / ${fmt(r.incMs, 2)} ms)`,
        target: '>= 2',
        baseline: '—',
        met: met(r.fullAtStatesMs / r.incMs >= 2),
      });
    }),
    kOnce,
  );
});

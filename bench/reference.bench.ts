/**
 * Reference runner throughput (bridge.md §1) on the client-server request of bridge.md §3: in-process,
 * one `telltale-lean-ref --serve` process, one process per request (built code, child process).
 * Target: the persistent mode >= 100x the per-process mode.
 */
import { bench, describe } from 'vitest';
import { fmt, met, recordRow } from './_lib/rows.js';
import { kOnce, kRoot, measureOnce, runWorkload } from './_lib/workload.js';

describe('reference runner (built code, child process)', () => {
  bench(
    'in-process, --serve, per process',
    measureOnce(() => {
      const r = runWorkload<{ inProcess: number; served: number; perProcess: number }>('reference', [kRoot]);
      recordRow({
        area: 'reference',
        measure: 'telltale-lean-ref --serve vs one process per request (requests/s)',
        value: `${fmt(r.served / r.perProcess)}x (${fmt(r.served)}/s vs ${fmt(r.perProcess, 1)}/s; in-process ${fmt(r.inProcess)}/s)`,
        target: '>= 100x',
        baseline: '—',
        met: met(r.served / r.perProcess >= 100),
      });
    }),
    kOnce,
  );
});

/**
 * Cases per second of the run-comparing fuzz properties (issue #14 item 1): each case runs both
 * lanes and compares them through the property's own `check`, over the 2,000 requests of
 * `bench/fixtures/requests-2000.json` (generated once from `runRequestArb()` defaults at f9295b2,
 * seed 20261206). This checkout and the baseline (`TELLTALE_BASELINE_DIR`, through its public API)
 * run in alternating child processes on their built code. Each process runs a warm-up over 300
 * requests, then the whole file {@link kPasses} times and keeps its fastest pass (a campaign runs in
 * that steady state; on a loaded machine other processes only ever add time, so the fastest pass is
 * the least disturbed one). The ratio is the median of the pairs' ratios, per CPU-second of each
 * single-threaded process. Target: >= 4x the baseline.
 */
import { bench, describe } from 'vitest';
import { baselineDir, kNoBaseline } from './_lib/baseline.js';
import { fmt, median, met, recordRow } from './_lib/rows.js';
import { kOnce, kRoot, measureOnce, runWorkload } from './_lib/workload.js';

interface Answer {
  readonly cases: number;
  readonly passes: readonly { readonly cpuMs: number; readonly wallMs: number; readonly failures: number }[];
}

/** Property id and how many baseline/checkout pairs to run (one pair alone swings by a fifth under load). */
const kProperties: readonly (readonly [string, number])[] = [
  ['cooperative-vs-reference', 3],
  ['cooperative-vs-threaded-n1', 3],
  ['cooperative-vs-threaded-envelope', 3],
  ['lane-reference-vs-cooperative', 3],
];
const kTarget = 4;
/** Passes over the file per process (the fastest counts). */
const kPasses = 3;

function rates(a: Answer): { cpu: number; wall: number; failures: number } {
  if (a.passes.length === 0) throw new Error('the cases workload answered no pass');
  const cpuMs = Math.min(...a.passes.map((p) => p.cpuMs));
  const wallMs = Math.min(...a.passes.map((p) => p.wallMs));
  const failures = Math.max(...a.passes.map((p) => p.failures));
  return { cpu: (a.cases * 1000) / cpuMs, wall: (a.cases * 1000) / wallMs, failures };
}

function measure(id: string, pairs: number): void {
  const base = baselineDir();
  const mine: { cpu: number; wall: number; failures: number }[] = [];
  const theirs: { cpu: number; wall: number; failures: number }[] = [];
  const ratios: number[] = [];
  for (let k = 0; k < pairs; k += 1) {
    // Alternate which side goes first, so a load change hits both sides alike.
    const order = k % 2 === 0 ? [base, kRoot] : [kRoot, base];
    let a: ReturnType<typeof rates> | undefined;
    let b: ReturnType<typeof rates> | undefined;
    for (const dir of order) {
      if (dir === null) continue;
      const r = rates(runWorkload<Answer>('cases', [dir, id, String(kPasses)]));
      if (dir === kRoot) a = r;
      else b = r;
    }
    if (a !== undefined) mine.push(a);
    if (b !== undefined) theirs.push(b);
    if (a !== undefined && b !== undefined) ratios.push(a.cpu / b.cpu);
  }
  const cpu = median(mine.map((r) => r.cpu));
  const wall = median(mine.map((r) => r.wall));
  const failures = Math.max(0, ...mine.map((r) => r.failures));
  const ratio = median(ratios);
  recordRow({
    area: 'cases',
    measure: `${id}: cases/s per core, 2,000-request file (both lanes + compare; fastest of ${kPasses} passes)${failures > 0 ? `; ${failures} cases FAILED` : ''}`,
    value: `${fmt(cpu)} per CPU-s (wall ${fmt(wall)})${base === null ? '' : `; ${fmt(ratio, 2)}x baseline`}`,
    target: `>= ${kTarget}x baseline`,
    baseline:
      base === null
        ? kNoBaseline
        : `${fmt(median(theirs.map((r) => r.cpu)))} per CPU-s (wall ${fmt(median(theirs.map((r) => r.wall)))})`,
    met: base === null ? '—' : met(ratio >= kTarget && failures === 0),
  });
}

describe('cases per second of the run-comparing properties (built code, child processes)', () => {
  for (const [id, pairs] of kProperties)
    bench(
      `${id}`,
      measureOnce(() => measure(id, pairs)),
      kOnce,
    );
});

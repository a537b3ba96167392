/**
 * Image-differential throughput (issue #16; built code, child process): cases per second per core
 * of `cooperative-vs-reference-images` and `cooperative-vs-threaded-images` on 300 generated cases,
 * and the image executor's steps per second on the recursive ping-pong (step_states on), per
 * CPU-second of the measuring process. Targets: 50 cases/s per core; 20,000 executor steps/s.
 */
import { bench, describe } from 'vitest';
import { fmt, median, met, recordRow } from './_lib/rows.js';
import { kOnce, kRoot, measureOnce, runWorkload } from './_lib/workload.js';

interface Answer {
  readonly measures: Readonly<Record<string, { count: number; rounds: { cpuMs: number; wallMs: number }[] }>>;
}

const kRows: readonly (readonly [string, string, number])[] = [
  ['cooperative-vs-reference-images', 'cases/s per core (300 generated cases)', 50],
  ['cooperative-vs-threaded-images', 'cases/s per core (300 generated cases)', 50],
  ['image executor', 'steps/s, recursive ping-pong, 20,000 steps, step_states on', 20_000],
];

describe('image differential (built code, child process)', () => {
  bench(
    'image properties and executor',
    measureOnce(() => {
      const { measures } = runWorkload<Answer>('imageDifferential', [kRoot, '3']);
      for (const [name, unit, target] of kRows) {
        const m = measures[name];
        if (m === undefined) continue;
        const cpu = median(m.rounds.map((r) => (m.count * 1000) / r.cpuMs));
        const wall = median(m.rounds.map((r) => (m.count * 1000) / r.wallMs));
        recordRow({
          area: 'image differential',
          measure: `${name}: ${unit}`,
          value: `${fmt(cpu)} per CPU-s (wall ${fmt(wall)})`,
          target: `>= ${fmt(target)}`,
          baseline: '—',
          met: met(cpu >= target),
        });
      }
    }),
    kOnce,
  );
});

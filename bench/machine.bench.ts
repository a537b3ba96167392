/**
 * Cooperative engine throughput (issue "Cooperative protocol machine"): a recursive two-role
 * ping-pong (`rec t. A→B ping. B→A pong. t`) with a large `max_steps`, in instructions (steps)
 * per second. Targets: ≥ 5M/s with tracing off (no events, no step_states), ≥ 2M/s with trace
 * events on (no step_states). Prints a table; no assertions. Run:
 * `npx vitest bench --run bench/machine.bench.ts`.
 */
import { afterAll, bench, describe } from 'vitest';
import { runCooperative } from '../src/machine/runCooperative.js';
import type { RunRequest } from '../src/types/bridge.js';
import { pingPong } from './_fixtures/pingPong.js';

const STEPS = 1_000_000;

const request: RunRequest = {
  schema_version: 'lean_bridge.v1',
  choreographies: [{ schema_version: 'lean_bridge.v1', global_type: pingPong, roles: ['A', 'B'] }],
  concurrency: 1,
  max_steps: STEPS,
};

// Wall-clock rate, and the rate per CPU-second of this process (robust on a busy machine).
const rates = new Map<string, { wall: number[]; cpu: number[] }>();
function measure(name: string, trace: boolean): () => void {
  return () => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = runCooperative(request, { trace, stepStates: false });
    const dt = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    if (!r.ok) throw new Error(r.error.message);
    const steps = r.value.output.steps_executed;
    const entry = rates.get(name) ?? { wall: [], cpu: [] };
    entry.wall.push(steps / (dt / 1000));
    entry.cpu.push(steps / ((cpu.user + cpu.system) / 1e6));
    rates.set(name, entry);
  };
}

const opts = { iterations: 5, warmupIterations: 1, time: 0, warmupTime: 0 };
describe(`cooperative ping-pong loop, ${STEPS} steps`, () => {
  bench('trace off (no events, no step_states)', measure('trace off', false), opts);
  bench('trace on (events, no step_states)', measure('trace on', true), opts);
});

afterAll(() => {
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const target: Record<string, number> = { 'trace off': 5_000_000, 'trace on': 2_000_000 };
  console.table(
    [...rates].map(([mode, { wall, cpu }]) => ({
      mode,
      'instructions/s (wall, median)': Math.round(median(wall)),
      'instructions/CPU-s (median)': Math.round(median(cpu)),
      target: target[mode],
      'met (wall)': median(wall) >= (target[mode] ?? 0),
      'met (CPU)': median(cpu) >= (target[mode] ?? 0),
    })),
  );
});

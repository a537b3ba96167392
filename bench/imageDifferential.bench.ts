/**
 * Image-differential throughput (issue #16): cases per second per core of the built-in property
 * `cooperative-vs-reference-images` (code image + configuration + schedule, run on the cooperative
 * engine and on the independent image executor, outputs and diagnostics compared), and the image
 * executor's own speed on the recursive ping-pong; and the same for `cooperative-vs-threaded-images`
 * (the same kind of cases on the threaded engine, in-process). One core (in-process, no workers); the rate per
 * CPU-second is robust on a busy machine. Prints a table; never gates. Run:
 * `npx vitest bench --run bench/imageDifferential.bench.ts`.
 */
import fc from 'fast-check';
import { afterAll, bench, describe } from 'vitest';
import { builtinProperties } from '../src/fuzz/builtinProperties.js';
import { defaultImplementations } from '../src/fuzz/implementations.js';
import { type PropertyContext } from '../src/fuzz/types.js';
import { codeImageFromLocalTypes } from '../src/machine/codeImage.js';
import { projectCore } from '../src/projection/projectCore.js';
import { runImageReference } from '../src/reference/imageExecutor.js';
import { pingPong } from './_fixtures/pingPong.js';

const SEED = 1601;
const CASES = 300;
const STEPS = 20_000;

const property = builtinProperties().find((p) => p.id === 'cooperative-vs-reference-images');
if (property === undefined) throw new Error('cooperative-vs-reference-images is missing');
const ctx: PropertyContext = { implementations: defaultImplementations(), lanes: {} };
const inputs = fc.sample(property.arbitrary(ctx), { seed: SEED, numRuns: CASES });
const threadedProperty = builtinProperties().find((p) => p.id === 'cooperative-vs-threaded-images');
if (threadedProperty === undefined) throw new Error('cooperative-vs-threaded-images is missing');
const threadedInputs = fc.sample(threadedProperty.arbitrary(ctx), { seed: SEED, numRuns: CASES });
const loop = codeImageFromLocalTypes(
  (['A', 'B'] as const).map((r) => [r, projectCore(pingPong, r)] as const),
  pingPong,
);

const rows: { measure: string; wall: number[]; cpu: number[]; target: number; unit: string }[] = [];
function record(
  measure: string,
  unit: string,
  target: number,
  count: number,
  run: () => void | Promise<void>,
): () => Promise<void> {
  return async () => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await run();
    const dt = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    let row = rows.find((r) => r.measure === measure);
    if (row === undefined) rows.push((row = { measure, wall: [], cpu: [], target, unit }));
    row.wall.push(count / (dt / 1000));
    row.cpu.push(count / ((cpu.user + cpu.system) / 1e6));
  };
}

const opts = { iterations: 3, warmupIterations: 1, time: 0, warmupTime: 0 };
describe(`image differential (seed ${SEED}, ${CASES} cases)`, () => {
  bench(
    'cooperative-vs-reference-images, one core',
    record('cooperative-vs-reference-images', 'cases/s per core', 50, CASES, () => {
      for (const input of inputs) {
        const verdict = property.check(input, ctx);
        if (verdict instanceof Promise || !verdict.pass) throw new Error('the property failed on its own bench input');
      }
    }),
    opts,
  );
  bench(
    'cooperative-vs-threaded-images, one core',
    record('cooperative-vs-threaded-images', 'cases/s per core', 50, CASES, async () => {
      for (const input of threadedInputs) {
        const verdict = await threadedProperty.check(input, ctx);
        if (!verdict.pass) throw new Error('the property failed on its own bench input');
      }
    }),
    opts,
  );
  bench(
    `runImageReference, recursive ping-pong, ${STEPS} steps (step_states on)`,
    record('image executor, ping-pong (step_states on)', 'steps/s', 20_000, STEPS, () => {
      const r = runImageReference(loop, { maxSteps: STEPS });
      if (!r.ok || r.value.output.steps_executed !== STEPS) throw new Error('executor run failed');
    }),
    opts,
  );
});

afterAll(() => {
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  console.table(
    rows.map(({ measure, wall, cpu, target, unit }) => ({
      measure,
      unit,
      'value (wall, median)': Math.round(median(wall)),
      'value per CPU-s (median)': Math.round(median(cpu)),
      target,
      baseline: '—',
      met: median(cpu) >= target,
    })),
  );
});

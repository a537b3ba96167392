/**
 * Image-differential throughput (issue #16): cases per second per core of the built-in properties
 * `cooperative-vs-reference-images` (code image + configuration + schedule on the cooperative engine
 * and on the independent image executor, outputs and diagnostics compared) and
 * `cooperative-vs-threaded-images` (the same kind of cases on the threaded engine, in-process), 300
 * generated cases each (seed 1601); and the image executor's own speed on the recursive ping-pong.
 * argv: `<checkout dir> <rounds>`. Answers per-round CPU and wall milliseconds.
 */
import fc from 'fast-check';
import { pingPong } from '../../test/_helpers/protocols.js';
import { answer, loadPackage, timed, type Property } from './api.js';

const [dir = '.', roundsArg = '3'] = process.argv.slice(2);
const pkg = await loadPackage(dir);
type Arbitrary = Property & { arbitrary(ctx: unknown): fc.Arbitrary<unknown> };
// The fuzz, machine, projection and reference modules' names, as the package exports them.
const builtinProperties = pkg['builtinProperties'] as () => readonly Arbitrary[];
const defaultImplementations = pkg['defaultImplementations'] as () => object;
const codeImageFromLocalTypes = pkg['codeImageFromLocalTypes'] as (pairs: unknown, g: unknown) => unknown;
const projectCore = pkg['projectCore'] as (g: unknown, r: string) => unknown;
const runImageReference = pkg['runImageReference'] as (
  image: unknown,
  o: object,
) => { ok: boolean; value?: { output: { steps_executed: number } } };

const SEED = 1601;
const CASES = 300;
const STEPS = 20_000;
const ctx = { implementations: defaultImplementations(), lanes: {} };

function property(id: string): Arbitrary {
  const p = builtinProperties().find((q) => q.id === id);
  if (p === undefined) throw new Error(`${id} is missing`);
  return p;
}

const measures: Record<string, { count: number; rounds: { cpuMs: number; wallMs: number }[] }> = {};
async function measure(name: string, count: number, run: () => Promise<void> | void): Promise<void> {
  await run();
  const rounds = [];
  for (let k = 0; k < Number(roundsArg); k += 1) rounds.push(await timed(run));
  measures[name] = { count, rounds };
}

for (const id of ['cooperative-vs-reference-images', 'cooperative-vs-threaded-images']) {
  const p = property(id);
  const inputs = fc.sample(p.arbitrary(ctx), { seed: SEED, numRuns: CASES });
  await measure(id, CASES, async () => {
    for (const input of inputs)
      if (!(await p.check(input, ctx)).pass) throw new Error(`${id} failed on its own bench input`);
  });
}
const loop = codeImageFromLocalTypes(
  (['A', 'B'] as const).map((r) => [r, projectCore(pingPong, r)] as const),
  pingPong,
);
await measure('image executor', STEPS, () => {
  const r = runImageReference(loop, { maxSteps: STEPS });
  if (!r.ok || r.value?.output.steps_executed !== STEPS) throw new Error('executor run failed');
});
answer({ measures });

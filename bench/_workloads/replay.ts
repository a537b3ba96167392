/**
 * Replay of a 1,000-entry corpus of `cooperative-vs-reference` requests (distinct requests sampled
 * from `runRequestArb()`, seed 1125): in-process `replayCorpus`, then the built CLI with 2 workers.
 * argv: `<checkout dir> <scratch dir>`. Answers `{ entries, inProcessMs, cliMs, cliExit }`.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { answer, loadPackage } from './api.js';

const [dir = '.', scratch = '.'] = process.argv.slice(2);
const pkg = await loadPackage(dir);
const arbs = (await import(pathToFileURL(join(dir, 'dist', 'arbitraries', 'index.js')).href)) as Record<
  string,
  unknown
>;
// The corpus and fuzz modules' names, as the package exports them.
const writeCorpusEntry = pkg['writeCorpusEntry'] as (d: string, e: object) => { created: boolean };
const replayCorpus = pkg['replayCorpus'] as (d: string) => Promise<{ entries: readonly unknown[] }>;
const runRequestArb = arbs['runRequestArb'] as () => fc.Arbitrary<unknown>;

const SEED = 1125;
const corpus = join(scratch, 'corpus');
let written = 0;
for (const [i, input] of fc.sample(runRequestArb(), { seed: SEED, numRuns: 5000 }).entries()) {
  if (written >= 1000) break;
  const entry = {
    property: 'cooperative-vs-reference',
    input,
    seed: SEED,
    path: String(i),
    failure: { summary: 'bench', divergence: null },
    toolVersion: 'bench',
  };
  if (writeCorpusEntry(corpus, entry).created) written += 1;
}
const t0 = performance.now();
const replay = await replayCorpus(corpus);
const inProcessMs = performance.now() - t0;
const t1 = performance.now();
const r = spawnSync(
  process.execPath,
  [join(dir, 'dist', 'src', 'cli', 'main.js'), 'replay', corpus, '--workers', '2'],
  {
    encoding: 'utf8',
  },
);
answer({ entries: replay.entries.length, inProcessMs, cliMs: performance.now() - t1, cliExit: r.status });

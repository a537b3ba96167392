/**
 * Fuzz throughput (`npm run bench`; never gated). Prints, after the Vitest bench table, a table of
 * cases/s per property with 1 and 2 workers, and the time to replay a 1,000-entry corpus.
 * Targets (issue text): 2 workers >= 1.7x of 1 worker on 2 cores; cooperative-vs-reference
 * >= 1,000 cases/s per core (4-role, depth-4 global types: runRequestArb's defaults); replay of
 * 1,000 entries < 10 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, bench, describe } from 'vitest';
import { runRequestArb } from '../arbitraries/runRequest.js';
import { writeCorpusEntry } from '../src/corpus/index.js';
import { listProperties, replayCorpus, runCampaign } from '../src/fuzz/index.js';

const SEED = 1125;
const RUNS = 200;
const rows: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'tt-fuzz-bench-'));

async function wallClock(workers: number, properties: readonly string[]): Promise<{ ms: number; cases: Record<string, number> }> {
  const t0 = performance.now();
  const report = await runCampaign({ seed: SEED, runs: RUNS, workers, properties, corpusDir: null });
  const ms = performance.now() - t0;
  return { ms, cases: Object.fromEntries(report.properties.map((p) => [p.id, p.casesPerSecond])) };
}

const measured = listProperties()
  .map((p) => p.id)
  .filter((id) => id !== 'lean-vs-cooperative');

describe(`fuzz campaign throughput (seed ${SEED}, ${RUNS} runs per property)`, () => {
  bench(
    'per property, 1 vs 2 workers',
    async () => {
      for (const id of measured) {
        const one = await wallClock(1, [id]);
        const two = await wallClock(2, [id]);
        const cps1 = (RUNS * 1000) / one.ms;
        const cps2 = (RUNS * 1000) / two.ms;
        rows.push(`| ${id} | ${Math.round(one.cases[id] ?? 0)} | ${Math.round(cps1)} | ${Math.round(cps2)} | ${(cps2 / cps1).toFixed(2)}x |`);
      }
    },
    { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 },
  );

  bench(
    'replay of a 1,000-entry corpus (cooperative-vs-reference requests)',
    async () => {
      const corpus = join(dir, 'corpus');
      // Distinct requests only (identical ones dedupe to one file).
      let written = 0;
      for (const [i, input] of fc.sample(runRequestArb(), { seed: SEED, numRuns: 5000 }).entries()) {
        if (written >= 1000) break;
        if (writeCorpusEntry(corpus, { property: 'cooperative-vs-reference', input, seed: SEED, path: String(i), failure: { summary: 'bench', divergence: null }, toolVersion: 'bench' }).created) written += 1;
      }
      const t0 = performance.now();
      const replay = await replayCorpus(corpus);
      const ms = performance.now() - t0;
      rows.push(`| replay ${replay.entries.length} entries | | ${(ms / 1000).toFixed(2)} s total | ${Math.round((replay.entries.length * 1000) / ms)} entries/s | |`);
    },
    { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 },
  );
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`\n| property | cases/s per core (1 worker) | wall cases/s, 1 worker | wall cases/s, 2 workers | speed-up |\n|---|---:|---:|---:|---:|\n${rows.join('\n')}\n`);
});

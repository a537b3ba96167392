/**
 * Fuzz throughput (`npm run bench`; never gated). Prints, after the Vitest bench table, a table of
 * cases/s per property (per core), the whole campaign's wall-clock rate with 1 and 2 workers (built
 * CLI, compiled workers), and the time to replay a 1,000-entry corpus.
 * Targets (issue text): 2 workers >= 1.7x of 1 worker on 2 cores; cooperative-vs-reference
 * >= 1,000 cases/s per core (4-role, depth-4 global types: runRequestArb's defaults); replay of
 * 1,000 entries < 10 s.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, bench, describe } from 'vitest';
import { runRequestArb } from '../arbitraries/runRequest.js';
import { writeCorpusEntry } from '../src/corpus/writeCorpusEntry.js';
import { replayCorpus } from '../src/fuzz/replayCorpus.js';

const SEED = 1125;
const RUNS = 200;
const SPEEDUP_RUNS = 600;
const rows: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'tt-fuzz-bench-'));

const cli = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));

// The production path: the built CLI with its compiled tinypool workers (`npm run bench` builds first).
function campaign(
  workers: number,
  budget: readonly string[],
): { ms: number; report: { properties: { id: string; cases: number; casesPerSecond: number; skipped?: string }[] } } {
  const file = join(dir, `report-${workers}.json`);
  const t0 = performance.now();
  const r = spawnSync(
    process.execPath,
    [
      cli,
      'fuzz',
      ...budget,
      '--seed',
      String(SEED),
      '--workers',
      String(workers),
      '--corpus',
      join(dir, `c${workers}`),
      '--report',
      file,
    ],
    { encoding: 'utf8', env: { ...process.env, CI: '1' } },
  );
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`fuzz exited ${String(r.status)}: ${r.stderr}`);
  return { ms, report: JSON.parse(readFileSync(file, 'utf8')) as ReturnType<typeof campaign>['report'] };
}

describe(`fuzz campaign throughput (seed ${SEED}, ${RUNS} runs per property, ${SPEEDUP_RUNS} runs for the speed-up)`, () => {
  bench(
    'whole campaign, 1 vs 2 workers (built CLI)',
    () => {
      rows.length = 0;
      const perProperty = campaign(1, ['--runs', String(RUNS)]);
      for (const p of perProperty.report.properties) {
        if (p.skipped !== undefined) continue;
        rows.push(`| ${p.id} | ${p.cases} | ${p.casesPerSecond} |`);
      }
      // The same cases (--runs), 1 vs 2 workers: wall-clock speed-up, start-up included.
      const walls: number[] = [];
      for (const workers of [1, 2]) {
        const run = campaign(workers, ['--runs', String(SPEEDUP_RUNS)]);
        const total = run.report.properties.reduce((n, p) => n + p.cases, 0);
        walls.push(run.ms);
        rows.push(
          `| campaign --runs ${SPEEDUP_RUNS}, ${workers} worker(s) | ${total} | ${Math.round((total * 1000) / run.ms)} (wall ${(run.ms / 1000).toFixed(1)} s${workers === 2 ? `; speed-up ${((walls[0] ?? 0) / (walls[1] ?? 1)).toFixed(2)}x` : ''}) |`,
        );
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
        if (
          writeCorpusEntry(corpus, {
            property: 'cooperative-vs-reference',
            input,
            seed: SEED,
            path: String(i),
            failure: { summary: 'bench', divergence: null },
            toolVersion: 'bench',
          }).created
        )
          written += 1;
      }
      const t0 = performance.now();
      const replay = await replayCorpus(corpus);
      const ms = performance.now() - t0;
      rows.push(
        `| replay of ${replay.entries.length} corpus entries, in-process | ${replay.entries.length} | ${Math.round((replay.entries.length * 1000) / ms)} (${(ms / 1000).toFixed(2)} s) |`,
      );
      // The CLI path: built workers, 2 threads.
      const t1 = performance.now();
      const r = spawnSync(process.execPath, [cli, 'replay', corpus, '--workers', '2'], { encoding: 'utf8' });
      const ms2 = performance.now() - t1;
      rows.push(
        `| replay of ${replay.entries.length} corpus entries, CLI --workers 2 | ${replay.entries.length} | ${Math.round((replay.entries.length * 1000) / ms2)} (${(ms2 / 1000).toFixed(2)} s, exit ${String(r.status)}) |`,
      );
    },
    { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 },
  );
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(
    `\n| measure | cases | cases/s (per core for a property) |\n|---|---:|---:|\n${rows.join('\n')}\n`,
  );
});

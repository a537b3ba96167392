import { writeCorpusEntry, writeFileAtomic } from '../corpus/writeCorpusEntry.js';
import { describeFsError } from '../types/describeFsError.js';
import { closeContext, createContext } from './_internals/createContext.js';
import { createPool, type FuzzPool } from './_internals/createPool.js';
import { runChunk, type ChunkFailure, type ChunkResult, type ChunkTask } from './_internals/runChunk.js';
import { PropertySteering } from './_internals/steering.js';
import { keepInPool, replayPool } from './_internals/seedPool.js';
import { chunkSeed } from './_internals/seeds.js';
import { toolVersion } from '../version.js';
import { formatReport } from './formatReport.js';
import { resolveCampaignOptions } from './resolveCampaignOptions.js';
import { keepAlive } from './_internals/keepAlive.js';
import type { AnyFuzzProperty, CampaignOptions, CampaignReport, Counterexample, PropertyReport } from './types.js';

/** Aim of a pool task's duration, and the most chunks one task may carry. */
const kTargetTaskMs = 100;
const kMaxBatch = 64;

interface PropertyState {
  readonly property: AnyFuzzProperty;
  skipped: string | null;
  /** Completed chunk results by chunk index. */
  readonly results: Map<number, ChunkResult>;
  /** Lowest failing chunk so far; chunks above it are not dispatched and their results dropped. */
  failedAt: number | null;
  nextChunk: number;
  busyMs: number;
  /** Chunks whose results came back (the measure behind batch sizes). */
  doneChunks: number;
  /** Chunks that never finished (worker timeout or crash): findings without a counterexample. */
  readonly unfinished: { readonly chunk: number; readonly message: string }[];
}

/**
 * Runs a fuzz campaign: for every selected property, cases in chunks of `chunkSize` whose fast-check
 * seed derives from (seed, property, chunk), so the same seed and `runs` give the same cases and
 * the same report whatever `workers` is; `shard` keeps chunks `k` with `k % count === index - 1`.
 * The first failing chunk of a property is its counterexample (shrunk by fast-check), saved to the
 * corpus. Never throws for a finding; throws {@link TelltaleError} only for bad options.
 *
 * @example
 * ```ts
 * const report = await runCampaign({ seed: 42, runs: 200, properties: ['json-roundtrip'] });
 * if (report.counterexamples.length > 0) process.exitCode = 1;
 * ```
 * @public
 */
export async function runCampaign(options: CampaignOptions = {}): Promise<CampaignReport> {
  const {
    seed,
    runs,
    timeMs,
    chunkSize,
    chunkTimeoutMs,
    shard,
    corpusDir,
    workers,
    lanes: laneSpec,
    properties: selected,
    implementations,
    report: reportFile,
    onProgress,
    swarm,
    feedback,
    poolDir,
  } = resolveCampaignOptions(options);
  const steering = new Map(selected.map((p) => [p.id, new PropertySteering(p, { seed, swarm, feedback })]));
  const steer = (id: string): PropertySteering | undefined => steering.get(id);

  const warnings: string[] = [];
  const release = keepAlive();
  const ctx = await createContext(laneSpec, implementations);
  let pool: FuzzPool | null = null;
  const started = Date.now();
  const states: PropertyState[] = [];
  try {
    for (const property of selected) {
      let skipped: string | null = null;
      try {
        skipped = (await property.requires?.(ctx)) ?? null;
      } catch (error) {
        skipped = `set-up check failed: ${error instanceof Error ? error.message : String(error)}`;
      }
      states.push({
        property,
        skipped,
        results: new Map(),
        failedAt: null,
        nextChunk: 0,
        busyMs: 0,
        doneChunks: 0,
        unfinished: [],
      });
    }
    const active = states.filter((s) => s.skipped === null);
    const chunksPerProperty = runs === null ? Number.POSITIVE_INFINITY : Math.ceil(runs / chunkSize);
    const deadline = timeMs === null ? Number.POSITIVE_INFINITY : started + timeMs;
    const inShard = (chunk: number): boolean => shard === null || chunk % shard.count === shard.index - 1;

    // Round-robin over properties, chunk by chunk, so a time budget spreads over all properties.
    let cursor = 0;
    // Up to `limit` consecutive in-shard chunks of the next property in round-robin order.
    const nextBatch = (
      limitFor: (state: PropertyState) => number,
    ): { state: PropertyState; batch: ChunkTask[] } | null => {
      if (Date.now() >= deadline) return null;
      for (let tries = 0; tries < active.length; tries += 1) {
        const state = active[(cursor + tries) % active.length];
        if (state === undefined) continue;
        const batch: ChunkTask[] = [];
        const limit = limitFor(state);
        while (batch.length < limit && state.failedAt === null && state.skipped === null) {
          while (state.nextChunk < chunksPerProperty && !inShard(state.nextChunk)) state.nextChunk += 1;
          if (state.nextChunk >= chunksPerProperty) break;
          const chunk = state.nextChunk;
          state.nextChunk += 1;
          const numRuns = runs === null ? chunkSize : Math.min(chunkSize, runs - chunk * chunkSize);
          const chunkFastCheckSeed = chunkSeed(seed, state.property.id, chunk);
          const config = steer(state.property.id)?.configFor(chunk, chunkFastCheckSeed) ?? null;
          batch.push({ property: state.property.id, chunk, seed: chunkFastCheckSeed, numRuns, swarm: config });
        }
        if (batch.length === 0) continue;
        cursor = (cursor + tries + 1) % active.length;
        return { state, batch };
      }
      return null;
    };

    const progress = (newFailure?: Counterexample): void => {
      if (onProgress === null) return;
      const elapsedMs = Date.now() - started;
      const properties = states.map((s) => ({
        id: s.property.id,
        cases: countedCases(s),
        failures: s.failedAt === null ? 0 : 1,
        ...(s.skipped === null ? {} : { skipped: s.skipped }),
      }));
      const cases = properties.reduce((sum, p) => sum + p.cases, 0);
      onProgress({
        elapsedMs,
        cases,
        casesPerSecond: elapsedMs > 0 ? (cases * 1000) / elapsedMs : 0,
        failures: properties.reduce((sum, p) => sum + p.failures, 0),
        properties,
        ...(newFailure === undefined ? {} : { newFailure }),
      });
    };

    const accept = (state: PropertyState, result: ChunkResult): void => {
      steer(state.property.id)?.accept(result);
      state.busyMs += result.ms;
      state.doneChunks += 1;
      if (state.failedAt !== null && result.chunk > state.failedAt) return;
      if (result.skipped !== undefined) {
        // The property found it cannot run here (a lane that cannot start): a set-up problem, not a
        // finding. Nothing it produced counts, and no further chunk is dispatched.
        if (state.failedAt === null && state.skipped === null) state.skipped = result.skipped;
        return;
      }
      state.results.set(result.chunk, result);
      if (result.failure !== null) {
        state.failedAt = result.chunk;
        for (const chunk of [...state.results.keys()]) if (chunk > result.chunk) state.results.delete(chunk);
      }
    };

    // First update before any case: announces skipped properties at once.
    progress();
    // The seed pool first: its features count as seen; an entry that fails now is a counterexample.
    if (poolDir !== null)
      await replayPool(
        poolDir,
        active.map((s) => s.property),
        ctx,
        steering,
        warnings,
        (id, result) => {
          const state = active.find((s) => s.property.id === id);
          if (state !== undefined) accept(state, result);
        },
      );
    if (workers <= 1 || active.length === 0) {
      for (let next = nextBatch(() => 1); next !== null; next = nextBatch(() => 1)) {
        for (const task of next.batch) {
          const result = await runChunk(next.state.property, ctx, task, {
            deadline: timeMs === null ? null : deadline,
          });
          accept(next.state, result);
        }
        progress();
      }
    } else {
      const livePool = createPool(workers);
      pool = livePool;
      const inFlight = new Set<Promise<void>>();
      // Batch fast properties so a task takes about kTargetTaskMs (a message round trip per 1 ms
      // chunk would dominate); the first task of a property is one chunk, to measure it.
      const batchLimit = (state: PropertyState): number =>
        state.doneChunks === 0
          ? 1
          : Math.max(
              1,
              Math.min(kMaxBatch, Math.floor(kTargetTaskMs / Math.max(0.01, state.busyMs / state.doneChunks))),
            );
      const launch = (next: { state: PropertyState; batch: ChunkTask[] }): void => {
        // nextBatch never returns an empty batch.
        const first = next.batch[0] as ChunkTask;
        const job = livePool
          .run(
            { batch: next.batch, deadline: timeMs === null ? null : deadline, lanes: laneSpec },
            chunkTimeoutMs * next.batch.length,
          )
          .then(
            (results) => {
              for (const result of results) accept(next.state, result);
            },
            (error: unknown) => {
              // A hang or a crash of the code under test is a finding, never a pass.
              const chunks =
                next.batch.length === 1
                  ? `chunk ${first.chunk}`
                  : `chunks ${first.chunk}-${next.batch[next.batch.length - 1]?.chunk ?? first.chunk}`;
              const message = `${first.property} ${chunks} (fast-check seed ${first.seed}, ${first.numRuns} cases) did not finish: ${error instanceof Error ? error.message : String(error)}; rerun in-process with --workers 1 to find the case`;
              next.state.unfinished.push({ chunk: first.chunk, message });
              warnings.push(message);
            },
          )
          .then(() => {
            inFlight.delete(job);
            progress();
          });
        inFlight.add(job);
      };
      // Keep a small queue per worker so workers never idle, without over-dispatching past a failure.
      for (;;) {
        while (inFlight.size < workers * 2) {
          const next = nextBatch(batchLimit);
          if (next === null) break;
          launch(next);
        }
        if (inFlight.size === 0) break;
        await Promise.race(inFlight);
      }
    }
  } finally {
    if (pool !== null) await pool.destroy();
    await closeContext(ctx);
    release();
  }

  const counterexamples: Counterexample[] = [];
  const propertyReports: PropertyReport[] = [];
  for (const state of states) {
    const cases = countedCases(state);
    const seconds = state.busyMs / 1000;
    const files: string[] = [];
    const learnt = steer(state.property.id);
    const observed = state.skipped === null ? learnt?.report(state.failedAt) : undefined;
    const added =
      poolDir !== null && learnt !== undefined && state.skipped === null
        ? keepInPool(poolDir, learnt, state.failedAt, ctx, seed, warnings)
        : 0;
    if (state.failedAt !== null) {
      const result = state.results.get(state.failedAt);
      const failure = result?.failure;
      if (failure !== undefined && failure !== null) {
        let corpusFile: string | null = null;
        if (corpusDir !== null) {
          try {
            const written = writeCorpusEntry(corpusDir, {
              property: state.property.id,
              input: failure.input,
              seed: failure.seed,
              path: failure.path,
              failure: {
                summary: failure.summary,
                divergence: failure.divergence,
                ...(failure.hint === undefined ? {} : { hint: failure.hint }),
              },
              toolVersion: toolVersion(),
              campaignSeed: seed,
              ...(failure.fullyShrunk ? {} : { fullyShrunk: false }),
              ...(failure.swarm === null ? {} : { swarm: failure.swarm }),
            });
            corpusFile = written.file;
            files.push(corpusFile);
            if (written.replaced !== undefined)
              warnings.push(`replaced ${written.file} while saving ${state.property.id}: ${written.replaced.message}`);
          } catch (error) {
            warnings.push(
              `could not save the counterexample of ${state.property.id}: ${error instanceof Error ? error.message : String(error)}`,
            );
          }
        }
        counterexamples.push({
          property: state.property.id,
          seed: failure.seed,
          path: failure.path,
          input: failure.input,
          summary: failure.summary,
          divergence: failure.divergence,
          ...(failure.hint === undefined ? {} : { hint: failure.hint }),
          numShrinks: failure.numShrinks,
          fullyShrunk: failure.fullyShrunk,
          corpusFile,
          chunk: state.failedAt,
          ...(failure.swarm === null ? {} : { swarm: failure.swarm }),
          detection: detectionOf(state, failure),
        });
      }
    }
    propertyReports.push({
      id: state.property.id,
      description: state.property.description,
      cases,
      failures:
        (state.failedAt === null ? 0 : 1) +
        state.unfinished.filter((u) => state.failedAt === null || u.chunk < state.failedAt).length,
      seconds: Math.round(seconds * 1000) / 1000,
      casesPerSecond: seconds > 0 ? Math.round(cases / seconds) : 0,
      ...(state.skipped === null ? {} : { skipped: state.skipped }),
      counterexamples: files,
      ...(observed === undefined ? {} : observed),
      ...(learnt === undefined || poolDir === null || state.skipped !== null
        ? {}
        : { pool: { replayed: learnt.poolReplayed, added } }),
    });
  }

  const report: CampaignReport = {
    version: toolVersion(),
    seed,
    budget: { runs, timeMs, shard: shard === null ? null : `${shard.index}/${shard.count}`, workers },
    properties: propertyReports,
    counterexamples,
    warnings,
  };
  if (reportFile === null) return report;
  try {
    writeFileAtomic(reportFile, formatReport(report, reportFile.endsWith('.md') ? 'markdown' : 'json'));
    return report;
  } catch (error) {
    // The findings are in the returned report (and the corpus): say what was not written, do not throw them away.
    const reportError = `could not write the report to '${reportFile}': ${describeFsError(error)}`;
    return { ...report, warnings: [...warnings, reportError], reportError };
  }
}

/** Generated cases and time (ms, where they ran) until the failure was found, shrinking excluded. */
function detectionOf(state: PropertyState, failure: ChunkFailure): { cases: number; ms: number } {
  let cases = failure.detectCases;
  let ms = failure.detectMs;
  for (const [chunk, result] of state.results) {
    if (state.failedAt === null || chunk >= state.failedAt) continue;
    cases += result.cases;
    ms += result.ms;
  }
  return { cases, ms: Math.round(ms) };
}

function countedCases(state: PropertyState): number {
  let cases = 0;
  for (const [chunk, result] of state.results)
    if (state.failedAt === null || chunk <= state.failedAt) cases += result.cases;
  return cases;
}

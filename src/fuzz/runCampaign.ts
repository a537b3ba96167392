import { closeContext, createContext, laneCommands } from './_internals/createContext.js';
import { createPool } from './_internals/createPool.js';
import { SessionPool } from './_internals/sessionPool.js';
import { runChunk, type ChunkResult, type ChunkTask } from './_internals/runChunk.js';
import { PropertySteering } from './_internals/steering.js';
import { keepInPool, replayPool } from './_internals/seedPool.js';
import { ChunkDispatch, type ChunkBatch } from './_internals/chunkDispatch.js';
import { keepAlive } from './_internals/keepAlive.js';
import { describeActivities, slowLane, type ChunkActivity } from './_internals/activity.js';
import { finishCampaign } from './_internals/finishCampaign.js';
import { CampaignStop } from './_internals/campaignStop.js';
import { chunksPerTask, remainingMs } from './_internals/taskSize.js';
import type { PoolAdded } from './_internals/fuzzWorker.js';
import {
  countedCases,
  detectionOf,
  newPropertyState,
  recordResult,
  type PropertyState,
} from './_internals/propertyState.js';
import { resolveCampaignOptions } from './resolveCampaignOptions.js';
import { counted } from './report/status.js';
import type { CampaignActivity, CampaignOptions, CampaignReport } from './types.js';

/** A lane run longer than this is called out in the progress output. */
const kSlowLaneMs = 5_000;
/** How often progress is refreshed while no chunk completes (shrinking, a slow lane). */
const kProgressTickMs = 1_000;
/** Longest an in-process campaign runs before it lets the event loop handle signals and timers. */
const kYieldMs = 50;

/**
 * Runs a fuzz campaign: for every selected property, cases in chunks of `chunkSize` whose fast-check
 * seed derives from (seed, property, chunk), so the same seed and `runs` give the same cases and
 * the same report whatever `workers` is; `shard` keeps chunks `k` with `k % count === index - 1`.
 * The first failing chunk of a property is its counterexample (shrunk by fast-check), saved to the
 * corpus with the commands of the external lanes it ran. An aborted `signal` stops the campaign:
 * no case starts after it, the workers are stopped, what was found is saved and the report says
 * `status: 'interrupted'`. Never throws for a finding; throws {@link TelltaleError} only for bad options.
 *
 * @example
 * ```ts
 * const report = await runCampaign({ seed: 42, runs: 200, properties: ['json-roundtrip'] });
 * if (report.status !== 'passed') process.exitCode = 1;
 * ```
 * @public
 */
export async function runCampaign(options: CampaignOptions = {}): Promise<CampaignReport> {
  const resolved = resolveCampaignOptions(options);
  const { seed, runs, timeMs, chunkSize, chunkTimeoutMs, shard, workers, onProgress } = resolved;
  const { lanes: laneSpec, properties: selected, implementations, swarm, feedback, poolDir } = resolved;
  const signal = options.signal ?? null;
  const steering = new Map(selected.map((p) => [p.id, new PropertySteering(p, { seed, swarm, feedback })]));
  const steer = (id: string): PropertySteering | undefined => steering.get(id);

  const warnings: string[] = [];
  const release = keepAlive();
  const ctx = await createContext(laneSpec, implementations);
  let pool: SessionPool | null = null;
  const startedAt = new Date();
  const started = startedAt.getTime();
  const states: PropertyState[] = [];
  // What each busy task (worker) is doing, and the slowest lane run seen per lane.
  const activities = new Map<number, ChunkActivity>();
  // Seed-pool writes done in workers, by property (null: under way).
  const kept = new Map<string, PoolAdded | null>();
  const slowest = new Map<string, number>();
  let writing = false;
  let ticker: ReturnType<typeof setInterval> | null = null;
  // What was being shrunk at the signal.
  const shrinkingAtAbort = new Set<string>();
  // Every running chunk ends after the check under way, keeping a failure it found as it stands.
  const stop = new CampaignStop(signal, () => {
    for (const a of activities.values()) if (a.phase === 'shrinking') shrinkingAtAbort.add(a.property);
  });
  const aborted = (): boolean => stop.aborted;

  const progress = (): void => {
    if (onProgress === null) return;
    const now = Date.now();
    const elapsedMs = now - started;
    const properties = states.map((s) => ({
      id: s.property.id,
      cases: countedCases(s),
      failures: s.failedAt === null ? 0 : 1,
      ...(s.skipped === null ? {} : { skipped: s.skipped }),
    }));
    const cases = properties.reduce((sum, p) => sum + p.cases, 0);
    const activity: CampaignActivity[] = writing
      ? [{ phase: 'writing', sinceMs: 0 }]
      : describeActivities(activities, now);
    const slow = slowLane(activities, slowest, now, kSlowLaneMs);
    onProgress({
      elapsedMs,
      budgetMs: timeMs,
      runs,
      cases,
      casesPerSecond: elapsedMs > 0 ? (cases * 1000) / elapsedMs : 0,
      failures: properties.reduce((sum, p) => sum + p.failures, 0),
      properties,
      activity,
      ...(slow === undefined ? {} : { slow }),
    });
  };
  // A lane run that ended: remember how long it took (its start came with the earlier report).
  const noteActivity = (task: number, next: ChunkActivity): void => {
    const previous = activities.get(task);
    if (previous?.lane !== undefined && previous.laneSince !== undefined && next.laneSince !== previous.laneSince) {
      const ms = Date.now() - previous.laneSince;
      slowest.set(previous.lane, Math.max(slowest.get(previous.lane) ?? 0, ms));
    }
    activities.set(task, next);
  };

  try {
    // Workers start (load their modules) while the properties' set-up checks and the seed pool's replay run here.
    const livePool = workers > 1 ? new SessionPool(createPool(workers), workers, laneSpec, stop.cell) : null;
    pool = livePool;
    for (const property of selected) {
      let skipped: string | null = null;
      try {
        skipped = (await property.requires?.(ctx)) ?? null;
      } catch (error) {
        skipped = `set-up check failed: ${error instanceof Error ? error.message : String(error)}`;
      }
      states.push(newPropertyState(property, skipped));
    }
    const active = states.filter((s) => s.skipped === null);
    const deadline = timeMs === null ? Number.POSITIVE_INFINITY : started + timeMs;
    const dispatch = new ChunkDispatch({
      active,
      seed,
      runs,
      chunkSize,
      inShard: (chunk) => shard === null || chunk % shard.count === shard.index - 1,
      steer,
      closed: () => Date.now() >= deadline || aborted(),
    });
    const chunksLeft = (state: PropertyState): number => dispatch.chunksLeft(state);

    const accept = (state: PropertyState, result: ChunkResult): void => {
      // Stopped by the signal before it found anything: its cases did not all run, none counts.
      if (result.interrupted === true) return;
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
      recordResult(state, result);
    };

    // First update before any case: announces skipped properties at once.
    progress();
    if (onProgress !== null) {
      ticker = setInterval(progress, kProgressTickMs);
      ticker.unref();
    }
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
    if (livePool === null || active.length === 0) {
      let lastYield = Date.now();
      for (let next = dispatch.next(() => 1); next !== null; next = dispatch.next(() => 1)) {
        for (const task of next.batch) {
          const result = await stop.until(
            runChunk(next.state.property, ctx, task, {
              deadline: timeMs === null ? null : deadline,
              interrupt: stop.interrupt,
              ...(onProgress === null ? {} : { onActivity: (a: ChunkActivity) => noteActivity(0, a) }),
            }),
            'grace',
          );
          if (result === null) break;
          next.state.inFlight -= 1;
          accept(next.state, result);
        }
        progress();
        // Synchronous checks settle as microtasks: give signals and timers a turn between chunks.
        if (Date.now() - lastYield >= kYieldMs) {
          await new Promise((resolve) => setImmediate(resolve));
          lastYield = Date.now();
        }
      }
    } else {
      const inFlight = new Set<Promise<void>>();
      let taskId = 0;
      const batchLimit = (state: PropertyState): number =>
        chunksPerTask(state, remainingMs(active, chunksLeft), workers);
      // A property whose every chunk came back writes its seed pool in a worker while the other
      // properties' chunks run (after the loop: the rest, in parallel), not on the main thread at the end.
      const keepInWorker = (state: PropertyState): void => {
        const learnt = steer(state.property.id);
        if (poolDir === null || learnt === undefined || state.skipped !== null || kept.has(state.property.id)) return;
        const id = state.property.id;
        const candidates = learnt.poolCandidates(state.failedAt);
        const job = livePool
          .run<PoolAdded>({ kind: 'keep', property: id, poolDir, candidates, campaignSeed: seed }, chunkTimeoutMs)
          .then(
            (added) => void kept.set(id, added),
            // Not written (stopped, a crash): the main thread writes it at the end, as without workers.
            () => void kept.delete(id),
          )
          .then(() => void inFlight.delete(job));
        kept.set(id, null);
        inFlight.add(job);
      };
      const finished = (state: PropertyState): boolean =>
        state.inFlight === 0 && (state.failedAt !== null || chunksLeft(state) === 0);
      const launch = (next: ChunkBatch, worker: number): void => {
        // The dispatcher never returns an empty batch.
        const first = next.batch[0] as ChunkTask;
        const id = (taskId += 1);
        const job = livePool
          .run<ChunkResult[]>(
            {
              kind: 'batch',
              batch: next.batch,
              deadline: timeMs === null ? null : deadline,
              activity: onProgress !== null,
            },
            chunkTimeoutMs * next.batch.length,
            (a: ChunkActivity) => noteActivity(id, a),
            worker,
          )
          .then(
            (results) => {
              for (const result of results) accept(next.state, result);
            },
            (error: unknown) => {
              // Stopped on purpose: what the task did is lost, nothing is wrong with the property.
              if (aborted()) return;
              // A hang or a crash of the code under test is a finding, never a pass.
              const chunks =
                next.batch.length === 1
                  ? `chunk ${first.chunk}`
                  : `chunks ${first.chunk}-${next.batch[next.batch.length - 1]?.chunk ?? first.chunk}`;
              const message = `${first.property} ${chunks} (fast-check seed ${first.seed}, ${counted(first.numRuns, 'case')}) did not finish: ${error instanceof Error ? error.message : String(error)}; rerun in-process with --workers 1 to find the case`;
              next.state.unfinished.push({ chunk: first.chunk, message });
              warnings.push(message);
            },
          )
          .then(() => {
            next.state.inFlight -= next.batch.length;
            activities.delete(id);
            inFlight.delete(job);
            if (!aborted() && Date.now() < deadline && finished(next.state)) keepInWorker(next.state);
            progress();
          });
        inFlight.add(job);
      };
      // Keep a small queue per worker so workers never idle, without over-dispatching past a failure.
      for (;;) {
        for (let worker = livePool.roomFor(); worker !== null; worker = livePool.roomFor()) {
          const next = dispatch.next(batchLimit, worker);
          if (next === null) break;
          launch(next, worker);
        }
        if (inFlight.size === 0 || aborted()) break;
        await stop.until(Promise.race(inFlight), 'signal');
      }
      if (!aborted()) {
        for (const state of active) keepInWorker(state);
        await Promise.race([Promise.all(inFlight), stop.signalled]);
      }
      // Stopped: the chunks under way end at their next case (a failure kept as it stands).
      if (aborted()) await Promise.race([Promise.all(inFlight), stop.graceOver]);
    }
  } finally {
    if (ticker !== null) clearInterval(ticker);
    // A failure still being shrunk at the signal whose chunk did not end in time is not saved: say
    // so, and how to find it again (the same seed gives the same chunks).
    for (const property of shrinkingAtAbort)
      if (states.find((s) => s.property.id === property)?.failedAt === null)
        warnings.push(
          `${property}: a failing case was being shrunk when the campaign was interrupted and was not saved; re-run with --seed ${seed} to find it again`,
        );
    activities.clear();
    if (pool !== null) await pool.stop();
    await closeContext(ctx);
    release();
  }

  writing = true;
  progress();
  for (const [lane, ms] of slowest) {
    if (ms >= kSlowLaneMs)
      warnings.push(
        `lane '${lane}' was slow: one request took ${(ms / 1000).toFixed(1)} s (a lane that answers in milliseconds lets the campaign try many more cases)`,
      );
  }
  return finishCampaign(resolved, {
    states: states.map((s) => {
      const failure = s.failedAt === null ? null : (s.results.get(s.failedAt)?.failure ?? null);
      // What the cases exercised (statistics, coverage) and what they added to the seed pool.
      const learnt = steer(s.property.id);
      const observed = s.skipped === null ? learnt?.report(s.failedAt) : undefined;
      const inWorker = kept.get(s.property.id) ?? null;
      if (inWorker !== null) warnings.push(...inWorker.problems);
      const added =
        poolDir === null || learnt === undefined || s.skipped !== null
          ? 0
          : (inWorker?.added ?? keepInPool(poolDir, learnt, s.failedAt, ctx, seed, warnings));
      return {
        property: s.property,
        skipped: s.skipped,
        failure,
        detection: failure === null ? null : detectionOf(s, failure),
        failedAt: s.failedAt,
        cases: countedCases(s),
        busyMs: s.busyMs,
        finished: s.exhausted && s.inFlight === 0,
        unfinished: s.unfinished,
        ...(observed === undefined ? {} : { observed }),
        ...(learnt === undefined || poolDir === null || s.skipped !== null
          ? {}
          : { pool: { replayed: learnt.poolReplayed, added } }),
      };
    }),
    warnings,
    startedAt,
    interruptedBy: aborted() ? signalName(signal?.reason) : null,
    laneCommands: laneCommands(laneSpec),
  });
}

// The CLI aborts with the signal's name as the reason; other callers get a generic one.
function signalName(reason: unknown): string {
  return typeof reason === 'string' && /^SIG[A-Z]+$/.test(reason) ? reason : 'abort';
}

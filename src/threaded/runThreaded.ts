import { availableParallelism } from 'node:os';
import { bridgeOutput } from '../machine/bridgeOutput.js';
import type { RawStepState } from '../projection/lazyStepStates.js';
import { DEFAULT_MAX_OUTPUT_BYTES, OutputBudget, OutputLimitExceeded, outputTooLarge } from '../types/outputBudget.js';
import type { RunRequest, RunResult } from '../types/bridge.js';
import type { BridgeError } from '../types/errors.js';
import type { CodeImage, MachineConfig } from '../types/machine.js';
import type { Result } from '../types/result.js';
import { err, ok } from '../types/result.js';
import type { ThreadedPool } from './createThreadedPool.js';
import { createThreadedPool } from './createThreadedPool.js';
import { runCanonicalAhead } from './_internals/canonicalAhead.js';
import { CertificateHook } from './_internals/certificateHook.js';
import { driveRounds } from './_internals/driveRounds.js';
import { isCodeImage, loadInput } from './_internals/loadInput.js';
import { packInput } from './_internals/packInput.js';
import { resolveThreadedOptions, resolveThreadedRun } from './resolveThreadedOptions.js';
import { runParallelWaves } from './_internals/parallelWaves.js';
import type { ParallelWavesOutcome } from './_internals/parallelWaves.js';
import { ThreadedRecorder } from './_internals/threadedDiagnostics.js';
import type { ThreadedDiagnostics } from './_internals/threadedDiagnostics.js';
export type { ThreadedDiagnostics, LaneTraceEntry } from './_internals/threadedDiagnostics.js';
import type { WorkerInjection } from './_internals/workerProtocol.js';

/**
 * Options of {@link runThreaded}. Everything except `workers`, `pool` and `timeoutMs` is semantic;
 * those three change only speed and failure handling, never the output.
 * @public
 */
export interface ThreadedOptions {
  /** The semantic lane count n (machine.md §11.1). For a run request its `concurrency` (0 → 1) unless set here. @defaultValue 1 */
  readonly lanes?: number;
  /**
   * Threads that execute steps, the calling thread included; speed only. `1` runs on the calling
   * thread alone; `k > 1` adds up to `k - 1` pool threads. Without a `pool`, a pool is started
   * for this run alone (thread start-up is paid per run: pass a pool for repeated runs).
   * @defaultValue the pool's thread count + 1 (the caller), else 1
   */
  readonly workers?: number;
  /** Round semantics (machine.md §11). @defaultValue `config.threadedRoundSemantics` (`'canonical_one_step'`) */
  readonly mode?: 'canonical_one_step' | 'wave_parallel_extension';
  /** Pick schedule (machine.md §7.7); consumed by canonical picks only. */
  readonly schedule?: readonly number[];
  /** Record events (default true). Off: empty `trace`, no `step_states`, empty `machine_trace`, and no `lane_trace`/`certificates` in `diagnostics.threaded`. */
  readonly trace?: boolean;
  /** Record `step_states` (default true; needs `trace`). Step states need the whole machine, so they keep the run on the calling thread. */
  readonly stepStates?: boolean;
  /** Deadline of a run that uses worker threads; past it the run is `TimedOut`. @defaultValue 120_000 */
  readonly timeoutMs?: number;
  /** A pool from {@link createThreadedPool}, reused across runs; without one a pool is started and closed per run. */
  readonly pool?: ThreadedPool;
  /** Machine configuration overrides (machine.md §9.1). */
  readonly config?: Partial<MachineConfig>;
  /** Step budget for a code image (a run request brings `max_steps`). @defaultValue 1_000_000 */
  readonly maxSteps?: number;
  /** Output limit (bridge.md §7): past it the run stops with `OutputTooLarge`, as a process lane does. @defaultValue 268435456 */
  readonly maxOutputBytes?: number;
  /** Fewest sessions for which wave rounds go to worker threads (one session gains nothing). @internal @defaultValue 2 */
  readonly workerSessionThreshold?: number;
  /** Engine self-tests only: allow more wave-round threads than cores (normally capped). @internal */
  readonly oversubscribe?: boolean;
  /** Engine self-tests only: the wave rounds' contention guard threshold (0 never redoes, 2 always does). @internal */
  readonly contendedBusyShare?: number;
  /** Engine self-tests only: rounds every thread plays alone before the barrier rounds of a wave-parallel run (default 400). @internal */
  readonly soloRounds?: number;
  /** Engine self-tests only: told when a threaded run is redone on the calling thread, and why. @internal */
  readonly onRedo?: (reason: 'certificate' | 'contention') => void;
  /** Engine self-tests only: make a worker fail in its second round (second request when computing ahead). @internal */
  readonly faultInjection?: WorkerInjection;
  /** Test hooks of this run (machine.md §11.4 check 5); never needed outside tests. */
  readonly testHooks?: ThreadedTestHooks;
}

/**
 * Test hooks of one threaded run.
 * @example
 * ```ts
 * const r = await runThreaded(req, { lanes: 2, mode: 'wave_parallel_extension', testHooks: { forceInvalidCertificateOnce: true } });
 * r.ok && r.value.diagnostics?.threaded?.certificate_fallbacks; // 1
 * ```
 * @public
 */
export interface ThreadedTestHooks {
  /**
   * The run's first wave-certificate check fails (Rust `force_invalid_wave_certificate_once`), so
   * that round falls back to one canonical step (machine.md §11.4 check 5, §11.6).
   * @defaultValue false
   */
  readonly forceInvalidCertificateOnce?: boolean;
}

/**
 * Runs a run request (or a code image) on the threaded engine (machine.md §11): n = `lanes`
 * semantic lanes; `canonical_one_step`, or n = 1, gives exactly the cooperative output;
 * `wave_parallel_extension` at n > 1 runs every runnable coroutine once per round in certified
 * waves. Returns the bridge form beside diagnostics whose `threaded` block holds lanes, mode,
 * `max_wave_width`, `certificate_fallbacks`, the executed certificates and the lane trace. Wave
 * rounds of a multi-session run use worker threads (sessions are partitioned over them); the
 * result never depends on `workers`. Load errors, worker crashes (`WorkerCrashed`) and deadlines
 * (`TimedOut`) are `BridgeError`s.
 * @example
 * ```ts
 * const pool = createThreadedPool({ workers: 2 });
 * const r = await runThreaded(request, { lanes: 2, mode: 'wave_parallel_extension', pool });
 * if (r.ok) console.log(r.value.diagnostics?.threaded?.max_wave_width);
 * await pool.close();
 * ```
 * @public
 */
export async function runThreaded(
  input: RunRequest | CodeImage,
  options: ThreadedOptions = {},
): Promise<Result<RunResult, BridgeError>> {
  try {
    return await runThreadedUnguarded(input, options);
  } catch (e) {
    if (e instanceof OutputLimitExceeded) return err(outputTooLarge(e.limitBytes));
    // Pathological nesting exhausts the stack while loading: data, exactly as the cooperative engine says it.
    if (e instanceof RangeError)
      return err({ code: 'ParseError', path: '$', message: `bad choreography: nesting too deep (${e.message})` });
    throw e;
  }
}

async function runThreadedUnguarded(
  input: RunRequest | CodeImage,
  options: ThreadedOptions,
): Promise<Result<RunResult, BridgeError>> {
  const resolved = resolveThreadedOptions(options);
  if (!resolved.ok) return resolved;
  const o = resolved.value;
  const { trace: tracing, stepStates: recordStates, config, workers, schedule } = o;
  const loaded = loadInput(input, config, tracing);
  if (!loaded.ok) return loaded;
  const m = loaded.value.machine;
  const image = isCodeImage(input);
  const shape = resolveThreadedRun(o, {
    image,
    concurrency: loaded.value.concurrency,
    maxSteps: loaded.value.maxSteps,
    config: m.config,
  });
  if (!shape.ok) return shape;
  const { lanes, mode, maxSteps } = shape.value;
  const waves = lanes > 1 && mode === 'wave_parallel_extension';
  const widening = m.config.footprintGuidedWaveWidening;
  const rec = new ThreadedRecorder(lanes, mode, tracing);
  const certificateHook = new CertificateHook(options.testHooks?.forceInvalidCertificateOnce === true);
  const start = m.stepCount;

  // Threads only pay off for several sessions, and only follow runs whose steps stay in their
  // session (machine.md §11.8); step states and schedules need the whole machine at every step.
  const threadable =
    workers > 1 &&
    !recordStates &&
    schedule.length === 0 &&
    m.sessions.length >= o.workerSessionThreshold &&
    followable(m);
  const parallel = threadable && waves;
  let rawStepStates: RawStepState[] = [];
  let allTerminal: boolean;
  // Only a recording run grows its output with its steps (the same limit as a process lane).
  const budget = tracing ? new OutputBudget(options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES) : undefined;
  let redo: 'certificate' | 'contention' | null = null;
  if (threadable) {
    const shared = {
      // What this thread installed, so pool threads replicate its machine without loading again;
      // once for all workers, flat: structured clone overflows the stack on deep types.
      input: packInput(loaded.value.programs),
      config,
      trace: tracing,
      lanes,
      maxSteps,
      timeoutMs: o.timeoutMs,
      ...(o.faultInjection !== null ? { inject: o.faultInjection } : {}),
    };
    // A pool passed in is shared (runs take turns on it); one made here lives for this run only.
    const pool = o.pool ?? createThreadedPool({ workers: workers - 1 });
    const release = await pool.acquire();
    try {
      const r = parallel
        ? await runParallelWaves(
            m,
            pool,
            // Barrier rounds with more threads than cores stall on every descheduled thread (measured:
            // 4 threads on 2 cores ran 15x slower than 2), so wave rounds use at most one per core.
            o.oversubscribe ? workers : Math.min(workers, availableParallelism()),
            {
              ...shared,
              widening,
              certificateHook,
              ...(options.contendedBusyShare !== undefined ? { contendedBusyShare: options.contendedBusyShare } : {}),
              ...(options.soloRounds !== undefined ? { soloRounds: options.soloRounds } : {}),
            },
            rec,
          )
        : await runCanonicalAhead(m, pool, Math.max(1, Math.min(workers - 1, pool.workers)), shared, rec);
      if (!r.ok) return r;
      const outcome: ParallelWavesOutcome = r.value;
      redo = outcome.redo ?? null;
      allTerminal = r.value.allTerminal;
      // Worker runs record no step states; their trace is charged once it is merged.
      if (budget !== undefined) budget.charge(m.trace);
    } finally {
      release();
      if (o.pool === null) await pool.close();
    }
    // Redone on the calling thread: a wave certificate failed its check after the pool threads
    // had started its steps (that path checks before it executes, machine.md §11.6), or the
    // threads were not getting cores. Same result either way.
    if (redo !== null) {
      options.onRedo?.(redo);
      return runThreadedUnguarded(input, { ...options, workers: 1 });
    }
  } else {
    rawStepStates = driveRounds(
      m,
      { lanes, waves, maxSteps, schedule, stepStates: recordStates, widening, certificateHook, budget },
      rec,
    );
    allTerminal = m.allTerminal();
  }

  const concurrency = image ? lanes : (loaded.value.concurrency ?? lanes);
  const output = bridgeOutput(m, { start, concurrency, allTerminal, rawStepStates });

  const threaded: ThreadedDiagnostics = rec.finish();
  // Added by the machine: a spread would build the lazy machine_trace of every run.
  return ok({ output, diagnostics: m.diagnostics('threaded', { threaded }) });
}

/**
 * Whether worker threads can follow this machine: every step must stay inside its session
 * (machine.md §11.8). `Spawn` (new coroutine ids), `Open` (new sessions) and the Tier-2
 * instructions of {@link CENTRAL_OPS} are central, so a program containing them runs on the calling
 * thread; so do topology perturbations, a `priority_fixed` policy, and a token-aware policy
 * (`progress_aware`, `priority_token_weighted`) once coroutines hold progress tokens: their picks
 * compare coroutines of different sessions, which the workers' first-runnable mirror does not model.
 */
function followable(m: {
  readonly programs: readonly { readonly code: readonly { readonly op: string }[] }[];
  readonly config: MachineConfig;
}): boolean {
  const policy = m.config.schedPolicy.kind;
  if (policy === 'priority_fixed') return false;
  if ((policy === 'progress_aware' || policy === 'priority_token_weighted') && m.config.initialProgressTokens > 0)
    return false;
  // Perturbations are applied centrally at their tick.
  if (m.config.topologyPerturbations.length !== 0) return false;
  for (const p of m.programs) for (const i of p.code) if (CENTRAL_OPS.has(i.op)) return false;
  return true;
}

/**
 * Instructions whose step reaches past its own session or coroutine: new coroutines and sessions,
 * speculation (ghost snapshots of any session, trace rollback), ownership moves, guard resources.
 */
const CENTRAL_OPS: ReadonlySet<string> = new Set([
  'Spawn',
  'Open',
  'Fork',
  'Join',
  'Abort',
  'Transfer',
  'Acquire',
  'Release',
  'Tag',
  'Check',
]);

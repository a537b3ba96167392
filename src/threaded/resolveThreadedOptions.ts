import { checkSchedule } from '../machine/runCooperative.js';
import type { BridgeError } from '../types/errors.js';
import type { MachineConfig } from '../types/machine.js';
import type { Result } from '../types/result.js';
import { err, ok } from '../types/result.js';
import type { ThreadedPool } from './createThreadedPool.js';
import type { ThreadedOptions } from './runThreaded.js';
import type { WorkerInjection } from './_internals/workerProtocol.js';

/**
 * Defaults of {@link ThreadedOptions}, in one place. `lanes` and `maxSteps` apply to code images only
 * (a run request brings `concurrency` and `max_steps`); `mode` defaults to the machine configuration's
 * `threadedRoundSemantics`, `workers` to the pool's threads plus the caller.
 * @example `runThreaded(request, { timeoutMs: 2 * kThreadedDefaults.timeoutMs })`
 * @public
 */
export const kThreadedDefaults = Object.freeze({
  lanes: 1,
  trace: true,
  stepStates: true,
  timeoutMs: 120_000,
  maxSteps: 1_000_000,
  workerSessionThreshold: 2,
});

/**
 * {@link ThreadedOptions} after {@link resolveThreadedOptions}: everything that does not depend on the
 * input is set; `lanes` and `mode` stay `null` when the input decides them ({@link resolveThreadedRun}).
 * @example `resolveThreadedOptions({}).value?.workers // 1`
 * @internal
 */
export interface ResolvedThreadedOptions {
  /** The checked pick schedule (machine.md §7.7), `[]` when none. */
  readonly schedule: readonly number[];
  readonly trace: boolean;
  /** Step states are recorded: `stepStates` and `trace` both on. */
  readonly stepStates: boolean;
  readonly config: Partial<MachineConfig>;
  /** Threads that execute steps, the caller included (at least 1). */
  readonly workers: number;
  readonly timeoutMs: number;
  readonly pool: ThreadedPool | null;
  /** The `lanes` option as given, `null` when the input decides. */
  readonly lanes: number | null;
  readonly mode: NonNullable<ThreadedOptions['mode']> | null;
  /** Step budget of a code image. */
  readonly maxSteps: number;
  readonly workerSessionThreshold: number;
  readonly oversubscribe: boolean;
  readonly faultInjection: WorkerInjection | null;
}

/**
 * Completes threaded options with {@link kThreadedDefaults} and checks the schedule (a schedule
 * error is the run's `BridgeError`, before the input is loaded, as the cooperative engine does).
 * @example
 * ```ts
 * const r = resolveThreadedOptions({ workers: 3 });
 * if (r.ok) r.value.workers; // 3
 * ```
 * @internal
 */
export function resolveThreadedOptions(options: ThreadedOptions = {}): Result<ResolvedThreadedOptions, BridgeError> {
  const schedule = checkSchedule(options.schedule);
  if (!schedule.ok) return schedule;
  const trace = options.trace ?? kThreadedDefaults.trace;
  // Without a pool the default is the calling thread: a pool per run would cost more than it saves
  // for the many small runs fuzzers make (machine.md §11 leaves the thread count to us).
  const workers = Math.max(
    1,
    Math.floor(options.workers ?? (options.pool === undefined ? 1 : options.pool.workers + 1)),
  );
  return ok({
    schedule: schedule.value,
    trace,
    stepStates: trace && (options.stepStates ?? kThreadedDefaults.stepStates),
    config: options.config ?? {},
    workers,
    timeoutMs: options.timeoutMs ?? kThreadedDefaults.timeoutMs,
    pool: options.pool ?? null,
    lanes: options.lanes ?? null,
    mode: options.mode ?? null,
    maxSteps: options.maxSteps ?? kThreadedDefaults.maxSteps,
    workerSessionThreshold: options.workerSessionThreshold ?? kThreadedDefaults.workerSessionThreshold,
    oversubscribe: options.oversubscribe ?? false,
    faultInjection: options.faultInjection ?? null,
  });
}

/** What the loaded input decides: a run request's `concurrency` and `max_steps`, the machine's config. */
export interface LoadedRunFacts {
  /** `true` for a code image (no `concurrency`, no `max_steps`). */
  readonly image: boolean;
  /** The request's `concurrency`, exact (a `bigint` past 2^53). */
  readonly concurrency: number | bigint | null;
  readonly maxSteps: number | null;
  readonly config: MachineConfig;
}

/**
 * The input-dependent part of the options: the semantic lane count n (the `lanes` option, else the
 * request's `concurrency`, else 1; 0 counts as 1), the round mode, the step budget (the request's
 * `max_steps` wins). A `lanes` option that is not a non-negative integer is `InvalidConfig`.
 * @example `resolveThreadedRun(resolved, { image: false, concurrency: 2, maxSteps: 64, config }).value?.lanes // 2`
 * @internal
 */
export function resolveThreadedRun(
  resolved: ResolvedThreadedOptions,
  loaded: LoadedRunFacts,
): Result<
  { readonly lanes: number; readonly mode: NonNullable<ThreadedOptions['mode']>; readonly maxSteps: number },
  BridgeError
> {
  // n beyond the coroutine limit behaves as the limit (waves never hold more coroutines, and lane =
  // cid mod n is then the cid): a request's u64 concurrency is used capped (and echoed exactly).
  const fromRequest = loaded.image ? kThreadedDefaults.lanes : (loaded.concurrency ?? 1);
  const cap = loaded.config.maxCoroutines;
  const requested = resolved.lanes ?? (fromRequest > cap ? cap : Number(fromRequest));
  if (!Number.isSafeInteger(requested) || requested < 0) {
    return err({
      code: 'InvalidConfig',
      path: '$.lanes',
      message: `invalid lanes ${String(requested)}: expected a non-negative integer`,
      reason: 'lanes must be a non-negative integer',
    });
  }
  return ok({
    lanes: Math.max(1, requested),
    mode: resolved.mode ?? loaded.config.threadedRoundSemantics,
    maxSteps: loaded.maxSteps ?? resolved.maxSteps,
  });
}

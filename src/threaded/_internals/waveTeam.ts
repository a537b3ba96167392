/**
 * The threads of a wave-parallel run (machine.md §11.8): the calling thread is participant 0,
 * pool threads are 1…n-1. Starts the pool threads' tasks, waits at each round's barrier (seeing
 * failed threads and the deadline), collects what the threads kept, and stops the team —
 * politely, then by terminating threads that do not answer.
 */
import type { BridgeError } from '../../types/errors.js';
import type { MachineConfig } from '../../types/machine.js';
import type { Result } from '../../types/result.js';
import type { ThreadedPool } from '../createThreadedPool.js';
import type { SessionPartition } from './partitionSessions.js';
import { RoundExchange, allocateShared } from './sharedRounds.js';
import type { SharedLayout } from './sharedRounds.js';
import type { PackedPrograms, WavesReply, WavesTask, WorkerInjection, WorkerReply } from './workerProtocol.js';
import { workerFailure } from './workerProtocol.js';

/** How long a failed run waits for the other workers to stop before terminating them. */
const STOP_GRACE_MS = 250;

export interface WaveTeamOptions {
  readonly input: PackedPrograms;
  readonly config: Partial<MachineConfig>;
  readonly trace: boolean;
  readonly timeoutMs: number;
  readonly inject?: WorkerInjection;
}

/** What every pool thread needs to replay the calling thread's rounds. */
export interface WaveRunShape {
  readonly lanes: number;
  readonly widening: boolean;
  readonly maxSteps: number;
  readonly fallbackFirst: boolean;
  /** Rounds every participant plays alone on its whole replica before the barrier rounds. */
  readonly soloRounds: number;
}

export class WaveTeam {
  /** The calling thread's end of the shared memory (participant 0). */
  readonly exchange: RoundExchange;
  private readonly threadIds: readonly number[];
  // One controller per task: a failed run stops healthy workers politely (they keep their threads)
  // and terminates only those that do not answer.
  private readonly aborts: readonly AbortController[];
  private readonly settled: (Result<WorkerReply, BridgeError> | undefined)[];
  private readonly tasks: readonly Promise<Result<WorkerReply, BridgeError>>[];
  private readonly deadline: number;

  constructor(
    pool: ThreadedPool,
    partition: SessionPartition,
    capacity: number,
    shape: WaveRunShape,
    private readonly o: WaveTeamOptions,
  ) {
    const workers = partition.workers;
    const layout: SharedLayout = { workers, capacity: Math.max(1, capacity) };
    const sab = allocateShared(layout);
    this.exchange = new RoundExchange(sab, layout, 0);
    this.aborts = Array.from({ length: workers }, () => new AbortController());
    this.deadline = Date.now() + o.timeoutMs;
    this.settled = new Array<undefined>(workers).fill(undefined);
    this.threadIds = Array.from({ length: workers - 1 }, (_, i) => i + 1);
    this.tasks = this.threadIds.map((w) => {
      const task: WavesTask = {
        kind: 'waves',
        input: o.input,
        config: o.config,
        trace: o.trace,
        shared: sab,
        layout,
        worker: w,
        sessionsOf: partition.sessionsOf,
        lanes: shape.lanes,
        widening: shape.widening,
        maxSteps: shape.maxSteps,
        fallbackFirst: shape.fallbackFirst,
        soloRounds: shape.soloRounds,
        ...(o.inject !== undefined && w === workers - 1 ? { inject: o.inject } : {}),
      };
      return pool.run(task, { timeoutMs: o.timeoutMs, signal: this.aborts[w]?.signal }).then((r) => {
        this.settled[w] = r;
        return r;
      });
    });
  }

  /**
   * Waits until every worker thread attached (they may still be starting) without blocking the
   * event loop: woken by the attach itself, or by the task ending first (a crash while loading).
   */
  async attach(): Promise<BridgeError | null> {
    for (const w of this.threadIds) {
      while (!this.exchange.isAttached(w)) {
        const r = this.settled[w];
        if (r !== undefined) return r.ok ? this.crashed(w) : r.error;
        const left = this.deadline - Date.now();
        if (left <= 0) return this.timedOut();
        await Promise.race([this.exchange.attachedAsync(w, left), this.tasks[w - 1]]);
      }
    }
    return null;
  }

  /**
   * Waits until every participant finished round `round`, once the exchange's short spin
   * (`exchange.spin`, which makes no promise: an `await` per round costs a microtask turn) did not
   * see it: sleeps, then (slow rounds) yields to the event loop so task failures and the deadline
   * are seen.
   */
  async await(round: number): Promise<BridgeError | null> {
    const x = this.exchange;
    let sleeps = 0;
    while (!x.complete(round)) {
      for (const w of this.threadIds) if (x.hasFailed(w) || this.settled[w] !== undefined) return this.failure(w);
      if (sleeps < 200) {
        sleeps += 1;
        x.sleep(round, 5);
        continue;
      }
      if (Date.now() > this.deadline) return this.timedOut();
      await new Promise((res) => setTimeout(res, 1));
    }
    return null;
  }

  private async failure(w: number): Promise<BridgeError> {
    await this.tasks[w - 1];
    return this.crashed(w);
  }

  /** Ends a failed or abandoned run: stop flag, a grace period, then termination of threads that did not stop. */
  async abandon(): Promise<void> {
    this.exchange.stop();
    const grace = Date.now() + STOP_GRACE_MS;
    for (const w of this.threadIds) {
      while (this.settled[w] === undefined && Date.now() < grace) await new Promise((res) => setTimeout(res, 2));
      if (this.settled[w] === undefined) this.aborts[w]?.abort();
    }
    await Promise.all(this.tasks);
  }

  /** Collects what the worker threads kept once the run ended (they stop at the same round as the caller). */
  async finish(): Promise<Result<WavesReply[], BridgeError>> {
    const out: WavesReply[] = [];
    for (const r of await Promise.all(this.tasks)) {
      if (!r.ok) return r;
      if (r.value.kind === 'waves') out.push(r.value);
    }
    return { ok: true, value: out };
  }

  private crashed(w: number): BridgeError {
    return workerFailure(this.settled[w], `threaded-engine worker ${w} failed during a round; the run was abandoned`);
  }

  private timedOut(): BridgeError {
    return {
      code: 'TimedOut',
      path: '$',
      message: `the threaded run did not finish within ${this.o.timeoutMs} ms; its workers were terminated (raise timeoutMs for long runs)`,
      timeoutMs: this.o.timeoutMs,
    };
  }
}

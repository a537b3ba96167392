/**
 * The threads of a wave-parallel run and their shared-memory hand-off (machine.md §11.8): the
 * calling thread is participant 0, pool threads are 1…n-1. Publishes rounds, waits at the
 * barrier, and stops the team — politely, then by terminating threads that do not answer.
 */
import type { BridgeError } from '../../types/errors.js';
import type { MachineConfig } from '../../types/machine.js';
import type { Result } from '../../types/result.js';
import type { ThreadedPool } from '../createThreadedPool.js';
import type { SessionPartition } from './partitionSessions.js';
import type { PackedInput } from './packInput.js';
import {
  H_MAIN_SLEEPING,
  H_ROUND,
  H_STOP,
  allocateShared,
  attachedIndex,
  doneIndex,
  errorIndex,
  headerSize,
  regionOf,
  sleepingIndex,
  spinWhileEqual,
} from './sharedRounds.js';
import type { Region, SharedLayout } from './sharedRounds.js';
import type { WavesReply, WorkerInjection, WorkerReply } from './workerProtocol.js';
import { workerFailure } from './workerProtocol.js';

/** How long a failed run waits for the other workers to stop before terminating them. */
const STOP_GRACE_MS = 250;

export interface WaveTeamOptions {
  readonly input: PackedInput;
  readonly config: Partial<MachineConfig>;
  readonly trace: boolean;
  readonly timeoutMs: number;
  readonly inject?: WorkerInjection;
}

export class WaveTeam {
  /** One command/result/wake region per participant. */
  readonly regions: readonly Region[];
  private readonly hdr: Int32Array;
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
    private readonly o: WaveTeamOptions,
  ) {
    const workers = partition.workers;
    const layout: SharedLayout = { workers, capacity: Math.max(1, capacity) };
    const sab = allocateShared(layout);
    this.hdr = new Int32Array(sab, 0, headerSize(workers));
    this.regions = Array.from({ length: workers }, (_, w) => regionOf(sab, layout, w));
    this.aborts = Array.from({ length: workers }, () => new AbortController());
    this.deadline = Date.now() + o.timeoutMs;
    this.settled = new Array<undefined>(workers).fill(undefined);
    this.threadIds = Array.from({ length: workers - 1 }, (_, i) => i + 1);
    this.tasks = this.threadIds.map((w) =>
      pool
        .run(
          {
            kind: 'waves',
            input: o.input,
            config: o.config,
            trace: o.trace,
            shared: sab,
            layout,
            worker: w,
            sessions: partition.sessionsOf[w] ?? [],
            ...(o.inject !== undefined && w === workers - 1 ? { inject: o.inject } : {}),
          },
          { timeoutMs: o.timeoutMs, signal: this.aborts[w]?.signal },
        )
        .then((r) => {
          this.settled[w] = r;
          return r;
        }),
    );
  }

  /** Waits until every worker thread attached (they may still be starting) without blocking the event loop. */
  async attach(): Promise<BridgeError | null> {
    for (const w of this.threadIds) {
      while (Atomics.load(this.hdr, attachedIndex(w)) === 0) {
        const r = this.settled[w];
        if (r !== undefined) return r.ok ? this.crashed(w) : r.error;
        if (Date.now() > this.deadline) return this.timedOut();
        await new Promise((res) => setTimeout(res, 1));
      }
    }
    return null;
  }

  /** Publishes round `seq` (the regions' commands are written) and wakes sleeping workers. */
  publish(seq: number): void {
    Atomics.store(this.hdr, H_ROUND, seq);
    for (const w of this.threadIds) {
      if (Atomics.load(this.hdr, sleepingIndex(w)) === 1) {
        Atomics.notify(this.hdr, H_ROUND);
        break;
      }
    }
  }

  /**
   * Whether every thread finished round `seq` within a short spin: the common case on an idle
   * core, answered without a promise (an `await` per round costs a microtask turn).
   */
  barrierSpin(seq: number): boolean {
    for (const w of this.threadIds) {
      if (Atomics.load(this.hdr, doneIndex(w)) === seq) continue;
      if (!spinWhileEqual(this.hdr, doneIndex(w), seq - 1) || Atomics.load(this.hdr, doneIndex(w)) !== seq)
        return false;
    }
    return true;
  }

  /** Waits until every thread finished round `seq`: spin, then sleep, then (slow) yield to the event loop. */
  async barrier(seq: number): Promise<BridgeError | null> {
    const hdr = this.hdr;
    for (const w of this.threadIds) {
      spinWhileEqual(hdr, doneIndex(w), seq - 1);
      let sleeps = 0;
      while (Atomics.load(hdr, doneIndex(w)) !== seq) {
        if (Atomics.load(hdr, errorIndex(w)) === 1) {
          await this.tasks[w - 1];
          return this.crashed(w);
        }
        if (sleeps < 200) {
          sleeps += 1;
          Atomics.store(hdr, H_MAIN_SLEEPING, 1);
          Atomics.wait(hdr, doneIndex(w), Atomics.load(hdr, doneIndex(w)), 5);
          Atomics.store(hdr, H_MAIN_SLEEPING, 0);
          continue;
        }
        // Slow round or a dead worker: let the event loop see task failures.
        if (this.settled[w] !== undefined) return this.crashed(w);
        if (Date.now() > this.deadline) return this.timedOut();
        await new Promise((res) => setTimeout(res, 1));
      }
    }
    return null;
  }

  /** Ends a failed run: stop flag, a grace period, then termination of threads that did not stop. */
  async abandon(): Promise<void> {
    Atomics.store(this.hdr, H_STOP, 1);
    Atomics.add(this.hdr, H_ROUND, 1);
    Atomics.notify(this.hdr, H_ROUND);
    const grace = Date.now() + STOP_GRACE_MS;
    for (const w of this.threadIds) {
      while (this.settled[w] === undefined && Date.now() < grace) await new Promise((res) => setTimeout(res, 2));
      if (this.settled[w] === undefined) this.aborts[w]?.abort();
    }
    await Promise.all(this.tasks);
  }

  /** Ends a finished run after round `seq` and collects what the worker threads kept. */
  async stop(seq: number): Promise<Result<WavesReply[], BridgeError>> {
    Atomics.store(this.hdr, H_STOP, 1);
    Atomics.store(this.hdr, H_ROUND, seq + 1);
    Atomics.notify(this.hdr, H_ROUND);
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

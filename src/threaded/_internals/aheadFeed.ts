/**
 * The main thread's link to the workers of a canonical run computed ahead (machine.md §11.8): one
 * message port per worker, per-session logs of the records the workers sent, and pipelined
 * requests that keep every worker a window ahead of what the merge consumed.
 */
import { MessageChannel } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { BridgeError } from '../../types/errors.js';
import type { MachineConfig } from '../../types/machine.js';
import type { Result } from '../../types/result.js';
import type { ThreadedPool } from '../createThreadedPool.js';
import type { SessionPartition } from './partitionSessions.js';
import type {
  AheadRecords,
  AheadReply,
  AheadRequest,
  PackedPrograms,
  SessionRecords,
  WorkerInjection,
  WorkerReply,
} from './workerProtocol.js';
import { workerFailure } from './workerProtocol.js';

/** What one session's worker computed so far, and how much of it the merge consumed. */
export interface SessionLog {
  readonly cids: number[];
  readonly codes: number[];
  /** Wake lists of all steps, flattened; step k's list ends at `wakeEnds[k]`. */
  readonly wakes: number[];
  readonly wakeEnds: number[];
  done: boolean;
  consumed: number;
  /** Tick of each consumed step. */
  readonly ticks: number[];
  readonly worker: number;
}

export interface AheadFeedOptions {
  readonly input: PackedPrograms;
  readonly config: Partial<MachineConfig>;
  readonly trace: boolean;
  readonly maxSteps: number;
  readonly timeoutMs: number;
  readonly inject?: WorkerInjection;
}

export class AheadFeed {
  /** Logs by session id. */
  readonly logs: (SessionLog | undefined)[] = [];
  private readonly ports: MessagePort[] = [];
  private readonly settled: (Result<WorkerReply, BridgeError> | undefined)[];
  private readonly pending = new Map<number, (r: AheadRecords) => void>();
  private readonly inflight: (Promise<void> | null)[];
  private readonly tasks: Promise<Result<WorkerReply, BridgeError>>[];
  private readonly chunk: number;
  private readonly window: number;

  constructor(
    pool: ThreadedPool,
    private readonly partition: SessionPartition,
    private readonly o: AheadFeedOptions,
  ) {
    const workers = partition.workers;
    this.settled = new Array<undefined>(workers).fill(undefined);
    this.inflight = new Array<null>(workers).fill(null);
    partition.sessionsOf.forEach((sessions, worker) => {
      for (const sid of sessions) {
        this.logs[sid] = { cids: [], codes: [], wakes: [], wakeEnds: [], done: false, consumed: 0, ticks: [], worker };
      }
    });
    this.tasks = partition.sessionsOf.map((sessions, w) => {
      const { port1, port2 } = new MessageChannel();
      this.ports.push(port1);
      port1.on('message', (msg: AheadRecords) => this.answer(w, msg));
      return pool
        .run(
          {
            kind: 'ahead',
            input: o.input,
            config: o.config,
            trace: o.trace,
            sessions,
            port: port2,
            ...(o.inject !== undefined && w === workers - 1 ? { inject: o.inject } : {}),
          },
          { timeoutMs: o.timeoutMs, transferList: [port2] },
        )
        .then((r) => {
          this.settled[w] = r;
          // A failed worker answers no more requests: unblock whoever waits for it.
          this.answer(w, { type: 'records', sessions: [] });
          return r;
        });
    });
    // Pipelining: each worker keeps its sessions computed up to `window` steps past what the merge
    // consumed, one request in flight at a time, so workers run while the main thread merges and
    // at most about `window` steps per session are wasted past the budget cut.
    const estimate = Math.ceil((1.25 * o.maxSteps) / Math.max(1, partition.owner.size)) + 32;
    this.chunk = Math.max(64, Math.ceil(estimate / 8));
    this.window = 2 * this.chunk;
    this.pumpAll();
  }

  /** Tops up every worker's window. */
  pumpAll(): void {
    for (let w = 0; w < this.partition.workers; w++) void this.pump(w);
  }

  /**
   * Waits until `log` holds its next unconsumed step or is done; a worker failure ends the feed
   * and is returned.
   */
  async next(log: SessionLog): Promise<BridgeError | null> {
    while (log.consumed >= log.cids.length && !log.done) {
      if (this.settled[log.worker] !== undefined) {
        await this.close();
        return this.failure(log.worker);
      }
      await (this.pump(log.worker) ?? this.inflight[log.worker]);
    }
    return null;
  }

  /** Closes the ports and waits for every task to end (abandoning the run). */
  async close(): Promise<void> {
    for (const p of this.ports) p.close();
    await Promise.all(this.tasks);
  }

  /** Tells every worker how many steps of each session were consumed and collects their replies. */
  async finish(): Promise<Result<AheadReply[], BridgeError>> {
    const replies = await Promise.all(
      this.partition.sessionsOf.map(async (sessions, w) => {
        this.ports[w]?.postMessage({
          type: 'finish',
          consumed: sessions.map((s) => [s, this.logs[s]?.consumed ?? 0] as const),
        } satisfies AheadRequest);
        return this.tasks[w];
      }),
    );
    for (const p of this.ports) p.close();
    const out: AheadReply[] = [];
    for (const r of replies) {
      if (r === undefined) continue;
      if (!r.ok) return r;
      if (r.value.kind === 'ahead') out.push(r.value);
    }
    return { ok: true, value: out };
  }

  private answer(w: number, msg: AheadRecords): void {
    const resolve = this.pending.get(w);
    this.pending.delete(w);
    resolve?.(msg);
  }

  private failure(w: number): BridgeError {
    return workerFailure(this.settled[w], `threaded-engine worker ${w} stopped answering; the run was abandoned`);
  }

  private request(w: number, msg: AheadRequest): Promise<AheadRecords> {
    return new Promise<AheadRecords>((resolve) => {
      this.pending.set(w, resolve);
      this.ports[w]?.postMessage(msg);
    });
  }

  private pump(w: number): Promise<void> | null {
    if (this.inflight[w] !== null || this.settled[w] !== undefined) return this.inflight[w] ?? null;
    const targets: (readonly [number, number])[] = [];
    const max = this.o.maxSteps;
    for (const sid of this.partition.sessionsOf[w] ?? []) {
      const log = this.logs[sid];
      if (log === undefined || log.done || log.cids.length >= max || log.cids.length >= log.consumed + this.window)
        continue;
      targets.push([sid, Math.min(max, log.cids.length + this.chunk)]);
    }
    if (targets.length === 0) return null;
    const p = this.request(w, { type: 'extend', targets }).then((r) => {
      for (const x of r.sessions) {
        const log = this.logs[x.sid];
        if (log !== undefined) absorb(log, x);
      }
      this.inflight[w] = null;
      void this.pump(w);
    });
    this.inflight[w] = p;
    return p;
  }
}

function absorb(log: SessionLog, s: SessionRecords): void {
  const base = log.wakes.length;
  s.cids.forEach((cid, i) => {
    log.cids.push(cid);
    log.codes.push(s.codes[i] ?? -1);
    log.wakeEnds.push(base + (s.wakeEnds[i] ?? 0));
  });
  for (const w of s.wakes) log.wakes.push(w);
  log.done = s.done;
}

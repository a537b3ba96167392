/**
 * A campaign's workers as long-lived sessions: each worker runs one session task of the tinypool
 * and takes its chunks over a message port, up to `depth` tasks queued in the worker itself. A
 * worker that finishes a task starts the next one at once, without waiting for the main thread to
 * receive the result and send more (under load that round trip left each worker idle for several
 * ms per task). A task that runs past its timeout stops its worker (the task is reported as not
 * finished); the tasks queued behind it go to a fresh worker, so they are never blamed for it.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import type { FuzzPool } from './createPool.js';
import type { ChunkActivity } from './activity.js';
import type { SessionReply, SessionRequest } from './fuzzWorker.js';
import type { LaneSpec } from './createContext.js';

/** A task for a session: chunks (`batch`) or a seed-pool write (`keep`), without its id. */
export type SessionWork =
  Omit<Extract<SessionRequest, { kind: 'batch' }>, 'id'> | Omit<Extract<SessionRequest, { kind: 'keep' }>, 'id'>;

interface Pending {
  readonly id: number;
  readonly work: SessionWork;
  readonly timeoutMs: number;
  readonly onActivity: ((activity: ChunkActivity) => void) | undefined;
  /** The session (by index) the task should run on, or `null` for the least loaded one. */
  readonly home: number | null;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

interface Session {
  readonly port: MessagePort;
  readonly controller: AbortController;
  /** Tasks sent to this worker, in the order it runs them; the head is running. */
  readonly queue: Pending[];
  timer: ReturnType<typeof setTimeout> | null;
  dead: boolean;
}

/** Runs tasks on `workers` sessions of `pool`, at most `depth` queued per worker. */
export class SessionPool {
  private readonly sessions: Session[] = [];
  /** Tasks not sent to a worker yet (new, or queued behind a task that stopped its worker). */
  private readonly waiting: Pending[] = [];
  private nextId = 0;
  private stopped = false;

  constructor(
    private readonly pool: FuzzPool,
    workers: number,
    private readonly lanes: LaneSpec,
    /** The campaign's stop cell (an Int32 at 0, runChunk.ts): every session's chunks read it. */
    private readonly interrupt: SharedArrayBuffer,
    private readonly depth = 2,
  ) {
    for (let i = 0; i < workers; i += 1) this.start(i);
  }

  /**
   * Runs `work` (ms of timeout from when its worker starts it); rejects when it did not finish.
   * With `home`, the task waits for that session (a replaced worker keeps its index).
   */
  run<T>(
    work: SessionWork,
    timeoutMs: number,
    onActivity?: (activity: ChunkActivity) => void,
    home: number | null = null,
  ): Promise<T> {
    if (this.stopped) return Promise.reject(new Error('the worker pool was stopped'));
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({
        id: (this.nextId += 1),
        work,
        timeoutMs,
        onActivity,
        home,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      this.pump();
    });
  }

  /** Stops every session; what is still queued or running is rejected. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const error = new Error('the worker pool was stopped');
    for (const p of this.waiting.splice(0)) p.reject(error);
    for (const s of this.sessions) {
      if (s.timer !== null) clearTimeout(s.timer);
      for (const p of s.queue.splice(0)) p.reject(error);
      if (!s.dead) s.port.postMessage({ kind: 'stop' } satisfies SessionRequest);
      s.dead = true;
      s.port.close();
    }
    await this.pool.destroy();
  }

  /**
   * The live session with the fewest tasks, if it has room for one more; `null` when all are full.
   * (A task still waiting is one whose home session is full: the others would have taken it.)
   */
  roomFor(): number | null {
    const s = this.stopped ? undefined : this.leastLoaded();
    return s === undefined ? null : this.sessions.indexOf(s);
  }

  /** The live session with room and the fewest tasks, if any. */
  private leastLoaded(): Session | undefined {
    let s: Session | undefined;
    for (const c of this.sessions)
      if (!c.dead && c.queue.length < this.depth && (s === undefined || c.queue.length < s.queue.length)) s = c;
    return s;
  }

  private start(index: number): void {
    const channel = new MessageChannel();
    const session: Session = {
      port: channel.port1,
      controller: new AbortController(),
      queue: [],
      timer: null,
      dead: false,
    };
    this.sessions[index] = session;
    session.port.on('message', (reply: SessionReply) => this.onReply(session, reply));
    const task = { session: true as const, lanes: this.lanes, port: channel.port2, interrupt: this.interrupt };
    this.pool.session(task, session.controller.signal).then(
      () => this.onEnd(session, null),
      (error: unknown) => this.onEnd(session, error instanceof Error ? error : new Error(String(error))),
    );
  }

  /** Sends waiting tasks to the live sessions with room: its home, else the least loaded. */
  private pump(): void {
    for (let i = 0; i < this.waiting.length;) {
      const p = this.waiting[i] as Pending;
      const home = p.home === null ? undefined : this.sessions[p.home];
      const alive = home !== undefined && !home.dead;
      const s = alive ? (home.queue.length < this.depth ? home : undefined) : this.leastLoaded();
      if (s === undefined) {
        i += 1;
        continue;
      }
      this.waiting.splice(i, 1);
      s.queue.push(p);
      s.port.postMessage({ ...p.work, id: p.id });
      if (s.queue.length === 1) this.arm(s);
    }
  }

  /** The head task's timeout, from now (when the worker starts it). */
  private arm(s: Session): void {
    if (s.timer !== null) clearTimeout(s.timer);
    s.timer = null;
    const head = s.queue[0];
    if (head === undefined) return;
    s.timer = setTimeout(() => {
      s.timer = null;
      this.kill(s, new Error(`aborted: it ran longer than its timeout (${head.timeoutMs} ms)`));
    }, head.timeoutMs);
  }

  private onReply(s: Session, reply: SessionReply): void {
    if (s.dead) return;
    const head = s.queue[0];
    if (head === undefined || head.id !== reply.id) return;
    if ('activity' in reply) {
      head.onActivity?.(reply.activity);
      return;
    }
    s.queue.shift();
    this.arm(s);
    if ('error' in reply) head.reject(new Error(reply.error));
    else head.resolve(reply.result);
    this.pump();
  }

  /** The head task failed to finish: it is rejected, its worker stopped, the tasks behind it re-queued. */
  private kill(s: Session, error: Error): void {
    if (s.dead) return;
    s.dead = true;
    if (s.timer !== null) clearTimeout(s.timer);
    const [head, ...behind] = s.queue.splice(0);
    head?.reject(error);
    this.waiting.unshift(...behind);
    s.port.close();
    s.controller.abort();
    if (!this.stopped) {
      this.start(this.sessions.indexOf(s));
      this.pump();
    }
  }

  private onEnd(s: Session, error: Error | null): void {
    // A session ends on 'stop' only; otherwise its worker died (a crash of the code under test).
    this.kill(s, error ?? new Error('the worker ended its session'));
  }
}

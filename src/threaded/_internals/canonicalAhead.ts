/**
 * Main-thread side of a canonical run computed ahead on worker threads (machine.md §11.8):
 * workers run whole sessions alone and send per-step records; this replays the global ready
 * queue from them — clock, wake-ups, first-runnable pick, §7.4 update, step budget, stop rules —
 * exactly as the cooperative loop of §7.3 would, and assigns every consumed step its tick.
 * Sessions are extended on demand, so work past the budget cut stays small.
 */
import { MessageChannel } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { Machine } from '../../machine/Machine.js';
import type { BridgeError } from '../../types/errors.js';
import type { CodeImage, Fault, MachineEvent } from '../../types/machine.js';
import type { RunRequest } from '../../types/bridge.js';
import type { Result } from '../../types/result.js';
import { err, ok } from '../../types/result.js';
import type { ThreadedPool } from '../createThreadedPool.js';
import { laneOf } from '../waveCertificate.js';
import { EXEC_BLOCKED, EXEC_CLOSED, EXEC_CONTINUE, EXEC_FAULTED, EXEC_HALTED, EXEC_YIELDED } from './sharedRounds.js';
import type { ThreadedRecorder } from './threadedDiagnostics.js';
import type {
  AheadRecords,
  AheadReply,
  AheadRequest,
  SessionRecords,
  WorkerInjection,
  WorkerReply,
} from './workerProtocol.js';

const ST_READY = 0;
const ST_BLOCKED = 1;
const ST_TERMINAL = 2;
const ST_STALLED = 3;

export interface CanonicalAheadOptions {
  readonly input: RunRequest | CodeImage;
  readonly config: unknown;
  readonly trace: boolean;
  readonly lanes: number;
  readonly maxSteps: number;
  readonly timeoutMs: number;
  readonly inject?: WorkerInjection;
}

interface SessionLog {
  cids: number[];
  codes: number[];
  /** Wake lists of all steps, flattened; step k's list ends at `wakeEnds[k]`. */
  wakes: number[];
  wakeEnds: number[];
  done: boolean;
  consumed: number;
  /** Tick of each consumed step. */
  ticks: number[];
  worker: number;
}

export async function runCanonicalAhead(
  m: Machine,
  pool: ThreadedPool,
  threads: number,
  o: CanonicalAheadOptions,
  rec: ThreadedRecorder,
): Promise<Result<{ readonly allTerminal: boolean }, BridgeError>> {
  const total = m.coroutines.length;
  const sids = [...m.sessions].map((s) => s.sid).sort((a, b) => a - b);
  const workers = Math.max(1, Math.min(threads, sids.length));
  const logs = new Map<number, SessionLog>();
  const mine: number[][] = Array.from({ length: workers }, () => []);
  const load = new Array<number>(workers).fill(0);
  for (const sid of sids) {
    let best = 0;
    for (let w = 1; w < workers; w++) if (load[w]! < load[best]!) best = w;
    load[best]! += m.sessionById.get(sid)?.roles.length ?? 0;
    mine[best]!.push(sid);
    logs.set(sid, { cids: [], codes: [], wakes: [], wakeEnds: [], done: false, consumed: 0, ticks: [], worker: best });
  }
  const sessionOf = new Int32Array(total);
  for (let cid = 0; cid < total; cid++) sessionOf[cid] = m.coroutines[cid]?.owned[0]?.sid ?? -1;

  const ports: MessagePort[] = [];
  const settled: (Result<WorkerReply, BridgeError> | undefined)[] = new Array(workers).fill(undefined);
  const pending = new Map<number, (r: AheadRecords) => void>();
  const tasks = mine.map((sessions, w) => {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1);
    port1.on('message', (msg: AheadRecords) => {
      const resolve = pending.get(w);
      pending.delete(w);
      resolve?.(msg);
    });
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
        settled[w] = r;
        // A failed worker answers no more requests: unblock whoever waits for it.
        const resolve = pending.get(w);
        pending.delete(w);
        resolve?.({ type: 'records', sessions: [] });
        return r;
      });
  });
  const closeAll = async (): Promise<void> => {
    for (const p of ports) p.close();
    await Promise.all(tasks);
  };
  const failure = (w: number): BridgeError => {
    const r = settled[w];
    if (r !== undefined && !r.ok) return r.error;
    return {
      code: 'WorkerCrashed',
      path: '$',
      message: `threaded-engine worker ${w} stopped answering; the run was abandoned`,
    };
  };

  const request = (w: number, msg: AheadRequest): Promise<AheadRecords> =>
    new Promise<AheadRecords>((resolve) => {
      pending.set(w, resolve);
      ports[w]!.postMessage(msg);
    });
  // Pipelining: each worker keeps its sessions computed up to WINDOW steps past what the merge
  // consumed, one request in flight at a time, so workers run while the main thread merges and
  // at most about WINDOW steps per session are wasted past the budget cut.
  const estimate = Math.ceil((1.25 * o.maxSteps) / Math.max(1, sids.length)) + 32;
  const chunk = Math.max(64, Math.ceil(estimate / 8));
  const WINDOW = 2 * chunk;
  const inflight: (Promise<void> | null)[] = new Array(workers).fill(null);
  const pump = (w: number): Promise<void> | null => {
    if (inflight[w] !== null || settled[w] !== undefined) return inflight[w] ?? null;
    const targets: (readonly [number, number])[] = [];
    for (const sid of mine[w]!) {
      const log = logs.get(sid)!;
      if (log.done || log.cids.length >= o.maxSteps || log.cids.length >= log.consumed + WINDOW) continue;
      targets.push([sid, Math.min(o.maxSteps, log.cids.length + chunk)]);
    }
    if (targets.length === 0) return null;
    const p = request(w, { type: 'extend', targets }).then((r) => {
      for (const x of r.sessions) absorbSession(logs.get(x.sid)!, x);
      inflight[w] = null;
      pump(w);
    });
    inflight[w] = p;
    return p;
  };
  for (let w = 0; w < workers; w++) pump(w);

  const status = new Uint8Array(total);
  const inQueue = new Uint8Array(total);
  let queue: number[] = [...m.readyQueue];
  let head = 0;
  for (const cid of queue) inQueue[cid] = 1;
  let clock = m.clock;
  const start = m.stepCount;
  let steps = 0;
  let terminal = 0;
  // The wake list of the previous step: `wakeLog.wakes[wakeFrom..wakeTo)`.
  let wakeLog: SessionLog | undefined;
  let wakeFrom = 0;
  let wakeTo = 0;
  const byId: (SessionLog | undefined)[] = [];
  for (const [sid, log] of logs) byId[sid] = log;
  const closedSessions = new Set<number>();
  const sessionView = new Map<number, number | null>();
  while (steps < o.maxSteps) {
    clock += 1;
    if (wakeLog !== undefined) {
      for (let i = wakeFrom; i < wakeTo; i++) {
        const cid = wakeLog.wakes[i]!;
        status[cid] = ST_READY;
        if (inQueue[cid] === 0) {
          inQueue[cid] = 1;
          queue.push(cid);
        }
      }
      wakeLog = undefined;
    }
    let at = -1;
    for (let i = head; i < queue.length; i++) {
      if (status[queue[i]!] === ST_READY) {
        at = i;
        break;
      }
    }
    if (at < 0) break;
    const cid = queue[at]!;
    const sid = sessionOf[cid]!;
    const log = byId[sid];
    if (log === undefined) {
      await closeAll();
      return err({
        code: 'WorkerCrashed',
        path: '$',
        message: `coroutine ${cid} belongs to no session the workers run; run it with workers: 1`,
      });
    }
    while (log.consumed >= log.cids.length && !log.done) {
      if (settled[log.worker] !== undefined) {
        await closeAll();
        return err(failure(log.worker));
      }
      await (pump(log.worker) ?? inflight[log.worker]);
    }
    const k = log.consumed;
    if (k >= log.cids.length || log.cids[k] !== cid) {
      // The independence argument failed (a bug, not a user error): say so instead of guessing.
      await closeAll();
      return err({
        code: 'WorkerCrashed',
        path: '$',
        message: `run-ahead of session ${sid} disagrees with the global pick at step ${start + steps} (coroutine ${cid}); run it with workers: 1`,
      });
    }
    if (at === head) head += 1;
    else queue.splice(at, 1);
    inQueue[cid] = 0;
    steps += 1;
    log.consumed += 1;
    log.ticks.push(clock);
    if (rec.detailed) {
      const sv = sessionView.has(cid) ? sessionView.get(cid)! : sid;
      rec.laneTrace.push({ tick: clock, wave: 0, coro_id: cid, session: sv, lane: laneOf(cid, o.lanes) });
    }
    if (rec.maxWaveWidth < 1) rec.maxWaveWidth = 1;
    switch (log.codes[k]) {
      case EXEC_CONTINUE:
        status[cid] = ST_READY;
        inQueue[cid] = 1;
        queue.push(cid);
        break;
      case EXEC_CLOSED:
        status[cid] = ST_READY;
        inQueue[cid] = 1;
        queue.push(cid);
        closedSessions.add(sid);
        sessionView.set(cid, null);
        break;
      case EXEC_YIELDED:
        status[cid] = ST_STALLED;
        inQueue[cid] = 1;
        queue.push(cid);
        break;
      case EXEC_BLOCKED:
        status[cid] = ST_BLOCKED;
        break;
      case EXEC_HALTED:
      case EXEC_FAULTED:
        status[cid] = ST_TERMINAL;
        terminal += 1;
        break;
      default:
        await closeAll();
        return err({
          code: 'WorkerCrashed',
          path: '$',
          message: `coroutine ${cid} took a step the threaded workers cannot follow; run it with workers: 1`,
        });
    }
    wakeLog = log;
    wakeFrom = k === 0 ? 0 : log.wakeEnds[k - 1]!;
    wakeTo = log.wakeEnds[k]!;
    if (head > 4096) {
      queue = queue.slice(head);
      head = 0;
    }
    // Now and then let the replies in and keep every worker's window full.
    if ((steps & 2047) === 0) {
      for (let w = 0; w < workers; w++) pump(w);
      await new Promise<void>((res) => setImmediate(res));
    }
    if (terminal === total) break;
  }

  // Collect the consumed steps' events and faults, re-ticked, in execution (= tick) order.
  const replies = await Promise.all(
    mine.map(async (sessions, w) => {
      ports[w]!.postMessage({
        type: 'finish',
        consumed: sessions.map((s) => [s, logs.get(s)!.consumed] as const),
      } satisfies AheadRequest);
      return tasks[w]!;
    }),
  );
  const merged: { tick: number; order: number; event: MachineEvent }[] = [];
  const faults: { tick: number; coro_id: number; fault: Fault }[] = [];
  for (const r of replies) {
    if (!r.ok) {
      for (const p of ports) p.close();
      return err(r.error);
    }
    const rep = r.value as AheadReply;
    rep.events.forEach((event, i) => {
      const tick = logs.get(rep.eventSid[i]!)!.ticks[rep.eventStep[i]!]!;
      merged.push({ tick, order: merged.length, event: { ...event, tick } });
    });
    for (const f of rep.faults)
      faults.push({ tick: logs.get(f.sid)!.ticks[f.step]!, coro_id: f.coro_id, fault: f.fault as Fault });
  }
  for (const p of ports) p.close();
  merged.sort((a, b) => a.tick - b.tick || a.order - b.order);
  faults.sort((a, b) => a.tick - b.tick);
  for (const e of merged) m.trace.push(e.event);
  for (const f of faults) m.faults.push({ coro_id: f.coro_id, fault: f.fault });
  for (const sid of closedSessions) {
    const s = m.sessionById.get(sid);
    if (s !== undefined) s.phase = 'closed';
  }
  m.clock = clock;
  m.stepCount = start + steps;
  return ok({ allTerminal: terminal === total });
}

function absorbSession(log: SessionLog, s: SessionRecords): void {
  const base = log.wakes.length;
  for (let i = 0; i < s.cids.length; i++) {
    log.cids.push(s.cids[i]!);
    log.codes.push(s.codes[i]!);
    log.wakeEnds.push(base + s.wakeEnds[i]!);
  }
  for (const w of s.wakes) log.wakes.push(w);
  log.done = s.done;
}

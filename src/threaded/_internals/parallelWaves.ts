/**
 * Main-thread side of a wave-parallel run on worker threads (machine.md §11.8). The main thread
 * keeps only the central state — clock, `step_count`, the budget cut, ready queue, runnable flags,
 * the planner's view — plans and certifies every round exactly as `driveRounds` does, and hands
 * each worker the planned steps of the sessions it owns. One barrier per round; events and faults
 * stay in the workers until the end and are merged by (tick, plan position) = execution order.
 */
import type { Machine } from '../../machine/Machine.js';
import type { BridgeError } from '../../types/errors.js';
import type { Result } from '../../types/result.js';
import { err, ok } from '../../types/result.js';
import type { CodeImage, Fault, MachineEvent } from '../../types/machine.js';
import type { RunRequest } from '../../types/bridge.js';
import type { ThreadedPool } from '../createThreadedPool.js';
import { takeForcedInvalid } from '../forceInvalidCertificateOnce.js';
import type { WaveCoroutine } from '../waveCertificate.js';
import { laneOf } from '../waveCertificate.js';
import {
  EXEC_BLOCKED,
  EXEC_CLOSED,
  EXEC_CONTINUE,
  EXEC_FAULTED,
  EXEC_HALTED,
  EXEC_SKIPPED,
  EXEC_YIELDED,
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
import { RoundExecutor } from './roundExecutor.js';
import { FastPlanner } from './fastPlanner.js';
import type { PlannerData } from './fastPlanner.js';
import type { Region, SharedLayout } from './sharedRounds.js';
import type { ThreadedRecorder } from './threadedDiagnostics.js';
import type { WavesReply, WorkerInjection, WorkerReply } from './workerProtocol.js';

/** How long a failed run waits for the other workers to stop before terminating them. */
const STOP_GRACE_MS = 250;

const ST_READY = 0;
const ST_BLOCKED = 1;
const ST_TERMINAL = 2;
/** In the ready queue but not runnable (a yielded coroutine, MD-19). */
const ST_STALLED = 3;

export interface ParallelWavesOptions {
  readonly input: RunRequest | CodeImage;
  readonly config: unknown;
  readonly trace: boolean;
  readonly lanes: number;
  readonly maxSteps: number;
  readonly widening: boolean;
  readonly timeoutMs: number;
  readonly inject?: WorkerInjection;
}

/**
 * Runs the wave rounds with `participants` executing threads — the calling thread (participant 0,
 * on `m` itself) plus `participants - 1` pool threads — and writes the merged results back into
 * `m` (the main thread's freshly loaded machine): trace, faults, clock, step count, session
 * phases. Returns whether every coroutine ended terminal.
 */
export async function runParallelWaves(
  m: Machine,
  pool: ThreadedPool,
  participants: number,
  o: ParallelWavesOptions,
  rec: ThreadedRecorder,
): Promise<Result<{ readonly allTerminal: boolean }, BridgeError>> {
  const total = m.coroutines.length;
  // Sessions, ascending, spread over the participants by coroutine count (greedy, deterministic).
  const sids = [...m.sessions].map((s) => s.sid).sort((a, b) => a - b);
  const workers = Math.max(1, Math.min(participants, pool.workers + 1, sids.length));
  const load = new Array<number>(workers).fill(0);
  const owner = new Map<number, number>();
  const sessionsOf: number[][] = Array.from({ length: workers }, () => []);
  for (const sid of sids) {
    const size = m.sessionById.get(sid)?.roles.length ?? 0;
    let best = 0;
    for (let w = 1; w < workers; w++) if (load[w]! < load[best]!) best = w;
    load[best]! += size;
    owner.set(sid, best);
    sessionsOf[best]!.push(sid);
  }
  const workerOf = new Int32Array(total);
  const status = new Uint8Array(total);
  const inQueue = new Uint8Array(total);
  const views: WaveCoroutine[] = [];
  for (let cid = 0; cid < total; cid++) {
    const c = m.coroutines[cid]!;
    const sid = c.owned[0]?.sid ?? null;
    workerOf[cid] = sid === null ? 0 : (owner.get(sid) ?? 0);
    views.push({ runnable: true, session: sid, footprint: m.footprint(cid) });
  }
  const planner = new FastPlanner(o.lanes, o.widening);
  const sessionOf = new Int32Array(total);
  const fps: number[][] = [];
  for (let cid = 0; cid < total; cid++) {
    sessionOf[cid] = views[cid]!.session ?? -1;
    fps.push(planner.intern(views[cid]!.footprint));
  }
  const data: PlannerData = { session: sessionOf, footprint: fps, runnable: (cid) => status[cid] === ST_READY };
  let queue: number[] = [...m.readyQueue];
  for (const cid of queue) inQueue[cid] = 1;

  const layout: SharedLayout = { workers, capacity: Math.max(1, total) };
  const sab = allocateShared(layout);
  const hdr = new Int32Array(sab, 0, headerSize(workers));
  const regions: Region[] = Array.from({ length: workers }, (_, w) => regionOf(sab, layout, w));
  // One controller per task: a failed run stops healthy workers politely (they keep their threads)
  // and terminates only those that do not answer.
  const aborts = Array.from({ length: workers }, () => new AbortController());
  const own = new RoundExecutor(m);
  const deadline = Date.now() + o.timeoutMs;
  const settled: (Result<WorkerReply, BridgeError> | undefined)[] = new Array(workers).fill(undefined);
  const threadIds = Array.from({ length: workers - 1 }, (_, i) => i + 1);
  const tasks = threadIds.map((w) =>
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
          sessions: sessionsOf[w]!,
          ...(o.inject !== undefined && w === workers - 1 ? { inject: o.inject } : {}),
        },
        { timeoutMs: o.timeoutMs, signal: aborts[w]!.signal },
      )
      .then((r) => {
        settled[w] = r;
        return r;
      }),
  );

  const fail = async (e: BridgeError): Promise<Result<{ readonly allTerminal: boolean }, BridgeError>> => {
    Atomics.store(hdr, H_STOP, 1);
    Atomics.add(hdr, H_ROUND, 1);
    Atomics.notify(hdr, H_ROUND);
    const grace = Date.now() + STOP_GRACE_MS;
    for (const w of threadIds) {
      while (settled[w] === undefined && Date.now() < grace) await new Promise((res) => setTimeout(res, 2));
      if (settled[w] === undefined) aborts[w]!.abort();
    }
    await Promise.all(tasks);
    return err(e);
  };
  const crashed = (w: number): BridgeError => {
    const r = settled[w];
    if (r !== undefined && !r.ok) return r.error;
    return {
      code: 'WorkerCrashed',
      path: '$',
      message: `threaded-engine worker ${w} failed during a round; the run was abandoned`,
    };
  };
  const timedOut = (): BridgeError => ({
    code: 'TimedOut',
    path: '$',
    message: `the threaded run did not finish within ${o.timeoutMs} ms; its workers were terminated (raise timeoutMs for long runs)`,
    timeoutMs: o.timeoutMs,
  });

  // Attach: workers may still be starting; wait without blocking the event loop.
  for (const w of threadIds) {
    while (Atomics.load(hdr, attachedIndex(w)) === 0) {
      const r = settled[w];
      if (r !== undefined) return fail(r.ok ? crashed(w) : r.error);
      if (Date.now() > deadline) return fail(timedOut());
      await new Promise((res) => setTimeout(res, 1));
    }
  }

  /** Waits until every thread finished round `seq`: spin, then sleep, then (slow) yield to the event loop. */
  const barrier = async (seq: number): Promise<BridgeError | null> => {
    for (const w of threadIds) {
      spinWhileEqual(hdr, doneIndex(w), seq - 1);
      let sleeps = 0;
      while (Atomics.load(hdr, doneIndex(w)) !== seq) {
        if (Atomics.load(hdr, errorIndex(w)) === 1) {
          await tasks[w - 1];
          return crashed(w);
        }
        if (sleeps < 200) {
          sleeps += 1;
          Atomics.store(hdr, H_MAIN_SLEEPING, 1);
          Atomics.wait(hdr, doneIndex(w), Atomics.load(hdr, doneIndex(w)), 5);
          Atomics.store(hdr, H_MAIN_SLEEPING, 0);
          continue;
        }
        // Slow round or a dead worker: let the event loop see task failures.
        if (settled[w] !== undefined) return crashed(w);
        if (Date.now() > deadline) return timedOut();
        await new Promise((res) => setTimeout(res, 1));
      }
    }
    return null;
  };

  const start = m.stepCount;
  let stepCount = m.stepCount;
  let clock = m.clock;
  let terminal = 0;
  let wakes: number[] = [];
  let seq = 0;
  const planned = new Uint8Array(total);
  const cursor = new Int32Array(workers);
  const perWorker: number[][] = Array.from({ length: workers }, () => []);
  while (stepCount - start < o.maxSteps) {
    clock += 1;
    for (const cid of wakes) {
      status[cid] = ST_READY;
      if (inQueue[cid] === 0) {
        inQueue[cid] = 1;
        queue.push(cid);
      }
    }
    let waves: readonly (readonly number[])[];
    const cert = { waves: planner.plan(queue, data, o.maxSteps - (stepCount - start)), planner_step: stepCount };
    // Check 1 holds by construction (planned at this step count); 5 is the test hook.
    const check = { ok: planner.check(cert.waves, queue, data) && !takeForcedInvalid() };
    if (check.ok) {
      waves = cert.waves;
      if (waves.length > 0 && rec.detailed) {
        rec.certificates.push({
          tick: clock,
          planner_step: cert.planner_step,
          waves: cert.waves,
          members: cert.waves.flat().map((cid) => ({
            coro_id: cid,
            lane: laneOf(cid, o.lanes),
            session: views[cid]!.session,
            footprint: views[cid]!.footprint,
          })),
        });
      }
    } else {
      // Fallback (§11.6): one canonical step, the first runnable id of the queue (§7.5).
      rec.fallbacks += 1;
      const first = queue.find((cid) => status[cid] === ST_READY);
      waves = first === undefined ? [] : [[first]];
    }
    if (waves.length === 0) break;
    // Dispatch: every worker gets its sessions' members in plan order with their plan position.
    for (const list of perWorker) list.length = 0;
    const flat: number[] = [];
    for (let wi = 0; wi < waves.length; wi++) {
      const wave = waves[wi]!;
      if (wave.length > rec.maxWaveWidth) rec.maxWaveWidth = wave.length;
      for (const cid of wave) {
        perWorker[workerOf[cid]!]!.push(cid, flat.length);
        flat.push(cid);
        if (rec.detailed)
          rec.laneTrace.push({
            tick: clock,
            wave: check.ok ? wi : 0,
            coro_id: cid,
            session: views[cid]!.session,
            lane: laneOf(cid, o.lanes),
          });
      }
    }
    for (let w = 0; w < workers; w++) {
      const cmd = regions[w]!.cmd;
      const list = perWorker[w]!;
      cmd[0] = clock;
      cmd[1] = list.length / 2;
      cmd.set(list, 2);
    }
    seq += 1;
    Atomics.store(hdr, H_ROUND, seq);
    for (const w of threadIds) {
      if (Atomics.load(hdr, sleepingIndex(w)) === 1) {
        Atomics.notify(hdr, H_ROUND);
        break;
      }
    }
    // The calling thread runs its own share meanwhile.
    own.run(regions[0]!);
    const failed = await barrier(seq);
    if (failed !== null) return fail(failed);
    // Central merge of the round (§7.4 per step, in execution order).
    stepCount += flat.length;
    planned.fill(0);
    for (const cid of flat) planned[cid] = 1;
    const next: number[] = [];
    for (const cid of queue) if (planned[cid] === 0) next.push(cid);
    cursor.fill(0);
    for (const cid of flat) {
      const w = workerOf[cid]!;
      const word = regions[w]!.res[cursor[w]!]!;
      cursor[w]! += 1;
      const code = word & 0xff;
      inQueue[cid] = 0;
      if (word >> 8 === 0 && views[cid]!.footprint.length > 0) {
        views[cid] = { runnable: true, session: null, footprint: [] };
        sessionOf[cid] = -1;
        fps[cid] = [];
      }
      switch (code) {
        case EXEC_CONTINUE:
        case EXEC_CLOSED:
          status[cid] = ST_READY;
          inQueue[cid] = 1;
          next.push(cid);
          break;
        case EXEC_YIELDED:
          status[cid] = ST_STALLED;
          inQueue[cid] = 1;
          next.push(cid);
          break;
        case EXEC_BLOCKED:
          status[cid] = ST_BLOCKED;
          break;
        case EXEC_HALTED:
        case EXEC_FAULTED:
          status[cid] = ST_TERMINAL;
          terminal += 1;
          break;
        case EXEC_SKIPPED:
          break;
        default:
          return fail({
            code: 'WorkerCrashed',
            path: '$',
            message: `coroutine ${cid} took a step the threaded workers cannot follow (code ${code}); run it with workers: 1`,
          });
      }
    }
    queue = next;
    wakes = [];
    for (let w = 0; w < workers; w++) {
      const wk = regions[w]!.wakes;
      for (let i = 0; i < wk[0]!; i++) wakes.push(wk[1 + i]!);
    }
    if (workers > 1) wakes.sort((a, b) => a - b);
    if (terminal === total) break;
  }

  // Stop the workers and collect what they kept.
  Atomics.store(hdr, H_STOP, 1);
  Atomics.store(hdr, H_ROUND, seq + 1);
  Atomics.notify(hdr, H_ROUND);
  const replies = await Promise.all(tasks);
  const merged: { tick: number; pos: number; order: number; event: MachineEvent }[] = [];
  const faults: { tick: number; pos: number; coro_id: number; fault: unknown }[] = [...own.faults];
  // The calling thread's own events and faults sit in `m`; take them out for the merge.
  m.trace
    .slice(own.traceStart)
    .forEach((event, i) => merged.push({ tick: event.tick, pos: own.eventPos[i]!, order: merged.length, event }));
  m.trace.length = own.traceStart;
  m.faults.length = own.faultStart;
  const phases = new Map<number, boolean>();
  for (const r of replies) {
    if (!r.ok) return err(r.error);
    const rep = r.value as WavesReply;
    rep.events.forEach((event, i) =>
      merged.push({ tick: event.tick, pos: rep.eventPos[i]!, order: merged.length, event }),
    );
    faults.push(...rep.faults);
    for (const [sid, t] of rep.sessions) phases.set(sid, t);
  }
  merged.sort((a, b) => a.tick - b.tick || a.pos - b.pos || a.order - b.order);
  faults.sort((a, b) => a.tick - b.tick || a.pos - b.pos);
  for (const e of merged) m.trace.push(e.event);
  for (const f of faults) m.faults.push({ coro_id: f.coro_id, fault: f.fault as Fault });
  for (const [sid, t] of phases) {
    const s = m.sessionById.get(sid);
    if (s !== undefined && t) s.phase = 'closed';
  }
  m.clock = clock;
  m.stepCount = stepCount;
  return ok({ allTerminal: terminal === total });
}

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
import type { ThreadedPool } from '../createThreadedPool.js';
import { laneOf } from '../waveCertificate.js';
import { CentralMirror, ST_READY } from './execCodes.js';
import { FastPlanner } from './fastPlanner.js';
import type { PlannerData } from './fastPlanner.js';
import type { CertificateHook } from './certificateHook.js';
import { callerWeight, learnCallerWeight } from './callerShare.js';
import { partitionSessions } from './partitionSessions.js';
import { RoundExecutor } from './roundExecutor.js';
import type { ThreadedRecorder } from './threadedDiagnostics.js';
import { TickMerge } from './tickMerge.js';
import { WaveTeam } from './waveTeam.js';
import type { WaveTeamOptions } from './waveTeam.js';
import type { Region } from './sharedRounds.js';

export interface ParallelWavesOptions extends WaveTeamOptions {
  readonly lanes: number;
  readonly maxSteps: number;
  readonly widening: boolean;
  readonly certificateHook: CertificateHook;
  /** Engine self-tests only: the contention guard's busy share (0 never redoes, above 1 always does). */
  readonly contendedBusyShare?: number;
}

/**
 * How a wave-parallel run ended: `allTerminal` as the single machine would report it, or
 * `certificateRejected` when a round's certificate failed its check after the round was handed
 * out; the caller then redoes the run on the calling thread (the machine it passed in is spent).
 */
export interface ParallelWavesOutcome {
  readonly allTerminal: boolean;
  /** Why the run must be redone on the calling thread (its result is unchanged, only slower). */
  readonly redo?: 'certificate' | 'contention';
}

/**
 * Contention guard: a round ends in a barrier, so a thread the OS deschedules stalls every round
 * for a time slice (measured on 2 busy cores: 30x slower than one thread). If, between
 * {@link kContentionFromMs} and {@link kContentionUntilMs} into the run, the calling thread spent
 * less than {@link kContendedBusyShare} of the time on its own work, the other threads are not
 * getting a core: the run is redone on the calling thread alone (same result, no barriers).
 * Measured idle, the calling thread is busy for over half of a run.
 */
const kContentionFromMs = 30;
const kContentionUntilMs = 2000;
const kContendedBusyShare = 0.25;

/** The planner's per-coroutine data, kept on the main thread (a replica's owned endpoints only shrink). */
interface Views {
  readonly session: Int32Array;
  readonly footprints: string[][];
  readonly interned: number[][];
  readonly maxSession: number;
  /** Every coroutine's footprint atoms lie in its own (primary) session (see `PlannerData`). */
  readonly sessionScoped: boolean;
}

function plannerViews(m: Machine, planner: FastPlanner): Views {
  const total = m.coroutines.length;
  const session = new Int32Array(total);
  const footprints: string[][] = [];
  const interned: number[][] = [];
  let maxSession = 0;
  let sessionScoped = true;
  for (let cid = 0; cid < total; cid++) {
    const sid = m.primarySession(cid) ?? -1;
    session[cid] = sid;
    if (sid > maxSession) maxSession = sid;
    const c = m.coroutines[cid];
    // Atoms are (endpoint session, role): scoped when every owned endpoint is in the primary session.
    if (c !== undefined && c.owned.some((ep) => ep.sid !== sid)) sessionScoped = false;
    const fp = m.footprint(cid);
    footprints.push(fp);
    interned.push(planner.intern(fp));
  }
  return { session, footprints, interned, maxSession, sessionScoped };
}

/**
 * Runs the wave rounds with `participants` executing threads — the calling thread (participant 0,
 * on `m` itself, as a replica) plus `participants - 1` pool threads — and hands the merged results
 * to `m` (the main thread's freshly loaded machine): trace, faults, clock, step count, session
 * phases. Returns whether every coroutine ended terminal.
 */
export async function runParallelWaves(
  m: Machine,
  pool: ThreadedPool,
  participants: number,
  o: ParallelWavesOptions,
  rec: ThreadedRecorder,
): Promise<Result<ParallelWavesOutcome, BridgeError>> {
  const total = m.coroutines.length;
  // The calling thread also plans, certifies, dispatches and merges every round (about 0.4 of a
  // step's cost per planned step, measured): it takes a smaller share of the sessions.
  const partition = partitionSessions(m, Math.min(participants, pool.workers + 1), [callerWeight(pool)]);
  const workers = partition.workers;
  const workerOf = new Int32Array(total);
  for (let cid = 0; cid < total; cid++) workerOf[cid] = partition.owner.get(m.primarySession(cid) ?? -1) ?? 0;
  const planner = new FastPlanner(o.lanes, o.widening);
  const views = plannerViews(m, planner);
  const mirror = new CentralMirror(total, m.readyQueue);
  const data: PlannerData = {
    session: views.session,
    footprint: views.interned,
    runnable: (c) => mirror.isReady(c),
    ready: mirror.status,
    sessionScoped: views.sessionScoped,
  };
  // No Spawn or Open on this path: ids, sessions and atoms are all known now.
  planner.reserve(total, views.maxSession + 1);

  // The queue as loaded (the calling thread's machine becomes a replica below and drops it).
  const initialQueue = new Int32Array(total);
  let initialLength = 0;
  for (const cid of m.readyQueue) initialQueue[initialLength++] = cid;

  const team = new WaveTeam(pool, partition, total, o);
  const own = new RoundExecutor(m);
  const fail = async (e: BridgeError): Promise<Result<never, BridgeError>> => {
    await team.abandon();
    return err(e);
  };
  const attached = await team.attach();
  if (attached !== null) return fail(attached);

  const start = m.stepCount;
  let stepCount = m.stepCount;
  let clock = m.clock;
  let seq = 0;
  // The ready queue in two buffers (this round's, the next one's): a round allocates nothing.
  // The queue holds no duplicates (§7.1), so `total` entries always suffice.
  let queue = initialQueue;
  let nextQueue = new Int32Array(total);
  let qlen = initialLength;
  const wakes = new Int32Array(total);
  let nwakes = 0;
  const planned = new Uint8Array(total);
  const cursor = new Int32Array(workers);
  const fallback = { flat: new Int32Array(1), waveEnd: new Int32Array([1]) };
  const regions = team.regions;
  const began = performance.now();
  const contendedShare = o.contendedBusyShare ?? kContendedBusyShare;
  let busy = 0;
  // The balance this run measures, for the pool's next runs (callerShare.ts).
  let checkMs = 0;
  let ownMs = 0;
  const stepsOf = new Float64Array(workers);
  let roundStart = began;
  while (stepCount - start < o.maxSteps) {
    clock += 1;
    for (let i = 0; i < nwakes; i++) {
      const cid = wakes[i] ?? 0;
      mirror.status[cid] = ST_READY;
      if (mirror.inQueue[cid] === 0) {
        mirror.inQueue[cid] = 1;
        queue[qlen++] = cid;
      }
    }
    const plan = planner.planFlat(queue, qlen, data, o.maxSteps - (stepCount - start));
    // Check 5 (the test hook) is known before the round; checks 2–4 run after the plan is handed
    // out, beside this thread's own share (check 1 holds by construction: planned at this step
    // count). A plan that then fails them was executed by mistake: the run is abandoned and
    // redone on the calling thread, where the check comes first (§11.6), so the result is the same.
    const certified = !o.certificateHook.forceInvalid();
    let flat = plan.flat;
    let waveEnd = plan.waveEnd;
    let nwaves = plan.waves;
    if (certified) {
      if (nwaves > 0 && rec.detailed) recordCertificate(rec, views, o.lanes, clock, stepCount, flat, waveEnd, nwaves);
    } else {
      // Fallback (§11.6): one canonical step, the first runnable id of the queue (§7.5).
      rec.fallbacks += 1;
      let first = -1;
      for (let i = 0; i < qlen && first < 0; i++) if (mirror.isReady(queue[i] ?? -1)) first = queue[i] ?? -1;
      fallback.flat[0] = first;
      flat = fallback.flat;
      waveEnd = fallback.waveEnd;
      nwaves = first < 0 ? 0 : 1;
    }
    if (nwaves === 0) break;
    const count = waveEnd[nwaves - 1] ?? 0;
    // Dispatch: every participant gets its sessions' members in plan order with their plan position.
    cursor.fill(0);
    let w0 = 0;
    for (let wi = 0; wi < nwaves; wi++) {
      const end = waveEnd[wi] ?? w0;
      if (end - w0 > rec.maxWaveWidth) rec.maxWaveWidth = end - w0;
      for (let pos = w0; pos < end; pos++) {
        const cid = flat[pos] ?? 0;
        const w = workerOf[cid] ?? 0;
        const at = cursor[w] ?? 0;
        const cmd = (regions[w] as Region).cmd;
        cmd[2 + 2 * at] = cid;
        cmd[3 + 2 * at] = pos;
        cursor[w] = at + 1;
        if (rec.detailed)
          rec.laneTrace.push({
            tick: clock,
            wave: certified ? wi : 0,
            coro_id: cid,
            session: sessionOrNull(views, cid),
            lane: laneOf(cid, o.lanes),
          });
      }
      w0 = end;
    }
    for (let w = 0; w < workers; w++) {
      const cmd = (regions[w] as Region).cmd;
      cmd[0] = clock;
      cmd[1] = cursor[w] ?? 0;
      stepsOf[w] = (stepsOf[w] ?? 0) + (cursor[w] ?? 0);
    }
    seq += 1;
    const published = performance.now();
    busy += published - roundStart;
    team.publish(seq);
    const ownStart = performance.now();
    // The calling thread checks the certificate and runs its own share meanwhile.
    const rejected = certified && !planner.checkFlat(flat, waveEnd, nwaves, queue, qlen, data);
    const ownRegion = regions[0];
    const checked = performance.now();
    if (ownRegion !== undefined) own.run(ownRegion);
    const waitStart = performance.now();
    checkMs += checked - ownStart;
    ownMs += waitStart - checked;
    busy += waitStart - ownStart;
    const failed = team.barrierSpin(seq) ? null : await team.barrier(seq);
    roundStart = performance.now();
    if (failed !== null) return fail(failed);
    if (rejected) {
      await team.abandon();
      return ok<ParallelWavesOutcome>({ allTerminal: false, redo: 'certificate' });
    }
    // Central merge of the round (§7.4 per step, in execution order): unplanned ids keep their
    // order, then every member by its reported code.
    stepCount += count;
    for (let i = 0; i < count; i++) planned[flat[i] ?? 0] = 1;
    let nlen = 0;
    for (let i = 0; i < qlen; i++) {
      const cid = queue[i] ?? 0;
      if (planned[cid] === 0) nextQueue[nlen++] = cid;
    }
    cursor.fill(0);
    for (let i = 0; i < count; i++) {
      const cid = flat[i] ?? 0;
      planned[cid] = 0;
      const w = workerOf[cid] ?? 0;
      const at = cursor[w] ?? 0;
      const word = (regions[w] as Region).res[at] ?? -1;
      cursor[w] = at + 1;
      const code = word & 0xff;
      // A coroutine that owns no endpoint any more (it closed its last one) has no footprint.
      if (word >> 8 === 0 && (views.footprints[cid]?.length ?? 0) > 0) {
        views.footprints[cid] = [];
        views.session[cid] = -1;
        views.interned[cid] = [];
      }
      mirror.inQueue[cid] = 0;
      const requeue = mirror.settleCode(cid, code);
      if (requeue === null)
        return fail({
          code: 'WorkerCrashed',
          path: '$',
          message: `coroutine ${cid} took a step the threaded workers cannot follow (code ${code}); run it with workers: 1`,
        });
      if (requeue) {
        mirror.inQueue[cid] = 1;
        nextQueue[nlen++] = cid;
      }
    }
    const swap = queue;
    queue = nextQueue;
    nextQueue = swap;
    qlen = nlen;
    nwakes = 0;
    for (let w = 0; w < workers; w++) {
      const wk = (regions[w] as Region).wakes;
      const n = wk[0] ?? 0;
      for (let k = 1; k <= n; k++) wakes[nwakes++] = wk[k] ?? 0;
    }
    // Each participant reports its receivers in ascending order; the round wakes all of them in ascending order.
    if (workers > 1 && nwakes > 1) wakes.subarray(0, nwakes).sort();
    if (mirror.allTerminal()) break;
    if ((seq & 63) === 0) {
      const now = performance.now();
      busy += now - roundStart;
      roundStart = now;
      const elapsed = now - began;
      // A test share above 1 means "contended at the first check".
      const window = contendedShare > 1 || (elapsed >= kContentionFromMs && elapsed <= kContentionUntilMs);
      if (window && busy < contendedShare * elapsed) {
        await team.abandon();
        return ok<ParallelWavesOutcome>({ allTerminal: false, redo: 'contention' });
      }
    }
  }

  // Stop the workers and collect what they kept.
  const replies = await team.stop(seq);
  if (!replies.ok) return replies;
  learnCallerWeight(pool, {
    rounds: seq,
    checkMs,
    ownMs,
    ownSteps: stepsOf[0] ?? 0,
    pool: replies.value.map((rep, i) => ({ ms: rep.busyMs, steps: stepsOf[i + 1] ?? 0 })),
  });
  // The calling thread's own events and faults sit in `m`; take them out for the merge.
  const mine = m.takeSince(own.start);
  const merge = new TickMerge();
  mine.events.forEach((event, i) => merge.event(event.tick, own.eventPos[i] ?? 0, event));
  for (const f of own.faults) merge.fault(f.tick, f.pos, f.coro_id, f.fault);
  const closedSessions: number[] = [];
  for (const rep of replies.value) {
    rep.events.forEach((event, i) => merge.event(event.tick, rep.eventPos[i] ?? 0, event));
    for (const f of rep.faults) merge.fault(f.tick, f.pos, f.coro_id, f.fault);
    for (const [sid, terminal] of rep.sessions) if (terminal) closedSessions.push(sid);
  }
  m.adopt({ clock, stepCount, ...merge.sorted(), closedSessions });
  return ok({ allTerminal: mirror.allTerminal() });
}

function recordCertificate(
  rec: ThreadedRecorder,
  views: Views,
  lanes: number,
  tick: number,
  plannerStep: number,
  flat: Int32Array,
  waveEnd: Int32Array,
  nwaves: number,
): void {
  const waves: number[][] = [];
  let at = 0;
  for (let w = 0; w < nwaves; w++) {
    const end = waveEnd[w] ?? at;
    waves.push(Array.from(flat.subarray(at, end)));
    at = end;
  }
  rec.certificates.push({
    tick,
    planner_step: plannerStep,
    waves,
    members: waves.flat().map((cid) => ({
      coro_id: cid,
      lane: laneOf(cid, lanes),
      session: sessionOrNull(views, cid),
      footprint: views.footprints[cid] ?? [],
    })),
  });
}

function sessionOrNull(views: Views, cid: number): number | null {
  const s = views.session[cid] ?? -1;
  return s < 0 ? null : s;
}

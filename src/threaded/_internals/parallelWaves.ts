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
import { CentralMirror } from './execCodes.js';
import { FastPlanner } from './fastPlanner.js';
import type { PlannerData } from './fastPlanner.js';
import type { CertificateHook } from './certificateHook.js';
import { partitionSessions } from './partitionSessions.js';
import { RoundExecutor } from './roundExecutor.js';
import type { ThreadedRecorder } from './threadedDiagnostics.js';
import { TickMerge } from './tickMerge.js';
import { WaveTeam } from './waveTeam.js';
import type { WaveTeamOptions } from './waveTeam.js';

export interface ParallelWavesOptions extends WaveTeamOptions {
  readonly lanes: number;
  readonly maxSteps: number;
  readonly widening: boolean;
  readonly certificateHook: CertificateHook;
}

/** The planner's per-coroutine data, kept on the main thread (a replica's owned endpoints only shrink). */
interface Views {
  readonly session: Int32Array;
  readonly footprints: string[][];
  readonly interned: number[][];
}

function plannerViews(m: Machine, planner: FastPlanner): Views {
  const total = m.coroutines.length;
  const session = new Int32Array(total);
  const footprints: string[][] = [];
  const interned: number[][] = [];
  for (let cid = 0; cid < total; cid++) {
    session[cid] = m.primarySession(cid) ?? -1;
    const fp = m.footprint(cid);
    footprints.push(fp);
    interned.push(planner.intern(fp));
  }
  return { session, footprints, interned };
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
): Promise<Result<{ readonly allTerminal: boolean }, BridgeError>> {
  const total = m.coroutines.length;
  const partition = partitionSessions(m, Math.min(participants, pool.workers + 1));
  const workers = partition.workers;
  const workerOf = new Int32Array(total);
  for (let cid = 0; cid < total; cid++) workerOf[cid] = partition.owner.get(m.primarySession(cid) ?? -1) ?? 0;
  const planner = new FastPlanner(o.lanes, o.widening);
  const views = plannerViews(m, planner);
  const mirror = new CentralMirror(total, m.readyQueue);
  const data: PlannerData = { session: views.session, footprint: views.interned, runnable: (c) => mirror.isReady(c) };
  let queue: number[] = [...m.readyQueue];

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
  let wakes: number[] = [];
  let seq = 0;
  const planned = new Uint8Array(total);
  const cursor = new Int32Array(workers);
  const perWorker: number[][] = Array.from({ length: workers }, () => []);
  while (stepCount - start < o.maxSteps) {
    clock += 1;
    for (const cid of wakes) mirror.wake(cid, queue);
    let waves: readonly (readonly number[])[];
    const cert = { waves: planner.plan(queue, data, o.maxSteps - (stepCount - start)), planner_step: stepCount };
    // Check 1 holds by construction (planned at this step count); 5 is the test hook.
    const certified = planner.check(cert.waves, queue, data) && !o.certificateHook.forceInvalid();
    if (certified) {
      waves = cert.waves;
      if (waves.length > 0 && rec.detailed) {
        rec.certificates.push({
          tick: clock,
          planner_step: cert.planner_step,
          waves: cert.waves,
          members: cert.waves.flat().map((cid) => ({
            coro_id: cid,
            lane: laneOf(cid, o.lanes),
            session: sessionOrNull(views, cid),
            footprint: views.footprints[cid] ?? [],
          })),
        });
      }
    } else {
      // Fallback (§11.6): one canonical step, the first runnable id of the queue (§7.5).
      rec.fallbacks += 1;
      const first = queue.find((cid) => mirror.isReady(cid));
      waves = first === undefined ? [] : [[first]];
    }
    if (waves.length === 0) break;
    // Dispatch: every worker gets its sessions' members in plan order with their plan position.
    for (const list of perWorker) list.length = 0;
    const flat: number[] = [];
    waves.forEach((wave, wi) => {
      if (wave.length > rec.maxWaveWidth) rec.maxWaveWidth = wave.length;
      for (const cid of wave) {
        perWorker[workerOf[cid] ?? 0]?.push(cid, flat.length);
        flat.push(cid);
        if (rec.detailed)
          rec.laneTrace.push({
            tick: clock,
            wave: certified ? wi : 0,
            coro_id: cid,
            session: sessionOrNull(views, cid),
            lane: laneOf(cid, o.lanes),
          });
      }
    });
    team.regions.forEach(({ cmd }, w) => {
      const list = perWorker[w] ?? [];
      cmd[0] = clock;
      cmd[1] = list.length / 2;
      cmd.set(list, 2);
    });
    seq += 1;
    team.publish(seq);
    // The calling thread runs its own share meanwhile.
    const ownRegion = team.regions[0];
    if (ownRegion !== undefined) own.run(ownRegion);
    const failed = await team.barrier(seq);
    if (failed !== null) return fail(failed);
    // Central merge of the round (§7.4 per step, in execution order).
    stepCount += flat.length;
    planned.fill(0);
    for (const cid of flat) planned[cid] = 1;
    const next: number[] = [];
    for (const cid of queue) if (planned[cid] === 0) next.push(cid);
    cursor.fill(0);
    for (const cid of flat) {
      const w = workerOf[cid] ?? 0;
      const at = cursor[w] ?? 0;
      const word = team.regions[w]?.res[at] ?? -1;
      cursor[w] = at + 1;
      const code = word & 0xff;
      // A coroutine that owns no endpoint any more (it closed its last one) has no footprint.
      if (word >> 8 === 0 && (views.footprints[cid]?.length ?? 0) > 0) {
        views.footprints[cid] = [];
        views.session[cid] = -1;
        views.interned[cid] = [];
      }
      if (!mirror.settle(cid, code, next, 'allowed'))
        return fail({
          code: 'WorkerCrashed',
          path: '$',
          message: `coroutine ${cid} took a step the threaded workers cannot follow (code ${code}); run it with workers: 1`,
        });
    }
    queue = next;
    wakes = [];
    for (const { wakes: wk } of team.regions) for (const cid of wk.subarray(1, 1 + (wk[0] ?? 0))) wakes.push(cid);
    if (workers > 1) wakes.sort((a, b) => a - b);
    if (mirror.allTerminal()) break;
  }

  // Stop the workers and collect what they kept.
  const replies = await team.stop(seq);
  if (!replies.ok) return replies;
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

function sessionOrNull(views: Views, cid: number): number | null {
  const s = views.session[cid] ?? -1;
  return s < 0 ? null : s;
}

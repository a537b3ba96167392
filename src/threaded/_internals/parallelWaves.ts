/**
 * Calling-thread side of a wave-parallel run on worker threads (machine.md §11.8). Every
 * participant replicates the central state — clock, `step_count`, the budget cut, ready queue,
 * runnable flags, the planner's view (waveRounds.ts) — and plans every round exactly as
 * `driveRounds` does, so plans are never sent; each executes the members of the sessions it owns,
 * and one barrier per round lets everyone settle the round from everyone's results. The calling
 * thread alone checks certificates and records diagnostics. Events and faults stay in the threads
 * until the end and are merged by (tick, plan position) = execution order.
 */
import type { Machine } from '../../machine/Machine.js';
import type { BridgeError } from '../../types/errors.js';
import type { Result } from '../../types/result.js';
import { err, ok } from '../../types/result.js';
import type { ThreadedPool } from '../createThreadedPool.js';
import { laneOf } from '../waveCertificate.js';
import type { CertificateHook } from './certificateHook.js';
import { callerWeight, learnCallerWeight, timedRound } from './callerShare.js';
import { wavesOf } from './wavesOf.js';
import { partitionSessions } from './partitionSessions.js';
import { RoundExecutor } from './roundExecutor.js';
import type { ThreadedRecorder } from './threadedDiagnostics.js';
import { TickMerge } from './tickMerge.js';
import { WaveTeam } from './waveTeam.js';
import type { WaveTeamOptions } from './waveTeam.js';
import { WaveRounds } from './waveRounds.js';

export interface ParallelWavesOptions extends WaveTeamOptions {
  readonly lanes: number;
  readonly maxSteps: number;
  readonly widening: boolean;
  readonly certificateHook: CertificateHook;
  /** Engine self-tests only: the contention guard's busy share (0 never redoes, above 1 always does). */
  readonly contendedBusyShare?: number;
  /** Engine self-tests only: how many rounds every participant plays alone first (see kSoloRounds). */
  readonly soloRounds?: number;
}

/**
 * How a wave-parallel run ended: `allTerminal` as the single machine would report it, or `redo`
 * when a round's certificate failed its check after the pool threads had started its steps, or
 * the threads got no cores; the caller then redoes the run on the calling thread (the machine it
 * passed in is spent).
 */
export interface ParallelWavesOutcome {
  readonly allTerminal: boolean;
  /** Why the run must be redone on the calling thread (its result is unchanged, only slower). */
  readonly redo?: 'certificate' | 'contention';
}

/**
 * Solo rounds. A pool thread woken for a run tends to be placed on the calling thread's core (this
 * kernel packs threads that were idle onto busy vCPUs), and two threads taking turns at a barrier
 * on one core pay a spin per round (2 ms) until the scheduler moves one of them: measured, a run's
 * first 300 rounds took 20–67 ms instead of about 4 ms. So every participant first plays this many
 * rounds alone, executing every member on its whole replica (each replica then holds every session's
 * state, so the results are the same as a single machine's, as everywhere else): no one waits for
 * anyone and both threads stay runnable, which is when the scheduler can separate them (measured:
 * it had in about half of the runs by round 400). Costs about 4 µs per round over a barrier round
 * (1.5 ms per run) when the threads are already apart.
 */
const kSoloRounds = 400;

/**
 * Contention guard: a round ends in a barrier, so a thread the OS deschedules stalls every round
 * for a time slice (measured on 2 busy cores: 30x slower than one thread). If, between
 * {@link kContentionFromMs} and {@link kContentionUntilMs} into the run, the calling thread spent
 * less than {@link kContendedBusyShare} of the time on its own work, the other threads are not
 * getting a core: the run is redone on the calling thread alone (same result, no barriers).
 * Measured idle, the calling thread is busy for over half of a run once it has warmed up; the
 * first tens of milliseconds can be slow (a pool thread's first rounds after loading), so the
 * guard looks only from 100 ms on. Contended runs measured 2–16 % busy.
 */
const kContentionFromMs = 100;
const kContentionUntilMs = 2000;
const kContendedBusyShare = 0.2;

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
  // The calling thread also plans, checks and settles every round: its share is learnt per pool.
  const partition = partitionSessions(m, Math.min(participants, pool.workers + 1), [callerWeight(pool)]);
  // Read before `m` becomes participant 0's replica (it then drops its queue).
  const rounds = new WaveRounds(m, o.lanes, o.widening, (sid) => partition.owner.get(sid) ?? 0);
  // The check-5 hook is known up front: every participant falls back in the first round alike.
  const fallbackFirst = o.certificateHook.forceInvalid();
  if (fallbackFirst) rec.fallbacks += 1;
  const shape = {
    lanes: o.lanes,
    widening: o.widening,
    maxSteps: o.maxSteps,
    fallbackFirst,
    soloRounds: o.soloRounds ?? kSoloRounds,
  };
  const team = new WaveTeam(pool, partition, total, shape, o);
  const x = team.exchange;
  const own = new RoundExecutor(m);
  const fail = async (e: BridgeError): Promise<Result<never, BridgeError>> => {
    await team.abandon();
    return err(e);
  };
  const attached = await team.attach();
  if (attached !== null) return fail(attached);

  const start = rounds.stepCount;
  const members = new Int32Array(2 * Math.max(1, total));
  // Solo rounds: every participant executes every member on its whole replica and settles from its
  // own codes, without a barrier (see kSoloRounds).
  const soloRounds = shape.soloRounds;
  const soloCodes = new Int32Array(Math.max(1, total));
  const soloWakes = new Int32Array(1 + total);
  const soloLists = [soloWakes];
  let round = 0;
  const began = performance.now();
  const contendedShare = o.contendedBusyShare ?? kContendedBusyShare;
  // Time spent waiting at barriers: the rest of the run is the calling thread's own work.
  let waited = 0;
  // The balance this run measures, for the pool's next runs (callerShare.ts), on timed rounds.
  let checkMs = 0;
  let ownMs = 0;
  let ownSteps = 0;
  // The same loop runs in every pool thread (wavesWorker.ts): each stops at the same round.
  while (rounds.stepCount - start < o.maxSteps) {
    rounds.beginRound();
    round += 1;
    const fallback = fallbackFirst && round === 1;
    const count = rounds.plan(o.maxSteps - (rounds.stepCount - start), fallback);
    if (count === 0) break;
    record(rec, rounds, o.lanes, fallback);
    const solo = round <= soloRounds;
    const barrier = round - soloRounds;
    const n = solo ? rounds.allMembers(members) : rounds.membersOf(0, members);
    const timed = !solo && timedRound(barrier);
    // Checks 2–4 run beside the pool threads' steps (check 1 holds by construction: planned at
    // this step count). A plan that fails them was executed by mistake: the run is abandoned and
    // redone on the calling thread, where the check comes first (§11.6): same result.
    const planned = timed ? performance.now() : 0;
    const rejected = !fallback && !rounds.check();
    const checked = timed ? performance.now() : 0;
    const codes = solo ? soloCodes : x.codesOf(round);
    own.run(rounds.clock, members, n, codes, solo ? soloWakes : x.wakesOf(0, round));
    if (timed) {
      const ran = performance.now();
      checkMs += checked - planned;
      ownMs += ran - checked;
      ownSteps += n;
    }
    if (rejected) {
      await team.abandon();
      return ok<ParallelWavesOutcome>({ allTerminal: false, redo: 'certificate' });
    }
    if (!solo) {
      x.arrive();
      // The barrier counts barrier rounds only (no one arrives in a solo round).
      if (!x.complete(barrier)) {
        const from = performance.now();
        if (!x.spin(barrier)) {
          const failed = await team.await(barrier);
          if (failed !== null) return fail(failed);
        }
        waited += performance.now() - from;
      }
    }
    const stuck = rounds.settle(codes);
    if (stuck >= 0)
      return fail({
        code: 'WorkerCrashed',
        path: '$',
        message: `coroutine ${stuck} took a step the threaded workers cannot follow; run it with workers: 1`,
      });
    rounds.collectWakes(solo ? soloLists : x.wakeListsOf(round));
    if (rounds.allTerminal()) break;
    if ((round & 63) === 0) {
      const elapsed = performance.now() - began;
      // A test share above 1 means "contended at the first check".
      const window = contendedShare > 1 || (elapsed >= kContentionFromMs && elapsed <= kContentionUntilMs);
      if (window && elapsed - waited < contendedShare * elapsed) {
        await team.abandon();
        return ok<ParallelWavesOutcome>({ allTerminal: false, redo: 'contention' });
      }
    }
  }

  // The pool threads ended the same loop: collect what they kept.
  const replies = await team.finish();
  if (!replies.ok) return replies;
  learnCallerWeight(pool, {
    rounds: Math.max(0, round - soloRounds),
    checkMs,
    ownMs,
    ownSteps,
    pool: replies.value.map((rep) => ({ ms: rep.busyMs, steps: rep.steps })),
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
  m.adopt({ clock: rounds.clock, stepCount: rounds.stepCount, ...merge.sorted(), closedSessions });
  return ok({ allTerminal: rounds.allTerminal() });
}

/** The round's diagnostics (machine.md §8.4, §11.4–11.6): widest wave, certificate and lane trace. */
function record(rec: ThreadedRecorder, rounds: WaveRounds, lanes: number, fallback: boolean): void {
  const { flat, waveEnd, waves } = rounds;
  let w0 = 0;
  for (let wi = 0; wi < waves; wi++) {
    const end = waveEnd[wi] ?? w0;
    if (end - w0 > rec.maxWaveWidth) rec.maxWaveWidth = end - w0;
    if (rec.detailed)
      for (let pos = w0; pos < end; pos++) {
        const cid = flat[pos] ?? 0;
        rec.laneTrace.push({
          tick: rounds.clock,
          wave: fallback ? 0 : wi,
          coro_id: cid,
          session: sessionOrNull(rounds, cid),
          lane: laneOf(cid, lanes),
        });
      }
    w0 = end;
  }
  if (!fallback && rec.detailed) recordCertificate(rec, rounds, lanes);
}

function recordCertificate(rec: ThreadedRecorder, rounds: WaveRounds, lanes: number): void {
  const waves = wavesOf(rounds);
  rec.certificates.push({
    tick: rounds.clock,
    planner_step: rounds.stepCount,
    waves,
    members: waves.flat().map((cid) => ({
      coro_id: cid,
      lane: laneOf(cid, lanes),
      session: sessionOrNull(rounds, cid),
      footprint: rounds.footprints[cid] ?? [],
    })),
  });
}

function sessionOrNull(rounds: WaveRounds, cid: number): number | null {
  const s = rounds.session[cid] ?? -1;
  return s < 0 ? null : s;
}

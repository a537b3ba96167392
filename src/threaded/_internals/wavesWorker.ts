/**
 * Pool-thread side of a wave-parallel run (machine.md §11.8): the thread replicates the calling
 * thread's freshly loaded machine (the programs it installed, loaded once there), owns a fixed set
 * of sessions for the whole run, and every round plans from its own copy of the central state (the
 * same plan everywhere), executes the members of its sessions, and settles the round from
 * everyone's shared results. Steps of a Tier-1 coroutine read and write only its session (plus
 * the load-time "any handler" fact), so a replica whose other sessions go stale computes exactly
 * what the single machine would.
 */
import type { Machine } from '../../machine/Machine.js';
import type { MachineEvent } from '../../types/machine.js';
import { timedRound } from './callerShare.js';
import { injectFault } from './injectFault.js';
import { loadReplica } from './loadInput.js';
import { unpackInput } from './packInput.js';
import { RoundExecutor } from './roundExecutor.js';
import { RoundExchange } from './sharedRounds.js';
import { WaveRounds } from './waveRounds.js';
import type { WavesReply, WavesTask } from './workerProtocol.js';

/** How long one futex sleep lasts before the stop flag is looked at again. */
const kSleepMs = 50;

export function runWavesWorker(task: WavesTask): WavesReply {
  const x = new RoundExchange(task.shared, task.layout, task.worker);
  try {
    return loop(task, x);
  } catch (e) {
    x.failed();
    throw e;
  }
}

function loop(task: WavesTask, x: RoundExchange): WavesReply {
  // Before it attaches: the calling thread is still waiting for this thread (waveTeam.attach).
  if (task.inject === 'throw-on-load') injectFault(task.inject);
  const m = loadReplica(unpackInput(task.input), task.config, task.trace);
  const owner = new Map<number, number>();
  task.sessionsOf.forEach((sids, w) => {
    for (const sid of sids) owner.set(sid, w);
  });
  const rounds = new WorkerRounds(
    task,
    x,
    new WaveRounds(m, task.lanes, task.widening, (sid) => owner.get(sid) ?? 0),
    m,
  );
  x.attached();
  // The same rounds as the calling thread's (parallelWaves.ts), so every participant stops at the
  // same round; the calling thread alone checks certificates and may stop the run early.
  while (rounds.next());
  return reply(task, m, rounds.exec, rounds.busyMs, rounds.steps);
}

/**
 * One pool thread's rounds. A round is one call of {@link next}: V8 keeps that method optimized
 * from run to run, while a loop body inlined in a once-per-run function is deoptimized at each
 * run's end and runs unoptimized at the next run's start, stalling every barrier partner.
 */
class WorkerRounds {
  readonly exec: RoundExecutor;
  busyMs = 0;
  steps = 0;
  private round = 0;
  private readonly start: number;
  private readonly members: Int32Array;

  constructor(
    private readonly task: WavesTask,
    private readonly x: RoundExchange,
    private readonly rounds: WaveRounds,
    m: Machine,
  ) {
    this.exec = new RoundExecutor(m);
    this.members = new Int32Array(2 * Math.max(1, task.layout.capacity));
    this.start = rounds.stepCount;
    this.soloCodes = new Int32Array(Math.max(1, task.layout.capacity));
    this.soloWakes = new Int32Array(1 + task.layout.capacity);
    this.soloLists = [this.soloWakes];
  }

  /** Plays one round; false once the run is over. */
  next(): boolean {
    const { task, x, rounds } = this;
    const done = rounds.stepCount - this.start;
    if (done >= task.maxSteps) return false;
    rounds.beginRound();
    const round = (this.round += 1);
    if (rounds.plan(task.maxSteps - done, task.fallbackFirst && round === 1) === 0) return false;
    if (task.inject !== undefined && round === 2) injectFault(task.inject);
    if (round <= task.soloRounds) return this.solo();
    // The barrier counts barrier rounds only (no one arrives in a solo round).
    const barrier = round - task.soloRounds;
    const timed = timedRound(barrier);
    const began = timed ? performance.now() : 0;
    const n = rounds.membersOf(task.worker, this.members);
    this.exec.run(rounds.clock, this.members, n, x.codesOf(round), x.wakesOf(task.worker, round));
    if (timed) {
      this.busyMs += performance.now() - began;
      this.steps += n;
    }
    x.arrive();
    if (!x.spin(barrier))
      while (!x.complete(barrier)) {
        if (x.stopped()) return false;
        x.sleep(barrier, kSleepMs);
      }
    if (x.stopped()) return false;
    // A code the mirror cannot follow: the calling thread reports it and stops the run.
    if (rounds.settle(x.codesOf(round)) >= 0) return false;
    rounds.collectWakes(x.wakeListsOf(round));
    return !rounds.allTerminal();
  }

  // A solo round (parallelWaves.ts, kSoloRounds): every member on this whole replica, no barrier.
  // Its events and faults are the calling thread's to report, so the executor forgets them.
  private readonly soloCodes: Int32Array;
  private readonly soloWakes: Int32Array;
  private readonly soloLists: readonly Int32Array[];

  private solo(): boolean {
    const { x, rounds } = this;
    if (x.stopped()) return false;
    const n = rounds.allMembers(this.members);
    this.exec.run(rounds.clock, this.members, n, this.soloCodes, this.soloWakes);
    this.exec.restart();
    if (rounds.settle(this.soloCodes) >= 0) return false;
    rounds.collectWakes(this.soloLists);
    return !rounds.allTerminal();
  }
}

function reply(task: WavesTask, m: Machine, exec: RoundExecutor, busyMs: number, steps: number): WavesReply {
  const mine = new Set(task.sessionsOf[task.worker] ?? []);
  const events: MachineEvent[] = m.trace.slice(exec.start.events);
  return {
    kind: 'waves',
    events,
    eventPos: exec.eventPos,
    faults: exec.faults,
    sessions: m.sessions.filter((s) => mine.has(s.sid)).map((s) => [s.sid, s.phase !== 'active'] as const),
    busyMs,
    steps,
  };
}

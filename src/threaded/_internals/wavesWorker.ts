/**
 * Pool-thread side of a wave-parallel run (machine.md §11.8): the thread loads the same input as
 * the calling thread, owns a fixed set of sessions for the whole run, and every round plans from
 * its own copy of the central state (the same plan everywhere), executes the members of its
 * sessions, and settles the round from everyone's shared results. Steps of a Tier-1 coroutine
 * read and write only its session (plus the load-time "any handler" fact), so a replica whose
 * other sessions go stale computes exactly what the single machine would.
 */
import type { Machine } from '../../machine/Machine.js';
import type { MachineEvent } from '../../types/machine.js';
import { injectFault } from './injectFault.js';
import { loadInput } from './loadInput.js';
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
  const loaded = loadInput(unpackInput(task.input), task.config, task.trace);
  if (!loaded.ok) throw new Error(`worker could not load the input: ${loaded.error.message}`);
  const m = loaded.value.machine;
  const owner = new Map<number, number>();
  task.sessionsOf.forEach((sids, w) => {
    for (const sid of sids) owner.set(sid, w);
  });
  const rounds = new WaveRounds(m, task.lanes, task.widening, (sid) => owner.get(sid) ?? 0);
  const exec = new RoundExecutor(m);
  const members = new Int32Array(2 * Math.max(1, task.layout.capacity));
  const start = rounds.stepCount;
  x.attached();
  let round = 0;
  let busyMs = 0;
  let steps = 0;
  // The same loop as the calling thread's (parallelWaves.ts), so every participant stops at the
  // same round; the calling thread alone checks certificates and may stop the run early.
  while (rounds.stepCount - start < task.maxSteps) {
    rounds.beginRound();
    round += 1;
    if (rounds.plan(task.maxSteps - (rounds.stepCount - start), task.fallbackFirst && round === 1) === 0) break;
    if (task.inject !== undefined && round === 2) injectFault(task.inject);
    const began = performance.now();
    const n = rounds.membersOf(task.worker, members);
    exec.run(rounds.clock, members, n, x.codesOf(round), x.wakesOf(task.worker, round));
    busyMs += performance.now() - began;
    steps += n;
    x.arrive();
    if (!x.spin(round))
      while (!x.complete(round)) {
        if (x.stopped()) return reply(task, m, exec, busyMs, steps);
        x.sleep(round, kSleepMs);
      }
    if (x.stopped()) break;
    // A code the mirror cannot follow: the calling thread reports it and stops the run.
    if (rounds.settle(x.codesOf(round)) >= 0) break;
    rounds.collectWakes(x.wakeListsOf(round));
    if (rounds.allTerminal()) break;
  }
  return reply(task, m, exec, busyMs, steps);
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

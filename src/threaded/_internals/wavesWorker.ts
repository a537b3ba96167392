/**
 * Worker side of a wave-parallel run (machine.md §11.8): the worker loads the same input as the
 * main thread, owns a fixed set of sessions for the whole run, and each round executes the steps
 * the main thread planned for them. Steps of a Tier-1 coroutine read and write only its session
 * (plus the load-time "any handler" fact), so a replica whose other sessions go stale computes
 * exactly what the single machine would.
 */
import type { MachineEvent } from '../../types/machine.js';
import { injectFault } from './injectFault.js';
import { loadInput } from './loadInput.js';
import { unpackInput } from './packInput.js';
import { RoundExecutor } from './roundExecutor.js';
import { WorkerSide, regionOf } from './sharedRounds.js';
import type { WavesReply, WavesTask } from './workerProtocol.js';

export function runWavesWorker(task: WavesTask): WavesReply {
  const side = new WorkerSide(task.shared, task.layout, task.worker);
  try {
    return loop(task, side);
  } catch (e) {
    side.failed();
    throw e;
  }
}

function loop(task: WavesTask, side: WorkerSide): WavesReply {
  const loaded = loadInput(unpackInput(task.input), task.config, task.trace);
  if (!loaded.ok) throw new Error(`worker could not load the input: ${loaded.error.message}`);
  const m = loaded.value.machine;
  const exec = new RoundExecutor(m);
  const region = regionOf(task.shared, task.layout, task.worker);
  side.attached();
  let seen = 0;
  let round = 0;
  let busyMs = 0;
  for (;;) {
    seen = side.awaitRound(seen);
    if (side.stopRequested()) break;
    round += 1;
    if (task.inject !== undefined && round === 2) injectFault(task.inject);
    const began = performance.now();
    exec.run(region);
    busyMs += performance.now() - began;
    side.done(seen);
  }
  const mine = new Set(task.sessions);
  const events: MachineEvent[] = m.trace.slice(exec.start.events);
  return {
    kind: 'waves',
    events,
    eventPos: exec.eventPos,
    faults: exec.faults,
    sessions: m.sessions.filter((s) => mine.has(s.sid)).map((s) => [s.sid, s.phase !== 'active'] as const),
    busyMs,
  };
}

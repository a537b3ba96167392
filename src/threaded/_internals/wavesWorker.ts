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
import { RoundExecutor } from './roundExecutor.js';
import {
  H_MAIN_SLEEPING,
  H_ROUND,
  H_STOP,
  attachedIndex,
  doneIndex,
  errorIndex,
  headerSize,
  regionOf,
  sleepingIndex,
  spinWhileEqual,
} from './sharedRounds.js';
import type { WavesReply, WavesTask } from './workerProtocol.js';

export async function runWavesWorker(task: WavesTask): Promise<WavesReply> {
  const hdr = new Int32Array(task.shared, 0, headerSize(task.layout.workers));
  const w = task.worker;
  try {
    return loop(task, hdr);
  } catch (e) {
    // Tell the main thread first: it may be asleep on this worker's barrier slot.
    Atomics.store(hdr, errorIndex(w), 1);
    Atomics.notify(hdr, doneIndex(w));
    throw e;
  }
}

function loop(task: WavesTask, hdr: Int32Array): WavesReply {
  const w = task.worker;
  const loaded = loadInput(task.input, task.config, task.trace);
  if (!loaded.ok) throw new Error(`worker could not load the input: ${loaded.error.message}`);
  const m = loaded.value.machine;
  const exec = new RoundExecutor(m);
  const region = regionOf(task.shared, task.layout, w);

  Atomics.store(hdr, attachedIndex(w), 1);
  Atomics.notify(hdr, attachedIndex(w));
  let seen = 0;
  let round = 0;
  for (;;) {
    // Spin a little (the main thread plans quickly), then sleep until the next round is published.
    spinWhileEqual(hdr, H_ROUND, seen);
    while (Atomics.load(hdr, H_ROUND) === seen) {
      Atomics.store(hdr, sleepingIndex(w), 1);
      Atomics.wait(hdr, H_ROUND, seen, 50);
      Atomics.store(hdr, sleepingIndex(w), 0);
    }
    seen = Atomics.load(hdr, H_ROUND);
    if (Atomics.load(hdr, H_STOP) === 1) break;
    round += 1;
    if (task.inject !== undefined && round === 2) injectFault(task.inject);
    exec.run(region);
    Atomics.store(hdr, doneIndex(w), seen);
    if (Atomics.load(hdr, H_MAIN_SLEEPING) === 1) Atomics.notify(hdr, doneIndex(w));
  }
  const mine = new Set(task.sessions);
  const events: MachineEvent[] = m.trace.slice(exec.start.events);
  return {
    kind: 'waves',
    events,
    eventPos: exec.eventPos,
    faults: exec.faults,
    sessions: m.sessions.filter((s) => mine.has(s.sid)).map((s) => [s.sid, s.phase !== 'active'] as const),
  };
}

/**
 * Worker side of a wave-parallel run (machine.md §11.8): the worker loads the same input as the
 * main thread, owns a fixed set of sessions for the whole run, and each round executes the steps
 * the main thread planned for them, in plan order, at the round's tick. Steps of a Tier-1
 * coroutine read and write only its session (plus the load-time "any handler" fact), so a replica
 * whose other sessions go stale computes exactly what the single machine would.
 */
import type { Machine } from '../../machine/Machine.js';
import type { MachineConfig, MachineEvent } from '../../types/machine.js';
import {
  EXEC_BLOCKED,
  EXEC_CLOSED,
  EXEC_CONTINUE,
  EXEC_FAULTED,
  EXEC_HALTED,
  EXEC_SKIPPED,
  EXEC_UNSUPPORTED,
  EXEC_YIELDED,
  H_ROUND,
  H_STOP,
  attachedIndex,
  doneIndex,
  errorIndex,
  regionOf,
} from './sharedRounds.js';
import type { WavesReply, WavesTask } from './workerProtocol.js';
import { loadInput } from './loadInput.js';

export async function runWavesWorker(task: WavesTask): Promise<WavesReply> {
  const hdr = new Int32Array(task.shared, 0, 2 + 3 * task.layout.workers);
  const w = task.worker;
  try {
    return loop(task, hdr);
  } catch (e) {
    // Tell the main thread first: it may be blocked on this worker's barrier slot.
    Atomics.store(hdr, errorIndex(w), 1);
    Atomics.notify(hdr, doneIndex(w));
    throw e;
  }
}

function loop(task: WavesTask, hdr: Int32Array): WavesReply {
  const w = task.worker;
  const loaded = loadInput(task.input, task.config as Partial<MachineConfig>, task.trace);
  if (!loaded.ok) throw new Error(`worker could not load the input: ${loaded.error.message}`);
  const m: Machine = loaded.value.machine;
  const traceStart = m.trace.length;
  const eventPos: number[] = [];
  const faults: { tick: number; pos: number; coro_id: number; fault: unknown }[] = [];
  const region = regionOf(task.shared, task.layout, w);
  const { cmd, res, wakes } = region;

  Atomics.store(hdr, attachedIndex(w), 1);
  Atomics.notify(hdr, attachedIndex(w));
  let seen = 0;
  let round = 0;
  for (;;) {
    // Sleep until the main thread publishes the next round (or the stop flag).
    while (Atomics.load(hdr, H_ROUND) === seen) Atomics.wait(hdr, H_ROUND, seen, 50);
    seen = Atomics.load(hdr, H_ROUND);
    if (Atomics.load(hdr, H_STOP) === 1) break;
    round += 1;
    if (task.inject !== undefined && round === 2) inject(task.inject);
    const tick = cmd[0]!;
    const count = cmd[1]!;
    // Same clock and wake-ups as the single machine: beginRound() wakes exactly the receivers
    // this worker reported at the end of the previous round.
    m.beginRound();
    m.clock = tick;
    for (let k = 0; k < count; k++) {
      const cid = cmd[2 + 2 * k]!;
      const pos = cmd[3 + 2 * k]!;
      if (!m.isRunnable(cid)) {
        res[k] = EXEC_SKIPPED;
        continue;
      }
      const before = m.trace.length;
      const faultsBefore = m.faults.length;
      const out = m.step(cid);
      for (let i = before; i < m.trace.length; i++) eventPos.push(pos);
      for (let i = faultsBefore; i < m.faults.length; i++) {
        const f = m.faults[i]!;
        faults.push({ tick, pos, coro_id: f.coro_id, fault: f.fault });
      }
      const owned = m.coroutines[cid]?.owned.length ?? 0;
      res[k] = codeOf(out.status.kind) | (Math.min(owned, 255) << 8);
    }
    let n = 0;
    for (const [cid] of m.blocked) {
      const c = m.coroutines[cid];
      if (c !== undefined && c.waitBuffer !== null && c.waitBuffer.queue.length > 0) wakes[1 + n++] = cid;
    }
    wakes.subarray(1, 1 + n).sort();
    wakes[0] = n;
    Atomics.store(hdr, doneIndex(w), seen);
    Atomics.notify(hdr, doneIndex(w));
  }
  const mine = new Set(task.sessions);
  const events: MachineEvent[] = m.trace.slice(traceStart);
  return {
    kind: 'waves',
    events,
    eventPos,
    faults,
    sessions: m.sessions.filter((s) => mine.has(s.sid)).map((s) => [s.sid, s.phase !== 'active'] as const),
  };
}

function codeOf(kind: string): number {
  switch (kind) {
    case 'continue':
      return EXEC_CONTINUE;
    case 'blocked':
      return EXEC_BLOCKED;
    case 'halted':
      return EXEC_HALTED;
    case 'faulted':
      return EXEC_FAULTED;
    case 'yielded':
      return EXEC_YIELDED;
    case 'closed':
      return EXEC_CLOSED;
    default:
      return EXEC_UNSUPPORTED;
  }
}

function inject(what: NonNullable<WavesTask['inject']>): void {
  if (what === 'throw-in-round') throw new Error('injected worker failure');
  if (what === 'exit-in-round') process.exit(1);
  const cell = new Int32Array(new SharedArrayBuffer(4));
  for (;;) Atomics.wait(cell, 0, 0, 1000);
}

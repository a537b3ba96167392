/**
 * Worker side of a canonical run computed ahead (machine.md §11.8, canonical runs without a
 * schedule): the order in which one session's coroutines are picked does not depend on other
 * sessions, so the worker runs each of its sessions alone — first runnable of the session's own
 * queue, §7.4 queue updates, §7.2 wake-ups before each pick — and records per step the coroutine,
 * its exec status and the receivers woken right after it. The main thread replays the global
 * queue from these records and assigns picks, ticks and the step cut.
 */
import type { MessagePort } from 'node:worker_threads';
import type { Machine } from '../../machine/Machine.js';
import type { MachineConfig } from '../../types/machine.js';
import { loadInput } from './loadInput.js';
import { codeOf } from './roundExecutor.js';
import { EXEC_BLOCKED, EXEC_FAULTED, EXEC_HALTED } from './sharedRounds.js';
import type { AheadReply, AheadRequest, AheadTask, SessionRecords } from './workerProtocol.js';

interface Local {
  readonly sid: number;
  /** The session's own ready queue (machine.md §7.1, restricted to the session). */
  queue: number[];
  /** Blocked coroutines of the session. */
  readonly blocked: Set<number>;
  steps: number;
  done: boolean;
  /** Machine trace / fault list range of each local step (other sessions' steps interleave). */
  readonly eventStart: number[];
  readonly eventEnd: number[];
  readonly faultStart: number[];
  readonly faultEnd: number[];
}

export function runAheadWorker(task: AheadTask): Promise<AheadReply> {
  const loaded = loadInput(task.input, task.config as Partial<MachineConfig>, task.trace);
  if (!loaded.ok) return Promise.reject(new Error(`worker could not load the input: ${loaded.error.message}`));
  const m = loaded.value.machine;
  const traceStart = m.trace.length;
  const locals = new Map<number, Local>();
  for (const sid of task.sessions) {
    locals.set(sid, {
      sid,
      queue: [],
      blocked: new Set(),
      steps: 0,
      done: false,
      eventStart: [],
      eventEnd: [],
      faultStart: [],
      faultEnd: [],
    });
  }
  for (const cid of m.readyQueue) {
    const sid = m.coroutines[cid]?.owned[0]?.sid;
    if (sid !== undefined) locals.get(sid)?.queue.push(cid);
  }
  // The replica's own ready queue is never read here; keeping it empty keeps Machine.step's
  // queue update O(1) instead of a scan over every coroutine of the run.
  m.readyQueue.length = 0;
  const port: MessagePort = task.port;
  return new Promise<AheadReply>((resolve, reject) => {
    // The main thread closes its end when it abandons the run: end the task instead of waiting.
    port.on('close', () => reject(new Error('the run was abandoned by the main thread')));
    let requests = 0;
    port.on('message', (msg: AheadRequest) => {
      try {
        requests += 1;
        if (task.inject !== undefined && requests === 2) inject(task.inject);
        if (msg.type === 'extend') {
          const out: SessionRecords[] = [];
          for (const [sid, upTo] of msg.targets) {
            const l = locals.get(sid);
            if (l !== undefined) out.push(extend(m, l, upTo));
          }
          port.postMessage({ type: 'records', sessions: out });
          return;
        }
        port.close();
        resolve(finish(m, locals, traceStart, msg.consumed));
      } catch (e) {
        port.close();
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  });
}

function extend(m: Machine, l: Local, upTo: number): SessionRecords {
  const cids: number[] = [];
  const codes: number[] = [];
  const wakes: number[] = [];
  const wakeEnds: number[] = [];
  while (!l.done && l.steps < upTo) {
    let cid: number | undefined;
    let at = -1;
    for (let i = 0; i < l.queue.length; i++) {
      if (m.isRunnable(l.queue[i]!)) {
        cid = l.queue[i]!;
        at = i;
        break;
      }
    }
    if (cid === undefined) {
      l.done = true;
      break;
    }
    l.queue.splice(at, 1);
    l.eventStart.push(m.trace.length);
    l.faultStart.push(m.faults.length);
    const out = m.step(cid);
    if (m.readyQueue.length > 0) m.readyQueue.length = 0;
    l.eventEnd.push(m.trace.length);
    l.faultEnd.push(m.faults.length);
    const code = codeOf(out.status.kind);
    // §7.4 on the session's own queue (the machine's global queue is not used here).
    if (code === EXEC_BLOCKED) l.blocked.add(cid);
    else if (code !== EXEC_HALTED && code !== EXEC_FAULTED) l.queue.push(cid);
    cids.push(cid);
    codes.push(code);
    // §7.2 for the next round of this session. Only this session's buffers changed since the
    // last wake-up pass, so the machine's own beginRound() wakes exactly this session's receivers
    // (ascending ids); its clock is irrelevant here (the main thread assigns ticks).
    if (l.blocked.size > 0) {
      m.beginRound();
      if (m.readyQueue.length > 0) m.readyQueue.length = 0;
      const woken: number[] = [];
      for (const b of l.blocked) if (m.isRunnable(b)) woken.push(b);
      woken.sort((a, b) => a - b);
      for (const b of woken) {
        l.blocked.delete(b);
        if (!l.queue.includes(b)) l.queue.push(b);
        wakes.push(b);
      }
    }
    wakeEnds.push(wakes.length);
    l.steps += 1;
  }
  return { sid: l.sid, cids, codes, wakes, wakeEnds, done: l.done };
}

function finish(
  m: Machine,
  locals: ReadonlyMap<number, Local>,
  traceStart: number,
  consumed: readonly (readonly [number, number])[],
): AheadReply {
  const events: AheadReply['events'][number][] = [];
  const eventSid: number[] = [];
  const eventStep: number[] = [];
  const faults: { sid: number; step: number; coro_id: number; fault: unknown }[] = [];
  for (const [sid, count] of consumed) {
    const l = locals.get(sid);
    if (l === undefined) continue;
    for (let k = 0; k < count && k < l.steps; k++) {
      for (let i = Math.max(l.eventStart[k]!, traceStart); i < l.eventEnd[k]!; i++) {
        events.push(m.trace[i]!);
        eventSid.push(sid);
        eventStep.push(k);
      }
      for (let i = l.faultStart[k]!; i < l.faultEnd[k]!; i++)
        faults.push({ sid, step: k, coro_id: m.faults[i]!.coro_id, fault: m.faults[i]!.fault });
    }
  }
  return { kind: 'ahead', events, eventSid, eventStep, faults };
}

function inject(what: NonNullable<AheadTask['inject']>): void {
  if (what === 'throw-in-round') throw new Error('injected worker failure');
  if (what === 'exit-in-round') process.exit(1);
  const cell = new Int32Array(new SharedArrayBuffer(4));
  for (;;) Atomics.wait(cell, 0, 0, 1000);
}

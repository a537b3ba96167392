/**
 * Worker side of a canonical run computed ahead (machine.md §11.8, canonical runs without a
 * schedule): the order in which one session's coroutines are picked does not depend on other
 * sessions, so the worker runs each of its sessions alone — first runnable of the session's own
 * queue, §7.4 queue updates, §7.2 wake-ups before each pick — and records per step the coroutine,
 * its exec status and the receivers woken right after it. The main thread replays the global
 * queue from these records and assigns picks, ticks and the step cut.
 */
import type { Machine } from '../../machine/Machine.js';
import type { MachineEvent } from '../../types/machine.js';
import * as execCodes from './execCodes.js';
import { injectFault } from './injectFault.js';
import { loadReplica } from './loadInput.js';
import { unpackInput } from './packInput.js';
import type { AheadReply, AheadRequest, AheadTask, ProtocolPort, SessionRecords } from './workerProtocol.js';

// Per-step names are read once here: under Vitest (the benches) every use of an imported binding is a getter call.
const { EXEC_BLOCKED, EXEC_FAULTED, EXEC_HALTED, codeOf } = execCodes;

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
  // Thrown before any record: the handler is async, so this is the task's rejection.
  if (task.inject === 'throw-on-load') injectFault(task.inject);
  const m = loadReplica(unpackInput(task.input), task.config, task.trace);
  const traceStart = m.mark().events;
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
    const sid = m.primarySession(cid);
    if (sid !== null) locals.get(sid)?.queue.push(cid);
  }
  // Each session keeps its own queue here; the replica keeps none, which also keeps each step's
  // queue update O(1) instead of a scan over every coroutine of the run.
  m.becomeReplica();
  const port: ProtocolPort = task.port;
  return new Promise<AheadReply>((resolve, reject) => {
    // The main thread closes its end when it abandons the run: end the task instead of waiting.
    port.on('close', () => reject(new Error('the run was abandoned by the main thread')));
    let requests = 0;
    port.on('message', (value: unknown) => {
      const msg = value as AheadRequest; // the main thread sends only AheadRequests on this port
      try {
        requests += 1;
        if (task.inject !== undefined && requests === 2) injectFault(task.inject);
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
    const at = l.queue.findIndex((id) => m.isRunnable(id));
    const cid = l.queue[at];
    if (cid === undefined) {
      l.done = true;
      break;
    }
    l.queue.splice(at, 1);
    l.eventStart.push(m.traceLength);
    l.faultStart.push(m.faults.length);
    const out = m.step(cid);
    l.eventEnd.push(m.traceLength);
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
  const events: MachineEvent[] = [];
  const eventSid: number[] = [];
  const eventStep: number[] = [];
  const faults: AheadReply['faults'][number][] = [];
  const trace = m.trace;
  const mfaults = m.faults;
  for (const [sid, count] of consumed) {
    const l = locals.get(sid);
    if (l === undefined) continue;
    for (let k = 0; k < count && k < l.steps; k++) {
      for (let i = Math.max(l.eventStart[k] ?? 0, traceStart); i < (l.eventEnd[k] ?? 0); i++) {
        const event = trace[i];
        if (event === undefined) continue;
        events.push(event);
        eventSid.push(sid);
        eventStep.push(k);
      }
      for (let i = l.faultStart[k] ?? 0; i < (l.faultEnd[k] ?? 0); i++) {
        const f = mfaults[i];
        if (f !== undefined) faults.push({ sid, step: k, coro_id: f.coro_id, fault: f.fault });
      }
    }
  }
  return { kind: 'ahead', events, eventSid, eventStep, faults };
}

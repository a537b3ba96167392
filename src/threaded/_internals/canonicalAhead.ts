/**
 * Main-thread side of a canonical run computed ahead on worker threads (machine.md §11.8):
 * workers run whole sessions alone and send per-step records; this replays the global ready
 * queue from them — clock, wake-ups, first-runnable pick, §7.4 update, step budget, stop rules —
 * exactly as the cooperative loop of §7.3 would, and assigns every consumed step its tick.
 * Sessions are extended on demand, so work past the budget cut stays small.
 */
import type { Machine } from '../../machine/Machine.js';
import type { BridgeError } from '../../types/errors.js';
import type { Result } from '../../types/result.js';
import { err, ok } from '../../types/result.js';
import type { ThreadedPool } from '../createThreadedPool.js';
import { laneOf } from '../waveCertificate.js';
import { AheadFeed } from './aheadFeed.js';
import type { AheadFeedOptions, SessionLog } from './aheadFeed.js';
import { CentralMirror } from './execCodes.js';
import * as execCodes from './execCodes.js';
import { partitionSessions } from './partitionSessions.js';
import type { ThreadedRecorder } from './threadedDiagnostics.js';
import { TickMerge } from './tickMerge.js';

// Per-step names are read once here: under Vitest (the benches) every use of an imported binding is a getter call.
const { EXEC_CLOSED } = execCodes;

export interface CanonicalAheadOptions extends AheadFeedOptions {
  readonly lanes: number;
}

const crashed = (message: string): BridgeError => ({ code: 'WorkerCrashed', path: '$', message });

/**
 * Runs the canonical rounds with up to `threads` pool threads and hands the merged results to
 * `m` (the main thread's freshly loaded machine, which itself takes no step). Returns whether
 * every coroutine ended terminal.
 */
export async function runCanonicalAhead(
  m: Machine,
  pool: ThreadedPool,
  threads: number,
  o: CanonicalAheadOptions,
  rec: ThreadedRecorder,
): Promise<Result<{ readonly allTerminal: boolean }, BridgeError>> {
  const total = m.coroutines.length;
  const feed = new AheadFeed(pool, partitionSessions(m, threads), o);
  const mirror = new CentralMirror(total, m.readyQueue);
  let queue: number[] = [...m.readyQueue];
  let head = 0;
  let clock = m.clock;
  const start = m.stepCount;
  let steps = 0;
  // The wake list of the previous step: `wakeLog.wakes[wakeFrom..wakeTo)`.
  let wakeLog: SessionLog | undefined;
  let wakeFrom = 0;
  let wakeTo = 0;
  const closedSessions = new Set<number>();
  // A coroutine that closed its session shows no session in the lane trace from then on.
  const closedView = new Set<number>();
  while (steps < o.maxSteps) {
    clock += 1;
    if (wakeLog !== undefined) {
      for (let i = wakeFrom; i < wakeTo; i++) mirror.wake(wakeLog.wakes[i] ?? -1, queue);
      wakeLog = undefined;
    }
    let at = -1;
    for (let i = head; i < queue.length; i++) {
      if (mirror.isReady(queue[i] ?? -1)) {
        at = i;
        break;
      }
    }
    const cid = queue[at];
    if (cid === undefined) break;
    const sid = m.primarySession(cid) ?? -1;
    const log = feed.logs[sid];
    if (log === undefined) {
      await feed.close();
      return err(crashed(`coroutine ${cid} belongs to no session the workers run; run it with workers: 1`));
    }
    const failed = await feed.next(log);
    if (failed !== null) return err(failed);
    const k = log.consumed;
    const code = log.codes[k];
    if (code === undefined || log.cids[k] !== cid) {
      // The independence argument failed (a bug, not a user error): say so instead of guessing.
      await feed.close();
      return err(
        crashed(
          `run-ahead of session ${sid} disagrees with the global pick at step ${start + steps} (coroutine ${cid}); run it with workers: 1`,
        ),
      );
    }
    if (at === head) head += 1;
    else queue.splice(at, 1);
    steps += 1;
    log.consumed += 1;
    log.ticks.push(clock);
    if (rec.detailed) {
      const session = closedView.has(cid) ? null : sid;
      rec.laneTrace.push({ tick: clock, wave: 0, coro_id: cid, session, lane: laneOf(cid, o.lanes) });
    }
    if (rec.maxWaveWidth < 1) rec.maxWaveWidth = 1;
    if (!mirror.settle(cid, code, queue, 'unexpected')) {
      await feed.close();
      return err(crashed(`coroutine ${cid} took a step the threaded workers cannot follow; run it with workers: 1`));
    }
    if (code === EXEC_CLOSED) {
      closedSessions.add(sid);
      closedView.add(cid);
    }
    wakeLog = log;
    wakeFrom = k === 0 ? 0 : (log.wakeEnds[k - 1] ?? 0);
    wakeTo = log.wakeEnds[k] ?? 0;
    if (head > 4096) {
      queue = queue.slice(head);
      head = 0;
    }
    // Now and then let the replies in and keep every worker's window full.
    if ((steps & 2047) === 0) {
      feed.pumpAll();
      await new Promise<void>((res) => setImmediate(res));
    }
    if (mirror.allTerminal()) break;
  }

  // Collect the consumed steps' events and faults, re-ticked, in execution (= tick) order.
  const replies = await feed.finish();
  if (!replies.ok) return replies;
  const merge = new TickMerge();
  const tickOf = (sid: number | undefined, step: number | undefined): number =>
    (sid === undefined || step === undefined ? undefined : feed.logs[sid]?.ticks[step]) ?? 0;
  for (const rep of replies.value) {
    rep.events.forEach((event, i) => {
      const tick = tickOf(rep.eventSid[i], rep.eventStep[i]);
      merge.event(tick, 0, { ...event, tick });
    });
    for (const f of rep.faults) merge.fault(tickOf(f.sid, f.step), 0, f.coro_id, f.fault);
  }
  m.adopt({ clock, stepCount: start + steps, ...merge.sorted(), closedSessions });
  return ok({ allTerminal: mirror.allTerminal() });
}

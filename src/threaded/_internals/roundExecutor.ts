/**
 * Executes one participant's share of a wave round on its machine replica (machine.md §11.8):
 * the planned steps of the sessions it owns, in plan order, at the round's tick; then reports the
 * receivers the next round wakes. Used by the workers and by the main thread for its own share.
 */
import type { Machine } from '../../machine/Machine.js';
import {
  EXEC_BLOCKED,
  EXEC_CLOSED,
  EXEC_CONTINUE,
  EXEC_FAULTED,
  EXEC_HALTED,
  EXEC_SKIPPED,
  EXEC_UNSUPPORTED,
  EXEC_YIELDED,
} from './sharedRounds.js';
import type { Region } from './sharedRounds.js';

export class RoundExecutor {
  /** Plan position of each event recorded after construction (parallel to `m.trace`). */
  readonly eventPos: number[] = [];
  readonly faults: { tick: number; pos: number; coro_id: number; fault: unknown }[] = [];
  readonly traceStart: number;
  readonly faultStart: number;

  constructor(private readonly m: Machine) {
    this.traceStart = m.trace.length;
    this.faultStart = m.faults.length;
    // The central mirror owns the ready queue; the replica's copy is never read, and keeping it
    // empty keeps Machine.step's queue update O(1) instead of a scan over every coroutine.
    m.readyQueue.length = 0;
  }

  run(region: Region): void {
    const m = this.m;
    const { cmd, res, wakes } = region;
    const tick = cmd[0]!;
    const count = cmd[1]!;
    // Same clock and wake-ups as the single machine: beginRound() wakes exactly the receivers
    // reported at the end of the previous round.
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
      if (m.readyQueue.length > 0) m.readyQueue.length = 0;
      for (let i = before; i < m.trace.length; i++) this.eventPos.push(pos);
      for (let i = faultsBefore; i < m.faults.length; i++) {
        const f = m.faults[i]!;
        this.faults.push({ tick, pos, coro_id: f.coro_id, fault: f.fault });
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
  }
}

/** The exec-status code of an `ExecStatus` kind (machine.md §7.4 cases). */
export function codeOf(kind: string): number {
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

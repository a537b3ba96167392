/**
 * Executes one participant's share of a wave round on its machine replica (machine.md §11.8):
 * the planned steps of the sessions it owns, in plan order, at the round's tick; then reports the
 * receivers the next round wakes. Every participant of a wave-parallel run uses one.
 */
import type { Machine } from '../../machine/Machine.js';
import type { MachineMark } from '../../machine/views.js';
import type { Fault } from '../../types/machine.js';
import * as execCodes from './execCodes.js';

// Per-step names are read once here: under Vitest (the benches) every use of an imported binding is a getter call.
const { EXEC_SKIPPED, codeOf } = execCodes;

export class RoundExecutor {
  /** Plan position of each event recorded since {@link start} (parallel to the replica's new events). */
  eventPos: number[] = [];
  faults: { tick: number; pos: number; coro_id: number; fault: Fault }[] = [];
  /** Where the replica's logs stood when it started executing the rounds it reports. */
  start: MachineMark;

  constructor(private readonly m: Machine) {
    this.start = m.mark();
    // The central mirror owns the ready queue; a replica keeps none, which also keeps each step's
    // queue update O(1) instead of a scan over every coroutine.
    m.becomeReplica();
  }

  /**
   * Forgets what was executed so far: the rounds every participant played alone (solo rounds), whose
   * events and faults the calling thread reports.
   */
  restart(): void {
    this.start = this.m.mark();
    this.eventPos = [];
    this.faults = [];
  }

  /**
   * Executes round `tick`'s members of this participant: `members` holds `count` pairs
   * `(cid, plan position)` in plan order; each code goes to `codes[position]`, and the receivers
   * the next round wakes to `wakes` as `[count, cid...]`.
   */
  run(tick: number, members: Int32Array, count: number, codes: Int32Array, wakes: Int32Array): void {
    const m = this.m;
    // Same clock and wake-ups as the single machine: the round wakes exactly the receivers
    // reported at the end of the previous round.
    m.beginRound(tick);
    for (let k = 0; k < count; k++) {
      const cid = members[2 * k] ?? -1;
      const pos = members[2 * k + 1] ?? -1;
      if (!m.isRunnable(cid)) {
        codes[pos] = EXEC_SKIPPED;
        continue;
      }
      const eventsBefore = m.traceLength;
      const faultsBefore = m.faults.length;
      const status = m.stepStatus(cid);
      for (let i = eventsBefore; i < m.traceLength; i++) this.eventPos.push(pos);
      for (let i = faultsBefore; i < m.faults.length; i++) {
        const f = m.faults[i];
        if (f !== undefined) this.faults.push({ tick, pos, coro_id: f.coro_id, fault: f.fault });
      }
      const owned = m.coroutines[cid]?.owned.length ?? 0;
      codes[pos] = codeOf(status.kind) | (Math.min(owned, 255) << 8);
    }
    const woken = m.pendingWakes();
    wakes.set(woken, 1);
    wakes[0] = woken.length;
  }
}

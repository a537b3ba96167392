/**
 * The scheduler (machine.md §7): round start and wake-ups (§7.2), pick order (§7.5, §7.7), one
 * step with its queue update (§7.4) and lifecycle events (§8.3), and the wave start of §11.5.
 */
import type { StepOutcome } from '../views.js';
import * as pipeline from './exec/pipeline.js';
import type { Coroutine } from './records.js';
import * as records from './records.js';
import type { MachineState } from './state.js';
import { applyPerturbations } from './topology.js';
import type { Endpoint, ExecStatus } from '../../types/machine.js';

// Per-step names are read once here: under Vitest (the benches) every use of an imported binding is a getter call.
const { runPipeline } = pipeline;
const { READY, isRunnable } = records;

/**
 * Starts a round at `tick` (default: the next tick): the topology perturbations of that tick apply
 * (a replica's driver applies them on the central machine), then receivers whose edge is non-empty
 * wake (ascending id).
 */
export function beginRound(st: MachineState, tick: number = st.clock + 1): boolean {
  st.clock = tick;
  let changed = false;
  if (st.edgeHazards && st.config.topologyPerturbations.length !== 0 && !st.replica) {
    applyPerturbations(st);
    changed = true;
  }
  const w = st.recvWaiters;
  if (w.length === 0) return changed;
  // In place: keep the still-waiting ones, wake the others in ascending id order.
  let keep = 0;
  // Indexed loops on the per-step path: an array iterator is not always optimised away.
  for (let i = 0; i < w.length; i++) {
    const c = w[i];
    if (c === undefined) continue;
    const buf = c.waitBuffer;
    if (buf !== null && buf.queue.length > 0) {
      st.blocked.delete(c.id);
      c.waitBuffer = null;
      if (!st.replica) enqueue(st, c);
      c.status = READY;
      changed = true;
    } else w[keep++] = c;
  }
  while (w.length > keep) w.pop();
  return changed;
}

/** The receivers the next {@link beginRound} wakes (ascending id). */
export function pendingWakes(st: MachineState): number[] {
  const out: number[] = [];
  for (const c of st.recvWaiters) if (c.waitBuffer !== null && c.waitBuffer.queue.length > 0) out.push(c.id);
  return out;
}

export function runnable(st: MachineState, cid: number): boolean {
  const c = st.coroutines[cid];
  return c !== undefined && isRunnable(c);
}

/** The pick candidates in the policy's order (§7.7): runnable ids of the ready queue. */
export function candidates(st: MachineState): number[] {
  const list = st.readyQueue.filter((cid) => runnable(st, cid));
  const policy = st.config.schedPolicy;
  switch (policy.kind) {
    case 'progress_aware':
    case 'priority_token_weighted': {
      const withTokens = list.filter((cid) => (st.coroutines[cid]?.progressTokens.length ?? 0) > 0);
      return [...withTokens, ...list.filter((cid) => !withTokens.includes(cid))];
    }
    case 'priority_fixed': {
      const score = (cid: number): number => policy.map[cid] ?? 0;
      return list
        .map((cid, i) => [cid, i] as const)
        .sort((a, b) => score(b[0]) - score(a[0]) || a[1] - b[1])
        .map(([cid]) => cid);
    }
    default:
      return list;
  }
}

/** Picks (§7.5/§7.7), dequeues and counts a step; `undefined` when nothing is runnable. */
export function pick(st: MachineState, scheduleEntry?: number): number | undefined {
  let cid: number | undefined;
  if (scheduleEntry === undefined && st.firstRunnablePick) {
    // Fast path: first runnable in queue order, no allocation.
    for (const id of st.readyQueue) {
      const c = st.coroutines[id];
      if (c !== undefined && isRunnable(c)) {
        cid = id;
        break;
      }
    }
  } else {
    const cands = candidates(st);
    if (cands.length > 0) cid = cands[(scheduleEntry ?? 0) % cands.length];
  }
  if (cid === undefined) return undefined;
  removeFromQueue(st, cid);
  st.stepCount += 1;
  return cid;
}

/** Appends `c` to the ready queue unless it is there (the queue holds no duplicates, §7.1). */
function enqueue(st: MachineState, c: Coroutine): void {
  if (c.queued) return;
  c.queued = true;
  st.readyQueue.push(c.id);
}

/** Removes `cid` from the ready queue (a no-op, without a scan, when it is not there). */
export function removeFromQueue(st: MachineState, cid: number): void {
  const c = st.coroutines[cid];
  if (c !== undefined && !c.queued) return;
  const q = st.readyQueue;
  if (q[0] === cid) q.shift();
  else {
    const i = q.indexOf(cid);
    if (i >= 0) q.splice(i, 1);
  }
  if (c !== undefined) c.queued = false;
}

/** Empties the ready queue (a replica's belongs to its driver). */
export function clearQueue(st: MachineState): void {
  for (const cid of st.readyQueue) {
    const c = st.coroutines[cid];
    if (c !== undefined) c.queued = false;
  }
  st.readyQueue.length = 0;
}

/** Wave start (§11.5): the members leave the ready queue in one pass and count as steps. */
export function beginWaves(st: MachineState, waves: readonly (readonly number[])[]): void {
  let count = 0;
  for (const w of waves) {
    markOut(st, w, w.length);
    count += w.length;
  }
  leaveQueue(st, count);
}

/** {@link beginWaves} for a round's members in flat form: the first `count` ids of `members`. */
export function beginPlan(st: MachineState, members: ArrayLike<number>, count: number): void {
  markOut(st, members, count);
  leaveQueue(st, count);
}

function markOut(st: MachineState, members: ArrayLike<number>, count: number): void {
  for (let i = 0; i < count; i++) {
    const c = st.coroutines[members[i] ?? -1];
    if (c !== undefined) c.queued = false;
  }
}

// The marked-out members leave the queue in one pass (everything still marked stays, in order)
// and count as steps.
function leaveQueue(st: MachineState, count: number): void {
  const q = st.readyQueue;
  let j = 0;
  for (const cid of q) if (st.coroutines[cid]?.queued !== false) q[j++] = cid;
  q.length = j;
  st.stepCount += count;
}

/** ONE step of `cid` (the pick already happened): pipeline, queue update, lifecycle events. */
export function step(st: MachineState, cid: number): StepOutcome {
  const eventStart = st.events.length;
  return { coroId: cid, status: stepStatus(st, cid), eventStart };
}

/**
 * The rounds of the cooperative loop (machine.md §7.3) with default picks and nothing recorded per
 * step: round start, pick, step, until `maxSteps` steps, nothing runnable, or all terminal. The
 * same calls as a driver making them one by one, without a step outcome per step.
 */
export function runRounds(st: MachineState, maxSteps: number): void {
  const start = st.stepCount;
  while (st.stepCount - start < maxSteps) {
    beginRound(st);
    const cid = pick(st);
    if (cid === undefined) return;
    stepStatus(st, cid);
    if (st.terminalCount === st.coroutines.length) return;
  }
}

/** {@link step} answering the step's status only (no outcome record). */
export function stepStatus(st: MachineState, cid: number): ExecStatus {
  // Only a coroutine stepped while blocked (a driver's choice; never a scheduler pick) is in the
  // map. Lean drops the entry in updateAfterStep; exec never reads it, so dropping it first is
  // the same and keeps a re-blocked coroutine's fresh wait intact.
  if (st.coroutines[cid]?.status.kind === 'blocked' && st.blocked.delete(cid)) dropWaiter(st, cid);
  const status = runPipeline(st, cid);
  // Queue update (Lean updateAfterStep); a replica's queue belongs to its driver.
  const q = st.replica ? null : st.readyQueue;
  if (q !== null && q.length !== 0) removeFromQueue(st, cid);
  const c = st.coroutines[cid];
  switch (status.kind) {
    case 'blocked':
      st.blocked.set(cid, status.reason);
      if (status.reason.kind === 'recv_wait' && c !== undefined) addWaiter(st, c);
      break;
    case 'halted':
    case 'faulted':
      break;
    case 'spawned': {
      const child = st.coroutines[status.coroId];
      if (q !== null && c !== undefined) enqueue(st, c);
      if (q !== null && child !== undefined) enqueue(st, child);
      break;
    }
    case 'transferred':
      if (q !== null && c !== undefined) enqueue(st, c);
      recordTransfer(st, cid, status.endpoint, status.target);
      break;
    default:
      if (q !== null && c !== undefined) enqueue(st, c);
  }
  if (status.kind === 'halted') {
    if (st.recording) st.events.halted(st.clock, cid);
  } else if (status.kind === 'faulted') {
    st.faults.push({ coro_id: cid, fault: status.fault });
    if (st.recording) st.events.faulted(st.clock, c?.owned[0]?.sid ?? 0, cid, status.fault);
  }
  return status;
}

function addWaiter(st: MachineState, c: Coroutine): void {
  const w = st.recvWaiters;
  let i = w.length;
  while (i > 0 && (w[i - 1]?.id ?? -1) > c.id) i--;
  if (i === w.length) w.push(c);
  else w.splice(i, 0, c);
}

function dropWaiter(st: MachineState, cid: number): void {
  const w = st.recvWaiters;
  const i = w.findIndex((c) => c.id === cid);
  const c = w[i];
  if (c !== undefined) {
    c.waitBuffer = null;
    w.splice(i, 1);
  }
}

/**
 * Lean `updateAfterStep` for a transfer: the endpoint's ownership key moves to the target's lane
 * (if the source lane owns it or nobody does), and a move across lanes is recorded as a handoff.
 * The scheduler's lane map is all zero (machine.md §11.1), so no handoff arises today.
 */
function recordTransfer(st: MachineState, from: number, ep: Endpoint, to: number): void {
  const laneOf = (_cid: number): number => 0;
  const key = `${ep.sid}\u0000${ep.role}`;
  const owner = st.ownershipIndex.get(key);
  if (owner !== undefined && owner !== laneOf(from)) return;
  st.ownershipIndex.set(key, laneOf(to));
  if (laneOf(from) === laneOf(to)) return;
  st.crossLaneHandoffs.push({
    fromCoro: from,
    toCoro: to,
    fromLane: laneOf(from),
    toLane: laneOf(to),
    step: st.stepCount,
    reason: `transfer ${ep.sid}:${ep.role}`,
    delegationWitness: `delegation[${ep.sid}:${ep.role}] ${from}->${to}`,
  });
}

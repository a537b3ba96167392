/**
 * The cooperative scheduler of the image executor, after Lean's `Runtime/SchedulerHelpers.lean`,
 * `SchedulerStep.lean` and `Runner.tryUnblockReceivers`: one lane (every coroutine on lane 0),
 * policy-directed picks (machine.md §7.5, with the schedule of §7.7), the queue update after a step
 * (with the transfer ownership index and cross-lane handoffs), and receiver unblocking.
 */
import type { BlockReason, Endpoint, SchedPolicy } from '../../../types/machine.js';
import { bufferLookup } from './helpers.js';
import { updateCoro, type Coro, type ExecStatusR, type Handoff, type PMState, type Sched } from './state.js';
import { sameEndpoint } from './values.js';

const runnable = (c: Coro | undefined): boolean =>
  c !== undefined && (c.status.kind === 'ready' || c.status.kind === 'speculating');

/**
 * The pick candidates in the policy's order: runnable ids of the ready queue; candidate 0 is the
 * policy's own pick (`pickRunnable`).
 */
export function candidates(st: PMState): number[] {
  const ids = st.sched.readyQueue.filter((cid) => runnable(st.coroutines[cid]));
  const policy: SchedPolicy = st.config.schedPolicy;
  switch (policy.kind) {
    case 'progress_aware':
    case 'priority_token_weighted': {
      // Token holders first (`pickProgress`; the token-weighted score orders the same way).
      const hasTokens = (cid: number): boolean => (st.coroutines[cid]?.progressTokens.length ?? 0) > 0;
      return [...ids.filter(hasTokens), ...ids.filter((cid) => !hasTokens(cid))];
    }
    case 'priority_fixed': {
      // `pickBest`: the highest score, ties to the earliest in the queue.
      const score = (cid: number): number => policy.map[cid] ?? 0;
      return ids
        .map((cid, i) => [cid, i] as const)
        .sort((a, b) => score(b[0]) - score(a[0]) || a[1] - b[1])
        .map(([cid]) => cid);
    }
    default:
      return ids;
  }
}

/**
 * `schedule`: picks candidate `entry mod count` (candidate 0 without an entry), removes its first
 * occurrence from the ready queue and counts the step; `null` when nothing is runnable.
 */
export function schedule(st: PMState, entry: number | undefined): readonly [number, PMState] | null {
  const cands = candidates(st);
  if (cands.length === 0) return null;
  const cid = cands[(entry ?? 0) % cands.length] as number;
  const q = st.sched.readyQueue;
  const at = q.indexOf(cid);
  const readyQueue = [...q.slice(0, at), ...q.slice(at + 1)];
  return [cid, { ...st, sched: { ...st.sched, readyQueue, stepCount: st.sched.stepCount + 1 } }];
}

const enqueue = (q: readonly number[], cid: number): readonly number[] => (q.includes(cid) ? q : [...q, cid]);
const removeFirst = (q: readonly number[], cid: number): readonly number[] => {
  const at = q.indexOf(cid);
  return at < 0 ? q : [...q.slice(0, at), ...q.slice(at + 1)];
};
const insertBlocked = (
  blocked: readonly (readonly [number, BlockReason])[],
  cid: number,
  reason: BlockReason,
): (readonly [number, BlockReason])[] => [...blocked, [cid, reason] as const].sort((a, b) => a[0] - b[0]);

/** The scheduler lane of a coroutine: the cooperative machine has one lane. */
const laneOf = (_cid: number): number => 0;

/**
 * `updateAfterStep`: drop `cid` from the blocked map and the ready queue, then file it by the
 * step's status; a transfer records the ownership key's lane and, across lanes, a handoff.
 */
export function updateAfterStep(sched: Sched, cid: number, status: ExecStatusR): Sched {
  const blocked = sched.blocked.filter(([id]) => id !== cid);
  const ready = removeFirst(sched.readyQueue, cid);
  switch (status.kind) {
    case 'blocked':
      return { ...sched, readyQueue: ready, blocked: insertBlocked(blocked, cid, status.reason) };
    case 'halted':
    case 'faulted':
      return { ...sched, readyQueue: ready, blocked };
    case 'spawned':
      return { ...sched, blocked, readyQueue: enqueue(enqueue(ready, cid), status.coroId) };
    case 'transferred': {
      const s1: Sched = { ...sched, blocked, readyQueue: enqueue(ready, cid) };
      return recordTransfer(s1, cid, status.endpoint, status.target);
    }
    default:
      return { ...sched, blocked, readyQueue: enqueue(ready, cid) };
  }
}

/** `typedTransferTransitionAllowed` + ownership index update + `recordCrossLaneTransfer`. */
function recordTransfer(sched: Sched, from: number, ep: Endpoint, to: number): Sched {
  const owner = sched.ownershipIndex.find(([k]) => sameEndpoint(k, ep));
  if (owner !== undefined && owner[1] !== laneOf(from)) return sched;
  const ownershipIndex = [...sched.ownershipIndex.filter(([k]) => !sameEndpoint(k, ep)), [ep, laneOf(to)] as const];
  if (laneOf(from) === laneOf(to)) return { ...sched, ownershipIndex };
  const handoff: Handoff = {
    fromCoro: from,
    toCoro: to,
    fromLane: laneOf(from),
    toLane: laneOf(to),
    step: sched.stepCount,
    reason: `transfer ${ep.sid}:${ep.role}`,
    delegationWitness: `delegation[${ep.sid}:${ep.role}] ${from}->${to}`,
  };
  return { ...sched, ownershipIndex, crossLaneHandoffs: [...sched.crossLaneHandoffs, handoff] };
}

/**
 * `tryUnblockReceivers`: every coroutine blocked in `recv_wait` on an edge whose global buffer is
 * non-empty leaves the blocked map, joins the back of the ready queue and becomes ready (ascending
 * id, MD-29). No other block reason is ever cleared (MD-13).
 */
export function tryUnblockReceivers(st: PMState): PMState {
  let acc = st;
  for (const [cid, reason] of st.sched.blocked) {
    if (reason.kind !== 'recv_wait' || bufferLookup(acc.buffers, reason.edge).length === 0) continue;
    const sched: Sched = {
      ...acc.sched,
      blocked: acc.sched.blocked.filter(([id]) => id !== cid),
      readyQueue: enqueue(acc.sched.readyQueue, cid),
    };
    const c = acc.coroutines[cid];
    acc = { ...acc, sched };
    if (c !== undefined) acc = updateCoro(acc, cid, { ...c, status: { kind: 'ready' } });
  }
  return acc;
}

/** `allTerminal`: every coroutine is done or faulted (true for none). */
export function allTerminal(st: PMState): boolean {
  return st.coroutines.every((c) => c.status.kind === 'done' || c.status.kind === 'faulted');
}

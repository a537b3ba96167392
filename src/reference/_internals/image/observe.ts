/**
 * What the image executor shows of its state, after Lean's `ConcreteRefinement.lean` (slices and
 * the per-step transition), `Runtime/Json.lean` (`obsEventToJson`, the machine-trace JSON) and the
 * runner's `bridgeEventsForObs` (the bridge-form trace, machine.md §13.2).
 */
import { renderLocalType } from '../../../projection/renderLocalType.js';
import { compareCodePoints } from '../../../projection/rolesSorted.js';
import {
  SCHEMA_VERSION,
  type BridgeEvent,
  type FailureVisible,
  type StateSlice,
  type StepState,
} from '../../../types/bridge.js';
import type { OwnershipTerminalReason } from '../../../types/machineTier2.js';
import { lookupType, readReg } from './helpers.js';
import type { ExecResult, PMState, Session, TraceEvent } from './state.js';
import { faultTagOf, valueJson } from './values.js';

function bufferedCount(s: Session): number {
  return s.buffers.reduce((n, [, items]) => n + items.length, 0);
}

const phaseTag = (s: Session): string =>
  s.phase === 'active' ? 'active' : s.phase === 'closed' ? 'closed' : 'draining';

/** `projectConcreteProtocolMachineSlice`. */
export function stateSlice(st: PMState): StateSlice {
  const blocked: Record<string, string> = {};
  for (const [cid, reason] of st.sched.blocked) blocked[String(cid)] = reason.kind;
  return {
    coroutines: st.coroutines.map((c) => ({
      coro_id: c.id,
      session_id: c.ownedEndpoints[0]?.sid ?? 0,
      pc: c.pc,
      status: c.status.kind,
      owned_endpoints: c.ownedEndpoints.length,
      progress_tokens: c.progressTokens.length,
    })),
    sessions: st.sessions.map((s) => ({
      sid: s.sid,
      role_count: s.roles.length,
      local_type_entries: s.localTypes.length,
      buffer_edges: s.buffers.length,
      buffered_messages: bufferedCount(s),
      status: phaseTag(s),
      epoch: s.epoch,
    })),
    scheduler: { ready_queue: [...st.sched.readyQueue], blocked, step_count: st.sched.stepCount },
  };
}

/** `projectConcreteObsEvent?`: only the message and session events become a step's event. */
function concreteObsEvent(e: TraceEvent): BridgeEvent | null {
  switch (e.kind) {
    case 'sent':
    case 'received':
    case 'offered':
    case 'chose':
    case 'opened':
    case 'closed':
      return bridgeEvent(e);
    default:
      return null;
  }
}

/** `projectConcreteScheduledStep` + `concreteScheduledStepJson` for the step of `cid` just taken. */
export function stepState(index: number, pre: StateSlice, post: PMState, cid: number, res: ExecResult): StepState {
  const postSlice = stateSlice(post);
  const c = post.coroutines[cid];
  const r0 = c === undefined ? undefined : readReg(c.regs, 0);
  const t = r0?.kind === 'chan' ? lookupType(post.sessions, r0.endpoint) : undefined;
  const typeCounts: Record<string, number> = {};
  const msgCounts: Record<string, number> = {};
  for (const s of postSlice.sessions) {
    typeCounts[String(s.sid)] = s.local_type_entries;
    msgCounts[String(s.sid)] = s.buffered_messages;
  }
  let event: BridgeEvent | null = null;
  if (res.event !== null && res.event !== 'internal') event = concreteObsEvent(res.event.obs);
  else if (res.status.kind === 'halted') event = bridgeEvent({ tick: post.clock, kind: 'halted', coroId: cid });
  else if (res.status.kind === 'faulted')
    event = bridgeEvent({ tick: post.clock, kind: 'faulted', coroId: cid, fault: res.status.fault });
  return {
    step_index: index,
    pre_state: pre,
    post_state: postSlice,
    selected_coro: cid,
    selected_pc: c?.pc ?? 0,
    selected_type: t === undefined ? null : renderLocalType(t),
    exec_status: res.status.kind,
    session_type_counts: typeCounts,
    buffered_message_counts: msgCounts,
    ready_queue: postSlice.scheduler.ready_queue,
    blocked: postSlice.scheduler.blocked,
    event,
  };
}

function reasonJson(r: OwnershipTerminalReason): Record<string, unknown> {
  switch (r.kind) {
    case 'owner_died':
      return { kind: 'owner_died', owner_id: r.ownerId };
    case 'transfer_abandoned':
      return { kind: 'transfer_abandoned', owner_id: r.ownerId, claim_id: r.claimId };
    case 'transfer_commit_failed':
      return { kind: 'transfer_commit_failed', owner_id: r.ownerId, claim_id: r.claimId, reason: r.reason };
  }
}

/** `obsEventToJson` (machine.md §12.2), plus the lifecycle shapes of the runner. */
export function eventJson(e: TraceEvent): Record<string, unknown> {
  const head = { schema_version: SCHEMA_VERSION, kind: e.kind as string, tick: e.tick };
  switch (e.kind) {
    case 'sent':
    case 'received': {
      const out: Record<string, unknown> = {
        ...head,
        session: e.edge.sid,
        sender: e.edge.sender,
        receiver: e.edge.receiver,
        sequence: e.seq,
        value: valueJson(e.value),
      };
      if (e.value.kind === 'string') out['label'] = e.value.value;
      return out;
    }
    case 'offered':
    case 'chose':
      return {
        ...head,
        kind: e.kind === 'offered' ? 'sent' : 'received',
        session: e.edge.sid,
        sender: e.edge.sender,
        receiver: e.edge.receiver,
        label: e.label,
      };
    case 'opened':
      return { ...head, session: e.sid, role: e.roles.join(','), roles: [...e.roles] };
    case 'closed':
    case 'joined':
    case 'aborted':
      return { ...head, session: e.sid };
    case 'epoch_advanced':
      return { ...head, session: e.sid, epoch: e.epoch };
    case 'invoked':
      return { ...head, session: e.endpoint.sid, role: e.endpoint.role };
    case 'acquired':
    case 'released':
      return { ...head, session: e.endpoint.sid, role: e.endpoint.role, layer: e.layer };
    case 'transferred':
      return { ...head, session: e.endpoint.sid, role: e.endpoint.role, from: e.from, to: e.to };
    case 'forked':
      return { ...head, session: e.sid, ghost: e.ghost };
    case 'tagged':
      return head;
    case 'checked':
      return { ...head, permitted: e.permitted };
    case 'session_terminal':
      return { ...head, session: e.sid, reason_kind: e.reason.kind, reason: e.reason.text };
    case 'timeout_issued':
      return { ...head, site: e.site, until_tick: e.untilTick, witness_id: e.witnessId };
    case 'cancellation_requested':
      return {
        ...head,
        session: e.sid,
        witness_id: e.witnessId,
        owner_id: e.ownerId,
        reason: reasonJson(e.reason),
      };
    case 'cancelled':
      return { ...head, session: e.sid, witness_id: e.witnessId, reason: reasonJson(e.reason) };
    case 'failure_branch_entered':
      return { ...head, session: e.sid, coro_id: e.coroId, fault: e.fault };
    case 'halted':
      return { ...head, target: String(e.coroId) };
    case 'faulted':
      return { ...head, target: String(e.coroId), reason: faultTagOf(e.fault) };
  }
}

/**
 * The bridge event of a machine event (`bridgeEventsForObs` and the runner's lifecycle events):
 * `invoked` and `failure_branch_entered` are dropped; `epoch_advanced` and the Tier-2 events pass
 * through in their machine JSON.
 */
export function bridgeEvent(e: TraceEvent): BridgeEvent | null {
  const head = { schema_version: SCHEMA_VERSION, tick: e.tick };
  switch (e.kind) {
    case 'opened':
      return { ...head, kind: 'opened', session: e.sid, role: e.roles.join(',') };
    case 'sent':
    case 'received':
    case 'offered':
    case 'chose': {
      const kind = e.kind === 'sent' || e.kind === 'offered' ? 'sent' : 'received';
      const label = 'label' in e ? e.label : e.value.kind === 'string' ? e.value.value : undefined;
      const ev: BridgeEvent = { ...head, kind, session: e.edge.sid, sender: e.edge.sender, receiver: e.edge.receiver };
      return label === undefined ? ev : { ...ev, label };
    }
    case 'closed':
      return { ...head, kind: 'closed', session: e.sid };
    case 'halted':
      return { ...head, kind: 'halted', target: String(e.coroId) };
    case 'faulted':
      return { ...head, kind: 'faulted', target: String(e.coroId), reason: faultTagOf(e.fault) };
    case 'invoked':
    case 'failure_branch_entered':
      return null;
    default:
      return eventJson(e) as BridgeEvent;
  }
}

/** Lexicographic order of tuples of strings and numbers (strings by code point). */
function compareTuples(a: readonly unknown[], b: readonly unknown[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    const d =
      Array.isArray(x) && Array.isArray(y)
        ? compareTuples(x as unknown[], y as unknown[])
        : typeof x === 'number' && typeof y === 'number'
          ? x - y
          : compareCodePoints(String(x), String(y));
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

function sortedUnique<T extends readonly unknown[]>(xs: readonly T[]): T[] {
  const out: T[] = [];
  for (const x of [...xs].sort(compareTuples)) {
    const prev = out[out.length - 1];
    if (prev === undefined || compareTuples(prev, x) !== 0) out.push(x);
  }
  return out;
}

/** The four failure-visible lists of machine.md §8.4 (shapes and order of bridge.md §11.2). */
export function failureVisible(st: PMState): FailureVisible {
  const f = st.failure;
  return {
    crashed_sites: sortedUnique(f.crashedSites.map((s) => [s] as const)).map(([s]) => s),
    partitioned_edges: sortedUnique(f.partitionedEdges.map((e) => [e.sender, e.receiver] as const)),
    corrupted_edges: sortedUnique(f.corruptedEdges.map(([e, seq]) => [[e.sender, e.receiver], seq] as const)),
    timed_out_sites: sortedUnique(f.timedOutSites),
  };
}

/** Observation of a machine (bridge.md §4.4, §4.6; machine.md §8.4, §11.3): read-only. */
import { renderLocalType } from '../../projection/renderLocalType.js';
import type {
  BridgeEvent,
  CoroutineSlice,
  RunDiagnostics,
  SessionSlice,
  StateSlice,
  StepState,
} from '../../types/bridge.js';
import { SCHEMA_VERSION, type FailureVisible } from '../../types/bridge.js';
import { compareCodePoints } from '../../projection/rolesSorted.js';
import { eventToJson, toBridgeEvent } from '../toBridgeTrace.js';
import type { SessionRecord } from './records.js';
import type { StepOutcome } from '../views.js';
import type { MachineState } from './state.js';

/** The whole-machine state slice of a step state (bridge.md §4.6). */
export function slice(st: MachineState): StateSlice {
  const coroutines: CoroutineSlice[] = st.coroutines.map((c) => ({
    coro_id: c.id,
    session_id: c.owned[0]?.sid ?? 0,
    pc: c.pc,
    status: c.status.kind,
    owned_endpoints: c.owned.length,
    progress_tokens: c.progressTokens.length,
  }));
  const sessions: SessionSlice[] = st.sessions.map((s) => ({
    sid: s.sid,
    role_count: s.roles.length,
    local_type_entries: s.types.size,
    buffer_edges: s.viewCleared ? 0 : s.edges.length,
    buffered_messages: s.viewCleared ? 0 : bufferedCount(s),
    status: s.phase === 'active' ? 'active' : s.phase === 'closed' ? 'closed' : 'draining',
    epoch: s.epoch,
  }));
  return {
    coroutines,
    sessions,
    scheduler: { ready_queue: [...st.readyQueue], blocked: blockedTags(st), step_count: st.stepCount },
  };
}

function blockedTags(st: MachineState): Record<string, string> {
  const out: Record<string, string> = {};
  // The blocked map iterates in ascending id order.
  for (const [cid, reason] of st.blocked) out[String(cid)] = reason.kind;
  return out;
}

function bufferedCount(s: SessionRecord): number {
  let n = 0;
  for (const e of s.edges) n += e.queue.length;
  return n;
}

const STEP_EVENT_KINDS: ReadonlySet<string> = new Set([
  'opened',
  'sent',
  'received',
  'offered',
  'chose',
  'closed',
  'halted',
  'faulted',
]);

/** The `step_states` entry of the step just executed (bridge.md §4.6). */
export function stepState(st: MachineState, stepIndex: number, pre: StateSlice, outcome: StepOutcome): StepState {
  const c = st.coroutines[outcome.coroId];
  const r0 = c?.regs[0];
  const t = r0 !== undefined && r0.kind === 'chan' ? st.typeOf(r0.endpoint) : undefined;
  const post = slice(st);
  const typeCounts: Record<string, number> = {};
  const msgCounts: Record<string, number> = {};
  for (const s of post.sessions) {
    typeCounts[String(s.sid)] = s.local_type_entries;
    msgCounts[String(s.sid)] = s.buffered_messages;
  }
  const events = st.events.events;
  let event: BridgeEvent | null = null;
  // Lean's step event (`projectConcreteTraceEvent?`): the step's own message or session event,
  // else its lifecycle event; pass-through events (`epoch_advanced`, Tier 2) never are one.
  for (let i = outcome.eventStart; i < events.length && event === null; i++) {
    const e = events[i];
    if (e !== undefined && STEP_EVENT_KINDS.has(e.kind)) event = toBridgeEvent(e);
  }
  return {
    step_index: stepIndex,
    pre_state: pre,
    post_state: post,
    selected_coro: outcome.coroId,
    selected_pc: c?.pc ?? 0,
    selected_type: t === undefined ? null : renderLocalType(t),
    // Lean's Close commits with `continue` (ExecSession.closeCommit); `closed` stays internal.
    exec_status: outcome.status.kind === 'closed' ? 'continue' : outcome.status.kind,
    session_type_counts: typeCounts,
    buffered_message_counts: msgCounts,
    ready_queue: post.scheduler.ready_queue,
    blocked: post.scheduler.blocked,
    event,
  };
}

/** Bridge `sessions` (bridge.md §4.4): ascending sid; terminal iff the phase left `active`. */
export function sessionStatuses(st: MachineState): { schema_version: string; sid: number; terminal: boolean }[] {
  return [...st.sessions]
    .sort((a, b) => a.sid - b.sid)
    .map((s) => ({ schema_version: SCHEMA_VERSION, sid: s.sid, terminal: s.phase !== 'active' }));
}

/** Footprint atoms `sid:role` of a coroutine (machine.md §11.3): owned endpoints and their summaries. */
export function footprint(st: MachineState, cid: number): string[] {
  const c = st.coroutines[cid];
  if (c === undefined) return [];
  const prog = st.programs[c.programId];
  const out: string[] = [];
  for (const ep of c.owned) {
    for (const r of [ep.role, ...(prog?.footprint.get(ep.role) ?? [])]) {
      const atom = `${ep.sid}\u0000${r}`;
      if (!out.includes(atom)) out.push(atom);
    }
  }
  return out;
}

/** Diagnostics of machine.md §8.4 (without the threaded block). */
export function diagnostics(st: MachineState, engine: 'cooperative' | 'threaded'): RunDiagnostics {
  const machineTrace: unknown[] = [];
  const out = {
    engine,
    final_tick: st.clock,
    faults: st.faults,
    machine_trace: machineTrace,
    failure_visible: failureVisible(st),
  };
  // machine_trace is built on first read: a long traced run should not pay for the JSON of
  // every event unless someone looks. It reads like a plain enumerable field (JSON, toEqual).
  const events = st.events.events.slice();
  let cached: unknown[] | undefined;
  Object.defineProperty(out, 'machine_trace', {
    enumerable: true,
    configurable: true,
    get: () => (cached ??= events.map(eventToJson)),
  });
  return out;
}

/** Lexicographic order of tuples of strings (by code point) and numbers. */
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

/** The four failure-visible lists (machine.md §8.4), in the shapes and order of bridge.md §11.2. */
function failureVisible(st: MachineState): FailureVisible {
  const f = st.failure;
  return {
    crashed_sites: sortedUnique(f.crashedSites.map((s) => [s] as const)).map(([s]) => s),
    partitioned_edges: sortedUnique(f.partitionedEdges.map((e) => [e.sender, e.receiver] as const)),
    corrupted_edges: sortedUnique(f.corruptedEdges.map(([e, seq]) => [[e.sender, e.receiver], seq] as const)),
    timed_out_sites: sortedUnique(f.timedOutSites),
  };
}

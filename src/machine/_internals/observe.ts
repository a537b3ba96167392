/** Observation of a machine (bridge.md §4.4, §4.6; machine.md §8.4, §11.3): read-only. */
import type { RawStepState } from '../../projection/lazyStepStates.js';
import { defineLazyProperty } from '../../types/lazyProperty.js';
import type { BridgeEvent, CoroutineSlice, RunDiagnostics, SessionSlice, StateSlice } from '../../types/bridge.js';
import { SCHEMA_VERSION, type FailureVisible } from '../../types/bridge.js';
import { compareCodePoints } from '../../projection/rolesSorted.js';
import { eventToJson, toBridgeEvent } from '../toBridgeTrace.js';
import type { Coroutine, SessionRecord } from './records.js';
import type { StepOutcome } from '../views.js';
import type { MachineState } from './state.js';

/**
 * What the last slice of a machine looked like. A step changes one or two coroutines and a session
 * or two: the slice objects of everything else are reused (step states are read-only), so a run's
 * step states share their unchanged parts, and a comparison that meets the same pair twice can
 * skip it. A step that changed nothing since the last slice gets that very slice back.
 */
class SliceCache {
  /** Last coroutine slice per coroutine id. */
  readonly coroutines: CoroutineSlice[] = [];
  /** Last session slice per sid. */
  readonly sessions: SessionSlice[] = [];
  last: StateSlice | undefined;
  /** The `sessions` array the count records below were built from. */
  countsOf: readonly SessionSlice[] | undefined;
  /** The last blocked record and the blocked map's version it was built at. */
  blocked: Readonly<Record<string, string>> | undefined;
  blockedVersion = -1;
  typeCounts: Record<string, number> = {};
  msgCounts: Record<string, number> = {};
  /** The sids of {@link template}, in session order, and a record with them as keys. */
  templateSids: readonly number[] = [];
  template: Readonly<Record<string, number>> = {};
}

function cacheOf(st: MachineState): SliceCache {
  // Kept on the state (a WeakMap entry per machine costs every garbage collection some work).
  let c = st.observed as SliceCache | undefined;
  if (c === undefined) {
    c = new SliceCache();
    st.observed = c;
  }
  return c;
}

function coroutineSlice(cache: SliceCache, c: Coroutine): CoroutineSlice {
  const sessionId = c.owned[0]?.sid ?? 0;
  const status = c.status.kind;
  const prev = cache.coroutines[c.id];
  if (
    prev !== undefined &&
    prev.pc === c.pc &&
    prev.status === status &&
    prev.session_id === sessionId &&
    prev.owned_endpoints === c.owned.length &&
    prev.progress_tokens === c.progressTokens.length
  )
    return prev;
  const next: CoroutineSlice = {
    coro_id: c.id,
    session_id: sessionId,
    pc: c.pc,
    status,
    owned_endpoints: c.owned.length,
    progress_tokens: c.progressTokens.length,
  };
  cache.coroutines[c.id] = next;
  return next;
}

function sessionSlice(cache: SliceCache, s: SessionRecord): SessionSlice {
  const edges = s.viewCleared ? 0 : s.edges.length;
  const buffered = s.viewCleared ? 0 : bufferedCount(s);
  const status = s.phase === 'active' ? 'active' : s.phase === 'closed' ? 'closed' : 'draining';
  const prev = cache.sessions[s.sid];
  if (
    prev !== undefined &&
    prev.buffered_messages === buffered &&
    prev.local_type_entries === s.types.size &&
    prev.status === status &&
    prev.buffer_edges === edges &&
    prev.epoch === s.epoch &&
    prev.role_count === s.roles.length
  )
    return prev;
  const next: SessionSlice = {
    sid: s.sid,
    role_count: s.roles.length,
    local_type_entries: s.types.size,
    buffer_edges: edges,
    buffered_messages: buffered,
    status,
    epoch: s.epoch,
  };
  cache.sessions[s.sid] = next;
  return next;
}

/** The coroutine slices, or `prev` itself when every one came back unchanged. */
function coroutineSlices(st: MachineState, cache: SliceCache, prev: readonly CoroutineSlice[] | undefined) {
  const items = st.coroutines;
  const n = items.length;
  let i = 0;
  if (prev !== undefined && prev.length === n) {
    while (i < n && coroutineSlice(cache, items[i] as Coroutine) === prev[i]) i++;
    if (i === n) return prev;
  }
  const out: CoroutineSlice[] = prev === undefined || i === 0 ? [] : prev.slice(0, i);
  // Item i was computed (and cached) above; computing it again returns the same object.
  for (; i < n; i++) out.push(coroutineSlice(cache, items[i] as Coroutine));
  return out;
}

/** The session slices (store order), or `prev` itself when every one came back unchanged. */
function sessionSlices(st: MachineState, cache: SliceCache, prev: readonly SessionSlice[] | undefined) {
  const items = st.sessions;
  const n = items.length;
  let i = 0;
  if (prev !== undefined && prev.length === n) {
    while (i < n && sessionSlice(cache, items[i] as SessionRecord) === prev[i]) i++;
    if (i === n) return prev;
  }
  const out: SessionSlice[] = prev === undefined || i === 0 ? [] : prev.slice(0, i);
  for (; i < n; i++) out.push(sessionSlice(cache, items[i] as SessionRecord));
  return out;
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function blockedTags(st: MachineState, cache: SliceCache): Readonly<Record<string, string>> {
  const blocked = st.blocked;
  if (cache.blocked !== undefined && cache.blockedVersion === blocked.version) return cache.blocked;
  const out: Record<string, string> = {};
  // Ascending ids, as the record's integer keys list; indexed reads allocate nothing, and a store
  // by number (the same key as its string) takes the elements fast path.
  for (let cid = 0; cid < blocked.span; cid++) {
    const reason = blocked.get(cid);
    if (reason !== undefined) out[cid] = reason.kind;
  }
  cache.blocked = out;
  cache.blockedVersion = blocked.version;
  return out;
}

/** The whole-machine state slice of a step state (bridge.md §4.6). */
export function slice(st: MachineState): StateSlice {
  const cache = cacheOf(st);
  const last = cache.last;
  const coroutines = coroutineSlices(st, cache, last?.coroutines);
  const sessions = sessionSlices(st, cache, last?.sessions);
  const prevQueue = last?.scheduler.ready_queue;
  const readyQueue = prevQueue !== undefined && sameNumbers(prevQueue, st.readyQueue) ? prevQueue : [...st.readyQueue];
  const blocked = blockedTags(st, cache);
  if (
    last !== undefined &&
    coroutines === last.coroutines &&
    sessions === last.sessions &&
    readyQueue === prevQueue &&
    blocked === last.scheduler.blocked &&
    st.stepCount === last.scheduler.step_count
  )
    return last;
  const next: StateSlice = {
    coroutines,
    sessions,
    scheduler: { ready_queue: readyQueue, blocked, step_count: st.stepCount },
  };
  cache.last = next;
  return next;
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

type CountField = 'local_type_entries' | 'buffered_messages';

/** `{ [sid]: field }` over the sessions, ascending sids as JSON lists integer keys. */
function countsRecord(cache: SliceCache, sessions: readonly SessionSlice[], field: CountField): Record<string, number> {
  // A copy of a record with these very keys, then stored into: adding integer keys to an empty
  // object grows its elements one store at a time (a tenth of an n = 1 case's time, measured).
  const out: Record<string, number> = { ...countsTemplate(cache, sessions) };
  for (const s of sessions) out[s.sid] = s[field];
  return out;
}

/** A record with the sessions' sids as keys (kept while the sids stay). */
function countsTemplate(cache: SliceCache, sessions: readonly SessionSlice[]): Readonly<Record<string, number>> {
  const sids = cache.templateSids;
  let same = sids.length === sessions.length;
  for (let i = 0; same && i < sids.length; i++) same = sids[i] === (sessions[i] as SessionSlice).sid;
  if (same) return cache.template;
  const template: Record<string, number> = {};
  for (const s of sessions) template[s.sid] = 0;
  cache.templateSids = sessions.map((s) => s.sid);
  cache.template = template;
  return template;
}

/** Whether the record built from `a` would equal the one built from `b` (same sids, same numbers). */
function sameCounts(a: readonly SessionSlice[], b: readonly SessionSlice[], field: CountField): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as SessionSlice;
    const y = b[i] as SessionSlice;
    if (x !== y && (x.sid !== y.sid || x[field] !== y[field])) return false;
  }
  return true;
}

/** The `step_states` entry of the step just executed (bridge.md §4.6), its type not yet rendered. */
export function stepState(st: MachineState, stepIndex: number, pre: StateSlice, outcome: StepOutcome): RawStepState {
  const c = st.coroutines[outcome.coroId];
  const r0 = c?.regs[0];
  const t = (r0 !== undefined && r0.kind === 'chan' ? st.typeOf(r0.endpoint) : undefined) ?? null;
  const post = slice(st);
  const cache = cacheOf(st);
  if (cache.countsOf !== post.sessions) {
    // A record is kept while its numbers stay (type counts change far less often than message
    // counts): equal neighbours are then one object, which a comparison skips as known-equal.
    const previous = cache.countsOf;
    if (previous === undefined || !sameCounts(previous, post.sessions, 'local_type_entries'))
      cache.typeCounts = countsRecord(cache, post.sessions, 'local_type_entries');
    if (previous === undefined || !sameCounts(previous, post.sessions, 'buffered_messages'))
      cache.msgCounts = countsRecord(cache, post.sessions, 'buffered_messages');
    cache.countsOf = post.sessions;
  }
  const events = st.events;
  let event: BridgeEvent | null = null;
  // Lean's step event (`projectConcreteTraceEvent?`): the step's own message or session event,
  // else its lifecycle event; pass-through events (`epoch_advanced`, Tier 2) never are one.
  for (let i = outcome.eventStart; i < events.length && event === null; i++) {
    const e = events.at(i);
    if (STEP_EVENT_KINDS.has(e.kind)) event = toBridgeEvent(e);
  }
  return {
    step_index: stepIndex,
    pre_state: pre,
    post_state: post,
    selected_coro: outcome.coroId,
    selected_pc: c?.pc ?? 0,
    // Rendered when the output is read (src/projection/lazyStepStates.ts).
    selected_type: t,
    // Lean's Close commits with `continue` (ExecSession.closeCommit); `closed` stays internal.
    exec_status: outcome.status.kind === 'closed' ? 'continue' : outcome.status.kind,
    session_type_counts: cache.typeCounts,
    buffered_message_counts: cache.msgCounts,
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
  const events = st.events.snapshot();
  defineLazyProperty(out, 'machine_trace', () => events.toArray().map(eventToJson));
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

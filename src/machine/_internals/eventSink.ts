/**
 * Where the machine records its events (machine.md §12). Instructions call one method per event
 * kind, so the storage can change without the instruction code changing. Callers test
 * `recording` first, so a run without tracing builds no event arguments at all.
 *
 * Storage is compact: an event is five slots (kind code, tick, up to three operands) of fixed-size
 * chunk arrays, so recording allocates nothing per event (and no array is ever regrown and copied). `MachineEvent` objects are built when
 * someone reads them ({@link EventSink.events}, {@link EventSink.at}, a {@link EventSnapshot}),
 * and kept, so repeated reads see the same objects. To add an event kind: one row in `kKinds` and
 * its recording method (interface and class, below); Tier-2 events are stored as the objects they
 * are (`tier2`).
 */
import type { Edge, Endpoint, Fault, MachineEvent, Value } from '../../types/machine.js';
import type { Tier2MachineEvent } from '../../types/machineTier2.js';
import { faultTag } from '../faults.js';

/** The recorded events at one moment, read later (diagnostics, outputs built after the run). */
export interface EventSnapshot {
  readonly length: number;
  /** The events `[0, length)` as they were when the snapshot was taken. */
  toArray(): readonly MachineEvent[];
}

export interface EventSink {
  /** Events recorded so far. */
  readonly length: number;
  /** The recorded events, oldest first (a read view: do not keep it across writes). */
  readonly events: readonly MachineEvent[];
  /** Event `i` (`0 <= i < length`). */
  at(i: number): MachineEvent;
  /** A stable view of the events recorded so far (later writes do not change it). */
  snapshot(): EventSnapshot;
  opened(tick: number, sid: number, roles: readonly string[]): void;
  sent(tick: number, edge: Edge, value: Value, seq: number): void;
  received(tick: number, edge: Edge, value: Value, seq: number): void;
  offered(tick: number, edge: Edge, label: string): void;
  chose(tick: number, edge: Edge, label: string): void;
  invoked(tick: number, endpoint: Endpoint, action: string): void;
  /** `Close`: `epoch_advanced` then `closed` (machine.md §5.7). */
  closed(tick: number, sid: number, epoch: number): void;
  halted(tick: number, coroId: number): void;
  /** A faulted step: `failure_branch_entered` then `faulted` (machine.md §8.3). */
  faulted(tick: number, sid: number, coroId: number, fault: Fault): void;
  /** A Tier-2 event (machine.md §12.1), as it is. */
  tier2(event: Tier2MachineEvent): void;
  /** Instruction events recorded so far (every event but `halted`, `failure_branch_entered`, `faulted`). */
  readonly obsLength: number;
  /**
   * Keeps the first `n` instruction events and every lifecycle event (an `Abort` restoring its
   * Fork's checkpoint: Lean truncates its `obsTrace`, the runner's lifecycle events stay).
   */
  rollbackObs(n: number): void;
  /** Replaces every event (the output-condition gate undoing an `Abort`). */
  restore(events: readonly MachineEvent[]): void;
  /** Drops the events from index `length` on (the output-condition gate undoing a step). */
  truncate(length: number): void;
  /** Removes and returns the events from index `from` on. */
  take(from: number): MachineEvent[];
  /** Appends events recorded elsewhere (a replica's), as they are. */
  append(events: readonly MachineEvent[]): void;
}

/** A stored kind: the `MachineEvent` kind and its operand fields, in key order after `tick`, `kind`. */
interface KindRow {
  readonly kind: MachineEvent['kind'];
  readonly fields: readonly string[];
}

// Code 0 is an event stored as the object itself (events appended from replicas).
const OBJECT = 0;
const OPENED = 1;
const SENT = 2;
const RECEIVED = 3;
const OFFERED = 4;
const CHOSE = 5;
const INVOKED = 6;
const EPOCH_ADVANCED = 7;
const CLOSED = 8;
const HALTED = 9;
const FAILURE_BRANCH_ENTERED = 10;
const FAULTED = 11;

/** Row `code` describes events stored with that code. */
const kKinds: readonly (KindRow | null)[] = [
  null,
  { kind: 'opened', fields: ['sid', 'roles'] },
  { kind: 'sent', fields: ['edge', 'value', 'seq'] },
  { kind: 'received', fields: ['edge', 'value', 'seq'] },
  { kind: 'offered', fields: ['edge', 'label'] },
  { kind: 'chose', fields: ['edge', 'label'] },
  { kind: 'invoked', fields: ['endpoint', 'action'] },
  { kind: 'epoch_advanced', fields: ['sid', 'epoch'] },
  { kind: 'closed', fields: ['sid'] },
  { kind: 'halted', fields: ['coroId'] },
  { kind: 'failure_branch_entered', fields: ['sid', 'coroId', 'fault'] },
  { kind: 'faulted', fields: ['coroId', 'fault'] },
];

const STRIDE = 5;
/**
 * Events per chunk (a chunk is allocated whole, filled, and never resized). 8,192 events make a
 * chunk larger than V8's young-generation object limit, so it is allocated in the old generation
 * directly: a long log is not copied by every young-generation collection on its way there
 * (measured on the 10^6-step ping-pong: 1,024-event chunks spent a quarter of the run in GC).
 */
const CHUNK_BITS = 13;
const CHUNK_EVENTS = 1 << CHUNK_BITS;
const CHUNK_SLOTS = CHUNK_EVENTS * STRIDE;

function newChunk(): unknown[] {
  // Holey (never filled): every slot is written before it is read.
  return new Array<unknown>(CHUNK_SLOTS);
}
// The first chunk starts empty and grows like any array (most runs record a few dozen events and
// should not pay for a whole chunk); the following ones are allocated whole.

class Snapshot implements EventSnapshot {
  private frozen: readonly MachineEvent[] | null = null;
  constructor(
    private readonly sink: CompactEventSink,
    readonly length: number,
  ) {}
  toArray(): readonly MachineEvent[] {
    return (this.frozen ??= this.sink.materialized(this.length).slice(0, this.length));
  }
  /** Materializes now (the sink is about to drop events this snapshot still covers). */
  freeze(): void {
    this.toArray();
  }
}

const isLifecycle = (e: MachineEvent): boolean =>
  e.kind === 'halted' || e.kind === 'faulted' || e.kind === 'failure_branch_entered';

/** The sink of `MachineState`: compact storage, events materialized on read. */
export class CompactEventSink implements EventSink {
  /** Full chunks, then the current one. */
  private readonly chunks: unknown[][] = [];
  private cur: unknown[] = [];
  /** Next free slot of `cur`. */
  private pos = 0;
  /** Events recorded: kept as a field because the step loop reads it every step. */
  private count = 0;
  /** Materialized events: valid for indices below its length. */
  private readonly cache: MachineEvent[] = [];
  /** Snapshots not yet materialized, which a truncation must freeze first. */
  private open: Snapshot[] = [];
  /** Lifecycle events (`halted`, `failure_branch_entered`, `faulted`) among the recorded ones. */
  private lifecycle = 0;

  get obsLength(): number {
    return this.length - this.lifecycle;
  }

  get length(): number {
    return this.count;
  }

  get events(): readonly MachineEvent[] {
    return this.materialized(this.length);
  }

  at(i: number): MachineEvent {
    return i < this.cache.length ? (this.cache[i] as MachineEvent) : this.build(i);
  }

  snapshot(): EventSnapshot {
    const s = new Snapshot(this, this.length);
    this.open.push(s);
    return s;
  }

  /** The cache, materialized up to `n` events. @internal */
  materialized(n: number): MachineEvent[] {
    const cache = this.cache;
    for (let i = cache.length; i < n; i++) cache.push(this.build(i));
    return cache;
  }

  private build(i: number): MachineEvent {
    const c = i >> CHUNK_BITS;
    const d = c < this.chunks.length ? (this.chunks[c] as unknown[]) : this.cur;
    const at = (i & (CHUNK_EVENTS - 1)) * STRIDE;
    const row = kKinds[d[at] as number];
    if (row === null || row === undefined) return d[at + 2] as MachineEvent;
    const e: Record<string, unknown> = { tick: d[at + 1], kind: row.kind };
    const f = row.fields;
    for (let k = 0; k < f.length; k++) e[f[k] as string] = d[at + 2 + k];
    // The row's fields are the kind's fields (the table above): the object is that MachineEvent.
    return e as unknown as MachineEvent;
  }

  private put(code: number, tick: number, a: unknown, b: unknown, c: unknown): void {
    let d = this.cur;
    let p = this.pos;
    if (p === CHUNK_SLOTS) {
      this.chunks.push(d);
      d = this.cur = newChunk();
      p = 0;
    }
    d[p] = code;
    d[p + 1] = tick;
    d[p + 2] = a;
    d[p + 3] = b;
    d[p + 4] = c;
    this.pos = p + STRIDE;
    this.count += 1;
  }

  /** Whether event `i` is a lifecycle event, read from its code (or the stored object). */
  private lifecycleAt(i: number): boolean {
    const c = i >> CHUNK_BITS;
    const d = c < this.chunks.length ? (this.chunks[c] as unknown[]) : this.cur;
    const at = (i & (CHUNK_EVENTS - 1)) * STRIDE;
    const code = d[at] as number;
    if (code === OBJECT) return isLifecycle(d[at + 2] as MachineEvent);
    return code === HALTED || code === FAILURE_BRANCH_ENTERED || code === FAULTED;
  }

  /** Drops everything from event `from` on, freezing snapshots that still cover it. */
  private cut(from: number): void {
    for (let i = from, n = this.length; i < n; i++) if (this.lifecycleAt(i)) this.lifecycle -= 1;
    if (this.open.length > 0) {
      for (const s of this.open) if (s.length > from) s.freeze();
      this.open = [];
    }
    if (this.cache.length > from) this.cache.length = from;
    const c = from >> CHUNK_BITS;
    if (c < this.chunks.length) {
      this.cur = this.chunks[c] as unknown[];
      this.chunks.length = c;
    }
    this.pos = (from & (CHUNK_EVENTS - 1)) * STRIDE;
    this.count = from;
    // Dropped slots release what they held (later writes append again).
    this.cur.length = this.pos;
  }

  opened(tick: number, sid: number, roles: readonly string[]): void {
    this.put(OPENED, tick, sid, roles, undefined);
  }
  sent(tick: number, edge: Edge, value: Value, seq: number): void {
    this.put(SENT, tick, edge, value, seq);
  }
  received(tick: number, edge: Edge, value: Value, seq: number): void {
    this.put(RECEIVED, tick, edge, value, seq);
  }
  offered(tick: number, edge: Edge, label: string): void {
    this.put(OFFERED, tick, edge, label, undefined);
  }
  chose(tick: number, edge: Edge, label: string): void {
    this.put(CHOSE, tick, edge, label, undefined);
  }
  invoked(tick: number, endpoint: Endpoint, action: string): void {
    this.put(INVOKED, tick, endpoint, action, undefined);
  }
  closed(tick: number, sid: number, epoch: number): void {
    this.put(EPOCH_ADVANCED, tick, sid, epoch, undefined);
    this.put(CLOSED, tick, sid, undefined, undefined);
  }
  halted(tick: number, coroId: number): void {
    this.put(HALTED, tick, coroId, undefined, undefined);
    this.lifecycle += 1;
  }
  faulted(tick: number, sid: number, coroId: number, fault: Fault): void {
    this.put(FAILURE_BRANCH_ENTERED, tick, sid, coroId, faultTag(fault));
    this.put(FAULTED, tick, coroId, fault, undefined);
    this.lifecycle += 2;
  }
  tier2(event: Tier2MachineEvent): void {
    this.put(OBJECT, event.tick, event, undefined, undefined);
    if (this.cache.length === this.length - 1) this.cache.push(event);
  }
  rollbackObs(n: number): void {
    if (this.obsLength <= n) return;
    let seen = 0;
    this.restore(this.events.filter((e) => isLifecycle(e) || seen++ < n));
  }
  restore(events: readonly MachineEvent[]): void {
    // `events` may be (a view of) the cache: copy before the storage is reset.
    const kept = events.slice();
    this.cut(0);
    this.append(kept);
  }
  truncate(length: number): void {
    if (length < this.length) this.cut(length);
  }
  take(from: number): MachineEvent[] {
    const n = this.length;
    if (from >= n) return [];
    const taken = this.materialized(n).slice(from);
    this.cut(from);
    return taken;
  }
  append(events: readonly MachineEvent[]): void {
    const keep = this.cache.length === this.length;
    for (const e of events) {
      this.put(OBJECT, e.tick, e, undefined, undefined);
      if (keep) this.cache.push(e);
      if (isLifecycle(e)) this.lifecycle += 1;
    }
  }
}

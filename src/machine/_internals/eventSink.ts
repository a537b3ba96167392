/**
 * Where the machine records its events (machine.md §12). Instructions call one method per event
 * kind, so a sink may store events in any form (today: `MachineEvent` objects in an array) without
 * the instruction code changing. Callers test `recording` first, so a run without tracing builds
 * no event arguments at all.
 */
import type { Edge, Endpoint, Fault, MachineEvent, Value } from '../../types/machine.js';
import type { Tier2MachineEvent } from '../../types/machineTier2.js';
import { faultTag } from '../faults.js';

export interface EventSink {
  /** Events recorded so far. */
  readonly length: number;
  /** The recorded events, oldest first (a read view: do not keep it across writes). */
  readonly events: readonly MachineEvent[];
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

/** The sink that keeps `MachineEvent` objects in one array. */
const isLifecycle = (e: MachineEvent): boolean =>
  e.kind === 'halted' || e.kind === 'faulted' || e.kind === 'failure_branch_entered';

export class ArrayEventSink implements EventSink {
  private readonly list: MachineEvent[] = [];
  /** Lifecycle events among {@link list}. */
  private lifecycle = 0;

  get obsLength(): number {
    return this.list.length - this.lifecycle;
  }
  tier2(event: Tier2MachineEvent): void {
    this.list.push(event);
  }
  rollbackObs(n: number): void {
    if (this.obsLength <= n) return;
    let seen = 0;
    const kept = this.list.filter((e) => isLifecycle(e) || seen++ < n);
    this.restore(kept);
  }
  restore(events: readonly MachineEvent[]): void {
    this.list.length = 0;
    this.lifecycle = 0;
    this.append(events);
  }
  /** Removes the events from index `from` on, keeping the lifecycle count right. */
  private cut(from: number): MachineEvent[] {
    const removed = this.list.splice(from);
    for (const e of removed) if (isLifecycle(e)) this.lifecycle -= 1;
    return removed;
  }

  get length(): number {
    return this.list.length;
  }
  get events(): readonly MachineEvent[] {
    return this.list;
  }
  opened(tick: number, sid: number, roles: readonly string[]): void {
    this.list.push({ tick, kind: 'opened', sid, roles });
  }
  sent(tick: number, edge: Edge, value: Value, seq: number): void {
    this.list.push({ tick, kind: 'sent', edge, value, seq });
  }
  received(tick: number, edge: Edge, value: Value, seq: number): void {
    this.list.push({ tick, kind: 'received', edge, value, seq });
  }
  offered(tick: number, edge: Edge, label: string): void {
    this.list.push({ tick, kind: 'offered', edge, label });
  }
  chose(tick: number, edge: Edge, label: string): void {
    this.list.push({ tick, kind: 'chose', edge, label });
  }
  invoked(tick: number, endpoint: Endpoint, action: string): void {
    this.list.push({ tick, kind: 'invoked', endpoint, action });
  }
  closed(tick: number, sid: number, epoch: number): void {
    this.list.push({ tick, kind: 'epoch_advanced', sid, epoch });
    this.list.push({ tick, kind: 'closed', sid });
  }
  halted(tick: number, coroId: number): void {
    this.list.push({ tick, kind: 'halted', coroId });
    this.lifecycle += 1;
  }
  faulted(tick: number, sid: number, coroId: number, fault: Fault): void {
    this.list.push({ tick, kind: 'failure_branch_entered', sid, coroId, fault: faultTag(fault) });
    this.list.push({ tick, kind: 'faulted', coroId, fault });
    this.lifecycle += 2;
  }
  truncate(length: number): void {
    this.cut(length);
  }
  take(from: number): MachineEvent[] {
    return this.cut(from);
  }
  append(events: readonly MachineEvent[]): void {
    for (const e of events) {
      this.list.push(e);
      if (isLifecycle(e)) this.lifecycle += 1;
    }
  }
}

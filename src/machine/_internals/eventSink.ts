/**
 * Where the machine records its events (machine.md §12). Instructions call one method per event
 * kind, so a sink may store events in any form (today: `MachineEvent` objects in an array) without
 * the instruction code changing. Callers test `recording` first, so a run without tracing builds
 * no event arguments at all.
 */
import type { Edge, Endpoint, Fault, MachineEvent, Value } from '../../types/machine.js';
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
  /** Drops the events from index `length` on (the output-condition gate undoing a step). */
  truncate(length: number): void;
  /** Removes and returns the events from index `from` on. */
  take(from: number): MachineEvent[];
  /** Appends events recorded elsewhere (a replica's), as they are. */
  append(events: readonly MachineEvent[]): void;
}

/** The sink that keeps `MachineEvent` objects in one array. */
export class ArrayEventSink implements EventSink {
  private readonly list: MachineEvent[] = [];

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
  }
  faulted(tick: number, sid: number, coroId: number, fault: Fault): void {
    this.list.push({ tick, kind: 'failure_branch_entered', sid, coroId, fault: faultTag(fault) });
    this.list.push({ tick, kind: 'faulted', coroId, fault });
  }
  truncate(length: number): void {
    this.list.length = length;
  }
  take(from: number): MachineEvent[] {
    return this.list.splice(from);
  }
  append(events: readonly MachineEvent[]): void {
    for (const e of events) this.list.push(e);
  }
}

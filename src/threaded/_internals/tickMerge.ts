/**
 * The central merge of events and faults recorded on replicas (machine.md §11.8): execution order
 * is (tick, position in the round's plan), ties kept in arrival order.
 */
import type { FaultRecord, RoundResults } from '../../machine/views.js';
import type { Fault, MachineEvent } from '../../types/machine.js';

export class TickMerge {
  private readonly events: { tick: number; pos: number; order: number; event: MachineEvent }[] = [];
  private readonly faults: { tick: number; pos: number; fault: FaultRecord }[] = [];

  /** An event of the step at (`tick`, `pos`); the event already carries its final tick. */
  event(tick: number, pos: number, event: MachineEvent): void {
    this.events.push({ tick, pos, order: this.events.length, event });
  }

  fault(tick: number, pos: number, coroId: number, fault: Fault): void {
    this.faults.push({ tick, pos, fault: { coro_id: coroId, fault } });
  }

  /** Everything in execution order, ready for `Machine.adopt`. */
  sorted(): Pick<RoundResults, 'events' | 'faults'> {
    this.events.sort((a, b) => a.tick - b.tick || a.pos - b.pos || a.order - b.order);
    this.faults.sort((a, b) => a.tick - b.tick || a.pos - b.pos);
    return { events: this.events.map((e) => e.event), faults: this.faults.map((f) => f.fault) };
  }
}

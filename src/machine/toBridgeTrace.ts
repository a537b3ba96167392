/** Machine events to JSON (machine.md §12.2) and to the bridge form (machine.md §13.2). */

import { SCHEMA_VERSION } from '../types/bridge.js';
import type { BridgeEvent } from '../types/bridge.js';
import type { Edge, MachineEvent } from '../types/machine.js';
import { faultTag } from './faults.js';
import { encodeValue } from './values.js';
import { tier2EventToJson } from './_internals/tier2EventJson.js';

/**
 * The Lean `obsEventToJson` shape of a machine event (machine.md §12.2), used for diagnostics
 * `machine_trace` and for pass-through events of the bridge form. Nat values above 2^53 come out
 * as `bigint` (serialise with lossless-json).
 * @example
 * ```ts
 * eventToJson({ tick: 0, kind: 'opened', sid: 0, roles: ['A', 'B'] });
 * // { schema_version: 'lean_bridge.v1', kind: 'opened', tick: 0, session: 0, role: 'A,B', roles: ['A', 'B'] }
 * ```
 * @public
 */
export function eventToJson(e: MachineEvent): Record<string, unknown> {
  const sv = SCHEMA_VERSION;
  switch (e.kind) {
    case 'sent':
    case 'received': {
      const out: Record<string, unknown> = {
        schema_version: sv,
        kind: e.kind,
        tick: e.tick,
        session: e.edge.sid,
        sender: e.edge.sender,
        receiver: e.edge.receiver,
        sequence: e.seq,
        value: encodeValue(e.value, 'lean'),
      };
      if (e.value.kind === 'string') out['label'] = e.value.value;
      return out;
    }
    case 'offered':
    case 'chose':
      return edgeEvent(e.kind === 'offered' ? 'sent' : 'received', e.tick, e.edge, e.label);
    case 'opened':
      return {
        schema_version: sv,
        kind: 'opened',
        tick: e.tick,
        session: e.sid,
        role: e.roles.join(','),
        roles: [...e.roles],
      };
    case 'closed':
      return { schema_version: sv, kind: 'closed', tick: e.tick, session: e.sid };
    case 'epoch_advanced':
      return { schema_version: sv, kind: 'epoch_advanced', tick: e.tick, session: e.sid, epoch: e.epoch };
    case 'invoked':
      return { schema_version: sv, kind: 'invoked', tick: e.tick, session: e.endpoint.sid, role: e.endpoint.role };
    case 'failure_branch_entered':
      return {
        schema_version: sv,
        kind: 'failure_branch_entered',
        tick: e.tick,
        session: e.sid,
        coro_id: e.coroId,
        fault: e.fault,
      };
    case 'halted':
      return { schema_version: sv, kind: 'halted', tick: e.tick, target: String(e.coroId) };
    case 'faulted':
      return { schema_version: sv, kind: 'faulted', tick: e.tick, target: String(e.coroId), reason: faultTag(e.fault) };
    default:
      return tier2EventToJson(e);
  }
}

/**
 * Converts one machine event to its bridge event (machine.md §13.2), or `null` for the dropped
 * kinds (`invoked`, `failure_branch_entered`); `epoch_advanced` and the Tier-2 events pass through.
 * @example `toBridgeEvent({ tick: 9, kind: 'halted', coroId: 1 }) // { schema_version, kind: 'halted', tick: 9, target: '1' }`
 * @public
 */
export function toBridgeEvent(e: MachineEvent): BridgeEvent | null {
  switch (e.kind) {
    case 'opened':
      return { schema_version: SCHEMA_VERSION, kind: 'opened', tick: e.tick, session: e.sid, role: e.roles.join(',') };
    case 'offered':
    case 'chose':
      return edgeEvent(e.kind === 'offered' ? 'sent' : 'received', e.tick, e.edge, e.label);
    case 'sent':
    case 'received':
      return edgeEvent(e.kind, e.tick, e.edge, e.value.kind === 'string' ? e.value.value : undefined);
    case 'closed':
      return { schema_version: SCHEMA_VERSION, kind: 'closed', tick: e.tick, session: e.sid };
    case 'halted':
      return { schema_version: SCHEMA_VERSION, kind: 'halted', tick: e.tick, target: String(e.coroId) };
    case 'faulted':
      return {
        schema_version: SCHEMA_VERSION,
        kind: 'faulted',
        tick: e.tick,
        target: String(e.coroId),
        reason: faultTag(e.fault),
      };
    case 'invoked':
    case 'failure_branch_entered':
      return null;
    case 'epoch_advanced':
      return { schema_version: SCHEMA_VERSION, kind: 'epoch_advanced', tick: e.tick, session: e.sid, epoch: e.epoch };
    default:
      // Tier-2 events pass through in their machine JSON (machine.md §13.2).
      return tier2EventToJson(e) as BridgeEvent;
  }
}

/** A message event on an edge, with its label when the payload is one. */
function edgeEvent(kind: string, tick: number, edge: Edge, label: string | undefined): BridgeEvent {
  const { sid: session, sender, receiver } = edge;
  return label === undefined
    ? { schema_version: SCHEMA_VERSION, kind, tick, session, sender, receiver }
    : { schema_version: SCHEMA_VERSION, kind, tick, session, sender, receiver, label };
}

/**
 * Converts a machine trace to the bridge-form `trace` (machine.md §13.2), event by event in trace
 * order; pure and standalone (the trace module re-exports it).
 * @param events - A machine trace (diagnostics `machine_trace` in memory form).
 * @example
 * ```ts
 * const trace = toBridgeTrace(machine.trace);
 * ```
 * @public
 */
export function toBridgeTrace(events: readonly MachineEvent[]): BridgeEvent[] {
  const out: BridgeEvent[] = [];
  for (const e of events) {
    const b = toBridgeEvent(e);
    if (b !== null) out.push(b);
  }
  return out;
}

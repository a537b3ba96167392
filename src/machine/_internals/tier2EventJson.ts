/**
 * The Lean `obsEventToJson` shapes of the Tier-2 machine events (machine.md §12.2): the machine
 * trace's JSON and, unchanged, their bridge form (the pass-through rule of machine.md §13.2).
 */
import { SCHEMA_VERSION } from '../../types/bridge.js';
import type { OwnershipTerminalReason, Tier2MachineEvent } from '../../types/machineTier2.js';

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

/** One Tier-2 event as Lean's JSON (`tagged` carries only its tick, `checked` only `permitted`). */
export function tier2EventToJson(e: Tier2MachineEvent): Record<string, unknown> {
  const head = { schema_version: SCHEMA_VERSION, kind: e.kind as string, tick: e.tick };
  switch (e.kind) {
    case 'acquired':
    case 'released':
      return { ...head, session: e.endpoint.sid, role: e.endpoint.role, layer: e.layer };
    case 'transferred':
      return { ...head, session: e.endpoint.sid, role: e.endpoint.role, from: e.from, to: e.to };
    case 'forked':
      return { ...head, session: e.sid, ghost: e.ghost };
    case 'joined':
    case 'aborted':
      return { ...head, session: e.sid };
    case 'tagged':
      return head;
    case 'checked':
      return { ...head, permitted: e.permitted };
    case 'session_terminal':
      return { ...head, session: e.sid, reason_kind: e.reason.kind, reason: e.reason.text };
    case 'timeout_issued':
      return { ...head, site: e.site, until_tick: e.untilTick, witness_id: e.witnessId };
    case 'cancellation_requested':
      return { ...head, session: e.sid, witness_id: e.witnessId, owner_id: e.ownerId, reason: reasonJson(e.reason) };
    case 'cancelled':
      return { ...head, session: e.sid, witness_id: e.witnessId, reason: reasonJson(e.reason) };
  }
}

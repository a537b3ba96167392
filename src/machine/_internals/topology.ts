/**
 * Topology perturbations (docs/machine.md "Topology perturbations"; Lean `Runtime/Failure/*.lean`
 * `applyFailure` with the strict recovery policy), applied by the round start at their tick: a
 * crash marks a site, a partition or heal edits the partitioned edges, a corruption quarantines its
 * edge while the session is live, a timeout closes its live session once the deadline has passed.
 * Events are ours (MD-45): `timeout_issued` for every timeout; `cancellation_requested`,
 * `cancelled`, `session_terminal` when a recovery closes a live session.
 */
import type { Edge } from '../../types/machine.js';
import type { OwnershipTerminalReason, TopologyFailure } from '../../types/machineTier2.js';
import type { MachineState } from './state.js';

const sameEdge = (a: Edge, b: Edge): boolean => a.sid === b.sid && a.sender === b.sender && a.receiver === b.receiver;

function disconnect(st: MachineState, edges: readonly Edge[]): void {
  const f = st.failure;
  const added = edges.filter((e) => !f.partitionedEdges.some((x) => sameEdge(x, e)));
  f.partitionedEdges = [...added, ...f.partitionedEdges];
}

/** `failureSessionCoherentB`: the session exists and is not closed. */
function coherent(st: MachineState, sid: number): boolean {
  const s = st.sessionById.get(sid);
  return s !== undefined && s.phase !== 'closed';
}

/** `closeSession`: phase closed, the session's view of its buffers cleared (no epoch change). */
function closeSession(st: MachineState, sid: number): void {
  const s = st.sessionById.get(sid);
  if (s === undefined) return;
  s.phase = 'closed';
  s.viewCleared = true;
}

/** Applies one failure (Lean `applyFailure`). */
export function applyFailure(st: MachineState, failure: TopologyFailure): void {
  const f = st.failure;
  switch (failure.kind) {
    case 'crash':
      if (!f.crashedSites.includes(failure.site)) f.crashedSites.unshift(failure.site);
      return;
    case 'partition':
      disconnect(st, failure.edges);
      return;
    case 'heal':
      f.partitionedEdges = f.partitionedEdges.filter((e) => !failure.edges.some((x) => sameEdge(x, e)));
      return;
    case 'corrupt':
      st.needsReconciliation = false;
      f.corruptedEdges.push([failure.edge, failure.seqNo]);
      if (coherent(st, failure.edge.sid)) disconnect(st, [failure.edge]);
      else closeSession(st, failure.edge.sid);
      return;
    case 'timeout': {
      st.needsReconciliation = false;
      const site = failure.edge.receiver;
      const sid = failure.edge.sid;
      const witnessId = f.nextWitnessId;
      f.nextWitnessId += 1;
      f.timedOutSites.push([site, failure.deadline]);
      const tick = st.clock;
      if (st.recording) st.events.tier2({ tick, kind: 'timeout_issued', site, untilTick: failure.deadline, witnessId });
      if (!coherent(st, sid)) closeSession(st, sid);
      else if (st.clock >= failure.deadline) {
        // Strict recovery closes the live session; we report it as the owner's cancellation.
        const reason: OwnershipTerminalReason = { kind: 'owner_died', ownerId: site };
        closeSession(st, sid);
        if (st.recording) {
          st.events.tier2({ tick, kind: 'cancellation_requested', sid, witnessId, ownerId: site, reason });
          st.events.tier2({ tick, kind: 'cancelled', sid, witnessId, reason });
          st.events.tier2({
            tick,
            kind: 'session_terminal',
            sid,
            reason: { kind: 'cancelled', text: `timeout sid=${sid} deadline=${failure.deadline}` },
          });
        }
      }
      return;
    }
  }
}

/** The failures scheduled for the current tick, in configuration order. */
export function applyPerturbations(st: MachineState): void {
  for (const p of st.config.topologyPerturbations) if (p.tick === st.clock) applyFailure(st, p.failure);
}

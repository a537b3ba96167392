/**
 * Topology perturbations, after Lean's `Runtime/Failure/Core.lean` and `Transitions.lean`
 * (`applyFailure` with the strict recovery policy): a crash marks a site, a partition or heal
 * edits the partitioned edges, a corruption quarantines its edge (partitions it) while its session
 * is live, a timeout closes its session once the deadline has passed. Lean records no observable
 * event for any of this; our model adds `timeout_issued` for every timeout and, when a recovery
 * closes a live session, `cancellation_requested`, `cancelled` and `session_terminal` (docs/machine.md
 * "Topology perturbations").
 */
import type { Edge } from '../../../types/machine.js';
import type { OwnershipTerminalReason, TopologyFailure } from '../../../types/machineTier2.js';
import { findSession } from './helpers.js';
import type { PMState, Session } from './state.js';
import { traceAppend } from './state.js';
import { sameEdge } from './values.js';

/** `appendFailureTraceEvent` / `emitStructuredErrorEvent`: unobservable, they only count. */
function bumpSeq(st: PMState, n = 1): PMState {
  return { ...st, failure: { ...st.failure, nextFailureSeqNo: st.failure.nextFailureSeqNo + n } };
}

function disconnect(st: PMState, edges: readonly Edge[]): PMState {
  const existing = st.failure.partitionedEdges;
  const added = edges.filter((e) => !existing.some((x) => sameEdge(x, e)));
  return { ...st, failure: { ...st.failure, partitionedEdges: [...added, ...existing] } };
}

function reconnect(st: PMState, edges: readonly Edge[]): PMState {
  const partitionedEdges = st.failure.partitionedEdges.filter((e) => !edges.some((x) => sameEdge(x, e)));
  return { ...st, failure: { ...st.failure, partitionedEdges } };
}

/** `failureSessionCoherentB`: the session exists and is not closed. */
function coherent(st: PMState, sid: number): boolean {
  const s = findSession(st.sessions, sid);
  return s !== undefined && s.phase !== 'closed';
}

/** `closeSession`: phase closed, the session's view of its buffers (and its traces) cleared. */
function closeSession(st: PMState, sid: number): PMState {
  const i = st.sessions.findIndex((s) => s.sid === sid);
  if (i < 0) return st;
  const sessions = st.sessions.slice();
  sessions[i] = { ...(st.sessions[i] as Session), phase: 'closed', buffers: [] };
  return { ...st, sessions };
}

/** `reconcileBeforeReplay`: clears the reconciliation flag (one failure-trace entry). */
function reconcile(st: PMState): PMState {
  return st.needsReconciliation ? bumpSeq({ ...st, needsReconciliation: false }) : st;
}

/** Our cancellation events when a recovery closes a live session (Lean has the events, not the emission). */
function cancelSession(st: PMState, sid: number, witnessId: number, ownerId: string, text: string): PMState {
  const reason: OwnershipTerminalReason = { kind: 'owner_died', ownerId };
  const tick = st.clock;
  let trace = traceAppend(st.trace, { tick, kind: 'cancellation_requested', sid, witnessId, ownerId, reason });
  trace = traceAppend(trace, { tick, kind: 'cancelled', sid, witnessId, reason });
  trace = traceAppend(trace, { tick, kind: 'session_terminal', sid, reason: { kind: 'cancelled', text } });
  return { ...closeSession(st, sid), trace };
}

/** `applyFailure` for one failure (the strict recovery policy of `defaultRecoveryPolicy`). */
export function applyFailure(st0: PMState, f: TopologyFailure): PMState {
  // One failure-trace entry for the ingress, one for the recovery action, one structured error.
  const st = bumpSeq(st0);
  switch (f.kind) {
    case 'crash': {
      const crashedSites = st.failure.crashedSites.includes(f.site)
        ? st.failure.crashedSites
        : [f.site, ...st.failure.crashedSites];
      return bumpSeq({ ...st, failure: { ...st.failure, crashedSites } }, 2);
    }
    case 'partition':
      return bumpSeq(disconnect(st, f.edges), 2);
    case 'heal':
      return bumpSeq(reconnect(st, f.edges), 2);
    case 'corrupt': {
      const s1 = reconcile(st);
      const marked: PMState = {
        ...s1,
        failure: { ...s1.failure, corruptedEdges: [...s1.failure.corruptedEdges, [f.edge, f.seqNo] as const] },
      };
      // decideRecovery: a live session quarantines the edge; otherwise the session is closed (again).
      const recovered = coherent(marked, f.edge.sid) ? disconnect(marked, [f.edge]) : closeSession(marked, f.edge.sid);
      return bumpSeq(recovered, 2);
    }
    case 'timeout': {
      const s1 = reconcile(st);
      const site = f.edge.receiver;
      const witnessId = s1.failure.nextWitnessId;
      const issued: PMState = {
        ...s1,
        trace: traceAppend(s1.trace, {
          tick: s1.clock,
          kind: 'timeout_issued',
          site,
          untilTick: f.deadline,
          witnessId,
        }),
        failure: {
          ...s1.failure,
          nextWitnessId: witnessId + 1,
          timedOutSites: [...s1.failure.timedOutSites, [site, f.deadline] as const],
        },
      };
      const sid = f.edge.sid;
      let recovered: PMState;
      if (!coherent(issued, sid)) recovered = closeSession(issued, sid);
      else if (issued.clock >= f.deadline)
        recovered = cancelSession(issued, sid, witnessId, site, `timeout sid=${sid} deadline=${f.deadline}`);
      else recovered = issued; // retryAfter (deadline - clock): nothing changes now.
      return bumpSeq(recovered, 2);
    }
  }
}

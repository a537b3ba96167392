/**
 * Creating the machine and loading code images, after Lean's `Runtime/Loader.lean`
 * (`validateImage?` then `loadChoreographyResult`, all or nothing) with our register count
 * (MD-05) and the Tier-2 progress tokens granted at load.
 */
import { projectChecked } from '../../../projection/projectChecked.js';
import type { BridgeError } from '../../../types/errors.js';
import type { CodeImage, Endpoint, ProgressToken, Value } from '../../../types/machine.js';
import type { FullMachineConfig } from '../../../types/machineTier2.js';
import { err, ok, type Result } from '../../../types/result.js';
import { buffersEnsure, buffersFor } from './helpers.js';
import { protocolEdges } from './execSession.js';
import { localTypeREq } from './sessionTypes.js';
import type { Coro, PMState, Session } from './state.js';
import { EMPTY_TRACE, traceAppend } from './state.js';
import { UNIT_VALUE } from './values.js';

/** A fresh machine (clock 0) with the configuration's guard resources. */
export function emptyState(config: FullMachineConfig): PMState {
  const guardResources: (readonly [string, { readonly denied: boolean }])[] = [];
  for (const g of config.guardLayers) {
    const id = typeof g === 'string' ? g : g.id;
    if (!guardResources.some(([x]) => x === id))
      guardResources.push([id, { denied: typeof g === 'string' ? false : g.denied === true }]);
  }
  return {
    config,
    programs: [],
    coroutines: [],
    buffers: [],
    nextCoroId: 0,
    nextSessionId: 0,
    sessions: [],
    guardResources,
    sched: { readyQueue: [], blocked: [], ownershipIndex: [], crossLaneHandoffs: [], stepCount: 0 },
    trace: EMPTY_TRACE,
    clock: 0,
    failure: {
      crashedSites: [],
      partitionedEdges: [],
      corruptedEdges: [],
      timedOutSites: [],
      nextFailureSeqNo: 0,
      nextWitnessId: 0,
    },
    commNextSendSeq: [],
    commNextRecvSeq: [],
    commConsumedNullifiers: [],
    ghostSessions: new Map(),
    checkpoints: new Map(),
    needsReconciliation: false,
    outputConditionChecks: 0,
  };
}

/** `validateImage?`: the first failing rule's reason (machine.md §9.3), or `null`. */
export function validateImage(image: CodeImage): string | null {
  const p = image.program;
  const entryRoles = p.entryPoints.map(([r]) => r);
  const localRoles = p.localTypesR.map(([r]) => r);
  if (entryRoles.length !== localRoles.length) return 'entry/local role arity mismatch';
  if (new Set(entryRoles).size !== entryRoles.length) return 'duplicate entry-point role';
  if (new Set(localRoles).size !== localRoles.length) return 'duplicate local-type role';
  if (!entryRoles.every((r) => localRoles.includes(r))) return 'entry/local role mismatch';
  for (const role of entryRoles) {
    const claimed = p.localTypesR.find(([r]) => r === role)?.[1];
    // Lean `projectR?`: `projectCore` when the checker `projectb` accepts it.
    const projected = projectChecked(image.globalType, role);
    if (claimed === undefined || !projected.ok || !localTypeREq(projected.value, claimed))
      return `projection mismatch for role ${role}`;
  }
  return null;
}

/** `loadChoreographyResult`: validation, then the session and coroutine limits, then install. */
export function loadImage(st: PMState, image: CodeImage, path: string): Result<PMState, BridgeError> {
  const reason = validateImage(image);
  if (reason !== null)
    return err({ code: 'validation_failed', path, message: `bad choreography image: ${reason}`, reason });
  const cfg = st.config;
  if (st.sessions.length >= cfg.maxSessions)
    return err({
      code: 'too_many_sessions',
      path,
      max: cfg.maxSessions,
      message: `too many sessions while loading choreographies: ${cfg.maxSessions}`,
    });
  if (st.coroutines.length + image.program.entryPoints.length > cfg.maxCoroutines)
    return err({
      code: 'too_many_coroutines',
      path,
      max: cfg.maxCoroutines,
      message: `too many coroutines while loading choreographies: ${cfg.maxCoroutines}`,
    });
  // nextFreshSessionId
  const taken = st.sessions.map((s) => s.sid);
  const sid = taken.includes(st.nextSessionId) ? Math.max(st.nextSessionId, ...taken) + 1 : st.nextSessionId;
  return ok(install(st, image, sid));
}

/** `loadChoreographyCore`. */
function install(st: PMState, image: CodeImage, sid: number): PMState {
  const p = image.program;
  const programId = st.programs.length;
  const roles = p.entryPoints.map(([r]) => r);
  const edges = protocolEdges(sid, p.localTypes);
  const buffers = buffersEnsure(st.buffers, edges);
  const session: Session = {
    sid,
    roles,
    endpoints: roles.map((role) => ({ sid, role })),
    localTypes: p.localTypes.map(([role, t]) => [{ sid, role }, t] as const),
    buffers: buffersFor(buffers, sid),
    handlers: edges.map((e) => [e, 0] as const),
    epoch: 0,
    phase: 'active',
  };
  const coroutines = [...st.coroutines];
  const readyQueue = [...st.sched.readyQueue];
  let nextId = st.nextCoroId;
  for (const [role, pc] of p.entryPoints) {
    const endpoint: Endpoint = { sid, role };
    const regs: Value[] = new Array<Value>(st.config.numRegisters).fill(UNIT_VALUE);
    regs[0] = { kind: 'chan', endpoint };
    const tokens: ProgressToken[] = Array.from({ length: st.config.initialProgressTokens }, () => ({ sid, endpoint }));
    const coro: Coro = {
      id: nextId,
      programId,
      pc,
      regs,
      status: { kind: 'ready' },
      ownedEndpoints: [endpoint],
      progressTokens: tokens,
      knowledgeSet: [],
      costBudget: st.config.initialCostBudget,
      specState: null,
    };
    coroutines.push(coro);
    readyQueue.push(nextId);
    nextId += 1;
  }
  return {
    ...st,
    programs: [...st.programs, { code: p.code, footprint: p.metadata.footprintSummary }],
    coroutines,
    buffers,
    sessions: [session, ...st.sessions],
    sched: { ...st.sched, readyQueue },
    trace: traceAppend(st.trace, { tick: st.clock, kind: 'opened', sid, roles }),
    nextCoroId: nextId,
    nextSessionId: sid + 1,
  };
}

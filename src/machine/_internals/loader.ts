/** Loading a validated code image into a machine (Lean `loadChoreographyResult`, machine.md §9.4). */
import type { BridgeError } from '../../types/errors.js';
import type { Endpoint, Program, Value } from '../../types/machine.js';
import type { Result } from '../../types/result.js';
import { err, ok } from '../../types/result.js';
import { UNIT } from '../values.js';
import { Coroutine } from './records.js';
import { protocolEdges, sessionRecord } from './sessionEdges.js';
import type { MachineState } from './state.js';

/**
 * What installing reads of a validated program: its code, entry points, de Bruijn local types and
 * footprint summary. A machine that replicates another (the threaded engine's pool threads) is
 * given these alone, already validated by the machine it replicates.
 */
export interface InstallableProgram {
  readonly code: Program['code'];
  readonly entryPoints: Program['entryPoints'];
  readonly localTypes: Program['localTypes'];
  readonly footprintSummary: Program['metadata']['footprintSummary'];
}

/** The part of a program that {@link install} reads (no lazy metadata such as the source hash). */
export function installable(p: Program): InstallableProgram {
  return {
    code: p.code,
    entryPoints: p.entryPoints,
    localTypes: p.localTypes,
    footprintSummary: p.metadata.footprintSummary,
  };
}

/** All-or-nothing: `too_many_sessions` / `too_many_coroutines` leave the machine unchanged. */
export function install(st: MachineState, p: InstallableProgram, path: string): Result<number, BridgeError> {
  const cfg = st.config;
  if (st.sessions.length >= cfg.maxSessions) {
    return err({
      code: 'too_many_sessions',
      path,
      max: cfg.maxSessions,
      message: `too many sessions while loading choreographies: ${cfg.maxSessions}`,
    });
  }
  if (st.coroutines.length + p.entryPoints.length > cfg.maxCoroutines) {
    return err({
      code: 'too_many_coroutines',
      path,
      max: cfg.maxCoroutines,
      message: `too many coroutines while loading choreographies: ${cfg.maxCoroutines}`,
    });
  }
  let sid = st.nextSessionId;
  if (st.sessionById.has(sid)) sid = Math.max(sid, ...st.sessionById.keys()) + 1;
  const programId = st.programs.length;
  st.programs.push({ code: p.code, footprint: new Map(p.footprintSummary.map(([r, rs]) => [r, rs])) });
  const roles = p.entryPoints.map(([r]) => r);
  const session = sessionRecord(sid, roles, p.localTypes, protocolEdges(p.localTypes));
  st.addSession(session);
  if (session.edges.length > 0) st.anyHandler = true;
  for (const [role, pc] of p.entryPoints) {
    const ep: Endpoint = { sid, role };
    const regs: Value[] = new Array<Value>(cfg.numRegisters).fill(UNIT);
    regs[0] = { kind: 'chan', endpoint: ep };
    const c = new Coroutine(st.coroutines.length, programId, pc, regs, [ep], cfg.initialCostBudget);
    for (let i = 0; i < cfg.initialProgressTokens; i++) c.progressTokens.push({ sid, endpoint: ep });
    st.coroutines.push(c);
    st.readyQueue.push(c.id);
    c.queued = true;
  }
  if (st.recording) st.events.opened(st.clock, sid, roles);
  return ok(sid);
}

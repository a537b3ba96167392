/**
 * Control flow and guard/effect instructions of the image executor, after Lean's
 * `Semantics/ExecControl.lean` (`Set`, `Move`, `Jump`, `Spawn`, `Yield`), `ExecHelpers.haltPack`
 * and `Semantics/ExecGuardEffect.lean` (`Acquire`, `Release`, `Invoke`).
 */
import type { Value } from '../../../types/machine.js';
import {
  advancePc,
  continuePack,
  defaultHandler,
  faultPack,
  mkRes,
  pack,
  readReg,
  removeType,
  setReg,
} from './helpers.js';
import type { Coro, PMState, StepEvent, StepPack } from './state.js';
import { acquireFault, OUT_OF_REGISTERS, UNIT_VALUE } from './values.js';

/** `stepSet`. */
export function stepSet(st: PMState, coro: Coro, dst: number, v: Value): StepPack {
  const regs = setReg(coro.regs, dst, v);
  return regs === null ? faultPack(st, coro, OUT_OF_REGISTERS) : continuePack(st, { ...coro, regs }, null);
}

/** `stepMove`: the source is read first ("bad src reg"), then the destination written. */
export function stepMove(st: PMState, coro: Coro, dst: number, src: number): StepPack {
  const v = readReg(coro.regs, src);
  if (v === undefined) return faultPack(st, coro, OUT_OF_REGISTERS);
  const regs = setReg(coro.regs, dst, v);
  return regs === null ? faultPack(st, coro, OUT_OF_REGISTERS) : continuePack(st, { ...coro, regs }, null);
}

/** `stepJump`: no bounds check (an out-of-range target faults at the next fetch). */
export function stepJump(st: PMState, coro: Coro, target: number): StepPack {
  return pack({ ...coro, pc: target, status: { kind: 'ready' } }, st, mkRes({ kind: 'continue' }, null));
}

/** `stepYield`: blocked on `spawn_wait`, which nothing ever clears (MD-19). */
export function stepYield(st: PMState, coro: Coro): StepPack {
  const c = advancePc({ ...coro, status: { kind: 'blocked', reason: { kind: 'spawn_wait' } } });
  return pack(c, st, mkRes({ kind: 'yielded' }, null));
}

/**
 * `copyArgs`: a fresh register file of the parent's size; argument `i` goes to register `i`,
 * missing sources are skipped but still use up their index.
 */
function copyArgs(src: readonly Value[], size: number, args: readonly number[]): Value[] {
  const regs: Value[] = new Array<Value>(size).fill(UNIT_VALUE);
  for (let idx = 0; idx < args.length; idx++) {
    const v = readReg(src, args[idx] as number);
    if (v === undefined) continue;
    if (idx >= regs.length) break;
    regs[idx] = v;
  }
  return regs;
}

/** `stepSpawn`: the child shares the program, owns nothing, starts ready with the default budget. */
export function stepSpawn(st: PMState, coro: Coro, target: number, args: readonly number[]): StepPack {
  const newId = st.nextCoroId;
  const child: Coro = {
    id: newId,
    programId: coro.programId,
    pc: target,
    regs: copyArgs(coro.regs, coro.regs.length, args),
    status: { kind: 'ready' },
    ownedEndpoints: [],
    progressTokens: [],
    knowledgeSet: [],
    costBudget: st.config.initialCostBudget,
    specState: null,
  };
  const st1: PMState = { ...st, coroutines: [...st.coroutines, child], nextCoroId: newId + 1 };
  return pack(advancePc({ ...coro, status: { kind: 'ready' } }), st1, mkRes({ kind: 'spawned', coroId: newId }, null));
}

/** `haltPack`: removes the type of the endpoint in register 0 (else of the first owned endpoint). */
export function stepHalt(st: PMState, coro: Coro): StepPack {
  const r0 = readReg(coro.regs, 0);
  const ep = r0?.kind === 'chan' ? r0.endpoint : coro.ownedEndpoints[0];
  const st1 = ep === undefined ? st : { ...st, sessions: removeType(st.sessions, ep) };
  return pack(advancePc({ ...coro, status: { kind: 'done' } }), st1, mkRes({ kind: 'halted' }, null));
}

// ------------------------------------------------------------------ guard layers and effects

/**
 * The guard chain's `active` predicate of our model: a layer configured with `active: false` is
 * inactive; every other id is active (an unconfigured one then has no resource: "unknown layer").
 */
function layerActive(st: PMState, layer: string): boolean {
  return !st.config.guardLayers.some((g) => typeof g !== 'string' && g.id === layer && !g.active);
}

/** An observable event attributed to the first owned endpoint, else an internal one. */
function primaryEvent(coro: Coro, make: (ep: Coro['ownedEndpoints'][number]) => StepEvent): StepEvent {
  const ep = coro.ownedEndpoints[0];
  return ep === undefined ? 'internal' : make(ep);
}

/** `stepAcquire`: the layer's `open_` grants unit evidence, or refuses (block `acquire_denied`). */
export function stepAcquire(st: PMState, coro: Coro, layer: string, dst: number): StepPack {
  if (!layerActive(st, layer)) return faultPack(st, coro, acquireFault('inactive layer'));
  const resource = st.guardResources.find(([g]) => g === layer)?.[1];
  if (resource === undefined) return faultPack(st, coro, acquireFault('unknown layer'));
  if (resource.denied) {
    return pack(
      { ...coro, status: { kind: 'blocked', reason: { kind: 'acquire_denied', layer } } },
      st,
      mkRes({ kind: 'blocked', reason: { kind: 'acquire_denied', layer } }, null),
    );
  }
  const regs = setReg(coro.regs, dst, UNIT_VALUE);
  if (regs === null) return faultPack(st, coro, OUT_OF_REGISTERS);
  const ev = primaryEvent(coro, (ep) => ({ obs: { tick: st.clock, kind: 'acquired', layer, endpoint: ep } }));
  return continuePack(st, { ...coro, regs }, ev);
}

/** `stepRelease`: evidence must decode (unit), the layer must have a resource; `close` keeps it. */
export function stepRelease(st: PMState, coro: Coro, layer: string, evidence: number): StepPack {
  if (!layerActive(st, layer)) return faultPack(st, coro, acquireFault('inactive layer'));
  const v = readReg(coro.regs, evidence);
  if (v === undefined) return faultPack(st, coro, OUT_OF_REGISTERS);
  if (v.kind !== 'unit') return faultPack(st, coro, acquireFault('bad evidence'));
  if (!st.guardResources.some(([g]) => g === layer)) return faultPack(st, coro, acquireFault('unknown layer'));
  const ev = primaryEvent(coro, (ep) => ({ obs: { tick: st.clock, kind: 'released', layer, endpoint: ep } }));
  return continuePack(st, coro, ev);
}

/**
 * `stepInvoke`: needs a handler bound in any session (newest first); the unit effect model
 * changes nothing. The register form (Rust-only) reads its register first and names the action
 * by the value's `repr`.
 */
export function stepInvoke(st: PMState, coro: Coro, action: string): StepPack {
  if (defaultHandler(st.sessions) === undefined)
    return faultPack(st, coro, { kind: 'invoke_fault', msg: 'no handler bound' });
  const ev = primaryEvent(coro, (ep) => ({ obs: { tick: st.clock, kind: 'invoked', endpoint: ep, action } }));
  return continuePack(st, coro, ev);
}

/**
 * Guard layers: `Acquire`, `Release` (machine.md §5.8; Lean `ExecGuardEffect.lean`) with our layer
 * model (docs/machine.md "Tier 2"): a layer configured inactive faults; any other id is active and
 * has a resource only if configured; `open_` grants unit evidence or, for a denying layer, refuses
 * (the coroutine blocks on `acquire_denied`); `close` keeps the resource.
 */
import type { ExecStatus, Fault } from '../../../types/machine.js';
import type { Coroutine } from '../records.js';
import { CONTINUE, OUT_OF_REGISTERS } from '../records.js';
import type { MachineState } from '../state.js';
import type { Instr } from './operands.js';

const UNIT_EVIDENCE = { kind: 'unit' } as const;

/** Lean `acquireFault "guard-layer" msg`: the fault's namespace is the literal `guard-layer`. */
const acquireFault = (msg: string): Fault => ({ kind: 'acquire_fault', layer: 'guard-layer', msg });

/** The guard chain's `active` predicate: only a layer configured `active: false` is inactive. */
function layerActive(st: MachineState, layer: string): boolean {
  for (const g of st.config.guardLayers) if (typeof g !== 'string' && g.id === layer && !g.active) return false;
  return true;
}

export function execGuard(st: MachineState, c: Coroutine, instr: Instr<'Acquire' | 'Release'>): ExecStatus {
  const layer = instr.layer;
  if (!layerActive(st, layer)) return st.fault(c, acquireFault('inactive layer'));
  if (instr.op === 'Acquire') {
    const resource = st.guardResources.get(layer);
    if (resource === undefined) return st.fault(c, acquireFault('unknown layer'));
    if (resource.denied) {
      const reason = { kind: 'acquire_denied' as const, layer };
      c.status = { kind: 'blocked', reason };
      return { kind: 'blocked', reason };
    }
    if (instr.dst >= c.regs.length) return st.fault(c, OUT_OF_REGISTERS);
    c.regs[instr.dst] = UNIT_EVIDENCE;
  } else {
    const evidence = c.regs[instr.evidence];
    if (evidence === undefined) return st.fault(c, OUT_OF_REGISTERS);
    if (evidence.kind !== 'unit') return st.fault(c, acquireFault('bad evidence'));
    if (!st.guardResources.has(layer)) return st.fault(c, acquireFault('unknown layer'));
  }
  c.pc += 1;
  const primary = c.owned[0];
  if (primary !== undefined && st.recording)
    st.events.tier2({
      tick: st.clock,
      kind: instr.op === 'Acquire' ? 'acquired' : 'released',
      layer,
      endpoint: primary,
    });
  return CONTINUE;
}

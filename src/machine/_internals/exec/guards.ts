/** Guard layers: `Acquire`, `Release` (machine.md §5.8; Lean `ExecGuardEffect.lean`). */
import type { ExecStatus } from '../../../types/machine.js';
import type { Coroutine } from '../records.js';
import type { MachineState } from '../state.js';
import type { Instr } from './operands.js';

export function execGuard(st: MachineState, c: Coroutine, instr: Instr<'Acquire' | 'Release'>): ExecStatus {
  // No guard layers exist in our Tier-1 configuration, so every layer is unknown.
  return st.fault(c, { kind: 'acquire_fault', layer: instr.layer, msg: 'unknown layer' });
}

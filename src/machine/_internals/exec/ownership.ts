/** Endpoint ownership transfer: `Transfer` (machine.md §5.8; Lean `ExecOwnership.lean`). */
import type { ExecStatus } from '../../../types/machine.js';
import type { Coroutine } from '../records.js';
import type { MachineState } from '../state.js';
import type { Instr } from './operands.js';

export function execTransfer(st: MachineState, c: Coroutine, _instr: Instr<'Transfer'>): ExecStatus {
  return st.fault(c, { kind: 'transfer_fault', msg: 'transfer is not supported (Tier 2)' });
}

/** Knowledge facts: `Tag`, `Check` (machine.md §5.8). */
import type { ExecStatus } from '../../../types/machine.js';
import type { Coroutine } from '../records.js';
import { specFault } from '../records.js';
import type { MachineState } from '../state.js';
import type { Instr } from './operands.js';

export function execKnowledge(st: MachineState, c: Coroutine, instr: Instr<'Tag' | 'Check'>): ExecStatus {
  return st.fault(c, specFault(`${instr.op.toLowerCase()} is not supported (Tier 2)`));
}

/**
 * Speculation: `Fork`, `Join`, `Abort` (machine.md §5.8; Lean `ExecSpeculation.lean`). Our Tier 1
 * configuration has speculation disabled, so each faults as Lean does in that case.
 */
import type { ExecStatus } from '../../../types/machine.js';
import type { Coroutine } from '../records.js';
import { specFault } from '../records.js';
import type { MachineState } from '../state.js';

export function execSpeculation(st: MachineState, c: Coroutine, op: 'Fork' | 'Join' | 'Abort'): ExecStatus {
  switch (op) {
    case 'Fork':
      return st.fault(c, specFault('speculation is disabled'));
    case 'Join':
      return st.fault(c, specFault('join requires active speculation'));
    case 'Abort':
      return st.fault(c, specFault('abort requires active speculation'));
  }
}

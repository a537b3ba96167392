/** `Invoke`: an effect through the bound handler (machine.md §5.5). */
import type { ExecStatus } from '../../../types/machine.js';
import * as values from '../../values.js';
import type { Coroutine } from '../records.js';
import * as records from '../records.js';
import type { MachineState } from '../state.js';
import type { Instr } from './operands.js';

// Per-step names are read once here: under Vitest (the benches) every use of an imported binding is a getter call.
const { reprValue } = values;
const { CONTINUE, OUT_OF_REGISTERS } = records;

export function execInvoke(st: MachineState, c: Coroutine, instr: Instr<'Invoke'>): ExecStatus {
  let action: string;
  if (typeof instr.action === 'number') {
    const v = c.regs[instr.action];
    if (v === undefined) return st.fault(c, OUT_OF_REGISTERS);
    action = reprValue(v);
  } else action = instr.action;
  if (!st.anyHandler) return st.fault(c, { kind: 'invoke_fault', msg: 'no handler bound' });
  c.pc += 1;
  const primary = c.owned[0];
  if (primary !== undefined && st.recording) st.events.invoked(st.clock, primary, action);
  return CONTINUE;
}

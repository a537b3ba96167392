/** Register instructions: `Set` and `Move` (machine.md §5.6). */
import type { ExecStatus } from '../../../types/machine.js';
import type { Coroutine } from '../records.js';
import * as records from '../records.js';
import type { MachineState } from '../state.js';
import type { Instr } from './operands.js';

// Per-step names are read once here: under Vitest (the benches) every use of an imported binding is a getter call.
const { CONTINUE, OUT_OF_REGISTERS } = records;

export function execSet(st: MachineState, c: Coroutine, instr: Instr<'Set'>): ExecStatus {
  if (instr.dst >= c.regs.length) return st.fault(c, OUT_OF_REGISTERS);
  c.regs[instr.dst] = instr.val;
  c.pc += 1;
  return CONTINUE;
}

export function execMove(st: MachineState, c: Coroutine, instr: Instr<'Move'>): ExecStatus {
  const v = c.regs[instr.src];
  if (v === undefined || instr.dst >= c.regs.length) return st.fault(c, OUT_OF_REGISTERS);
  c.regs[instr.dst] = v;
  c.pc += 1;
  return CONTINUE;
}

/** Control flow and coroutines: `Jump`, `Halt`, `Yield`, `Spawn` (machine.md §5.6). */
import type { ExecStatus, Value } from '../../../types/machine.js';
import { UNIT } from '../../values.js';
import { Coroutine } from '../records.js';
import * as records from '../records.js';
import type { MachineState } from '../state.js';
import type { Instr } from './operands.js';

// Per-step names are read once here: under Vitest (the benches) every use of an imported binding is a getter call.
const { CONTINUE, DONE, HALTED, READY } = records;

export function execJump(c: Coroutine, instr: Instr<'Jump'>): ExecStatus {
  c.pc = instr.target;
  c.status = READY;
  return CONTINUE;
}

/** `Halt`: the coroutine is done and its primary endpoint's type entry is deleted. */
export function execHalt(st: MachineState, c: Coroutine): ExecStatus {
  const r0 = c.regs[0];
  const ep = r0 !== undefined && r0.kind === 'chan' ? r0.endpoint : c.owned[0];
  if (ep !== undefined) st.sessionById.get(ep.sid)?.types.delete(ep.role);
  c.status = DONE;
  st.terminalCount += 1;
  c.pc += 1;
  return HALTED;
}

export function execYield(c: Coroutine): ExecStatus {
  c.pc += 1;
  c.status = { kind: 'blocked', reason: { kind: 'spawn_wait' } };
  return { kind: 'yielded' };
}

/** `Spawn`: a new coroutine of the same program, registers from the argument list. */
export function execSpawn(st: MachineState, c: Coroutine, instr: Instr<'Spawn'>): ExecStatus {
  const n = st.config.numRegisters;
  const regs: Value[] = new Array<Value>(n).fill(UNIT);
  for (let i = 0; i < instr.args.length && i < n; i++) {
    const arg = instr.args[i];
    const v = arg === undefined ? undefined : c.regs[arg];
    if (v !== undefined) regs[i] = v;
  }
  const child = new Coroutine(st.coroutines.length, c.programId, instr.target, regs, [], st.config.initialCostBudget);
  st.coroutines.push(child);
  c.pc += 1;
  return { kind: 'spawned', coroId: child.id };
}

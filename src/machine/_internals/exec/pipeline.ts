/** The step pipeline (machine.md §6) up to and including the output gate; no queue update. */
import type { ExecStatus } from '../../../types/machine.js';
import * as outputGate from '../outputGate.js';
import * as records from '../records.js';
import type { MachineState } from '../state.js';
import * as execution from './execute.js';
import * as monitoring from './monitor.js';

// Per-step names are read once here: under Vitest (the benches) every use of an imported binding is a getter call.
const { gatedExecute } = outputGate;
const { HALTED, OUT_OF_CREDITS } = records;
const { execute } = execution;
const { monitor } = monitoring;

export function runPipeline(st: MachineState, cid: number): ExecStatus {
  const c = st.coroutines[cid];
  if (c === undefined) return { kind: 'faulted', fault: { kind: 'close_fault', msg: 'unknown coroutine' } };
  const s = c.status;
  if (s.kind === 'done') return HALTED;
  if (s.kind === 'faulted') return { kind: 'faulted', fault: s.fault };
  const program = st.programs[c.programId];
  if (program === undefined) return st.fault(c, { kind: 'close_fault', msg: 'unknown program' });
  const instr = program.code[c.pc];
  if (instr === undefined) return st.fault(c, { kind: 'close_fault', msg: 'pc out of range' });
  st.monEndpoint = null;
  if (st.config.monitorMode === 'session_type_precheck') {
    const m = monitor(st, c, instr);
    if (m !== null) return st.fault(c, m);
  }
  const cost = st.config.instructionCost;
  if (cost > c.budget) return st.fault(c, OUT_OF_CREDITS);
  c.budget -= cost;
  if (!st.gateRejects) return execute(st, c, instr);
  return gatedExecute(st, c, instr);
}

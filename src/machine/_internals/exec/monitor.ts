/** The monitor precheck (machine.md §6 stage 4, `session_type_precheck`). */
import type { Fault, Instruction } from '../../../types/machine.js';
import * as sessionType from '../../sessionType.js';
import type { Coroutine } from '../records.js';
import * as records from '../records.js';
import type { MachineState } from '../state.js';

// Per-step names are read once here: under Vitest (the benches) every use of an imported binding is a getter call.
const { unfold } = sessionType;
const { specFault } = records;

/** `null` = pass. Leaves the channel's unfolded type in `st.monUnfolded` for the instruction. */
export function monitor(st: MachineState, c: Coroutine, instr: Instruction): Fault | null {
  let wantSend: boolean;
  switch (instr.op) {
    case 'Choose': {
      const t = instr.table;
      for (let i = 1; i < t.length; i++) {
        const label = t[i]?.[0];
        for (let j = 0; j < i; j++) if (t[j]?.[0] === label) return specFault('[monitor] structural precheck failed');
      }
      wantSend = false;
      break;
    }
    case 'Open':
      return instr.roles.length !== instr.dsts.length ? specFault('[monitor] structural precheck failed') : null;
    case 'Send':
    case 'Offer':
      wantSend = true;
      break;
    case 'Receive':
      wantSend = false;
      break;
    default:
      return null;
  }
  const v = c.regs[instr.chan];
  if (v === undefined || v.kind !== 'chan') return specFault('[monitor] missing channel endpoint');
  const t = st.typeOf(v.endpoint);
  if (t === undefined) return specFault('[monitor] no type registered');
  const u = unfold(t);
  st.monEndpoint = v.endpoint;
  st.monUnfolded = u;
  if (wantSend) {
    if (u.kind !== 'send' && u.kind !== 'select') return specFault('[monitor] expected Send state');
  } else if (u.kind !== 'recv' && u.kind !== 'branch') return specFault('[monitor] expected Recv state');
  return null;
}

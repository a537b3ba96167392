/**
 * Stage 6 of the step pipeline: the instruction itself (machine.md §5), one function per
 * instruction family. A new family gets its own file and one line here.
 */
import type { ExecStatus, Instruction } from '../../../types/machine.js';
import type { Coroutine } from '../records.js';
import type { MachineState } from '../state.js';
import * as choice from './choice.js';
import * as communication from './communication.js';
import * as control from './control.js';
import * as effects from './effects.js';
import * as guards from './guards.js';
import * as knowledge from './knowledge.js';
import * as ownership from './ownership.js';
import * as registers from './registers.js';
import * as session from './session.js';
import * as speculation from './speculation.js';

// Per-step names are read once here: under Vitest (the benches) every use of an imported binding is a getter call.
const { execChoose, execOffer } = choice;
const { execReceive, execSend } = communication;
const { execHalt, execJump, execSpawn, execYield } = control;
const { execInvoke } = effects;
const { execGuard } = guards;
const { execKnowledge } = knowledge;
const { execTransfer } = ownership;
const { execMove, execSet } = registers;
const { execClose, execOpen } = session;
const { execAbort, execFork, execJoin } = speculation;

export function execute(st: MachineState, c: Coroutine, instr: Instruction): ExecStatus {
  // Most frequent first (compiled protocols are Offer/Choose loops): the switch tests cases in order.
  switch (instr.op) {
    case 'Offer':
      return execOffer(st, c, instr);
    case 'Choose':
      return execChoose(st, c, instr);
    case 'Invoke':
      return execInvoke(st, c, instr);
    case 'Jump':
      return execJump(c, instr);
    case 'Halt':
      return execHalt(st, c);
    case 'Send':
      return execSend(st, c, instr);
    case 'Receive':
      return execReceive(st, c, instr);
    case 'Set':
      return execSet(st, c, instr);
    case 'Move':
      return execMove(st, c, instr);
    case 'Close':
      return execClose(st, c, instr);
    case 'Yield':
      return execYield(c);
    case 'Spawn':
      return execSpawn(st, c, instr);
    case 'Open':
      return execOpen(st, c, instr);
    case 'Fork':
      return execFork(st, c, instr.ghost);
    case 'Join':
      return execJoin(st, c);
    case 'Abort':
      return execAbort(st, c);
    case 'Acquire':
    case 'Release':
      return execGuard(st, c, instr);
    case 'Transfer':
      return execTransfer(st, c, instr);
    case 'Tag':
    case 'Check':
      return execKnowledge(st, c, instr);
  }
}

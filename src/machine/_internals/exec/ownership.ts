/**
 * Endpoint ownership transfer: `Transfer` (machine.md §5.8; Lean `ExecOwnership.lean`). The
 * endpoint, with the progress tokens and knowledge facts bound to it, moves to the coroutine whose
 * id the target register holds (none: the endpoint is released); the bundle register is not read.
 */
import type { Endpoint, ExecStatus } from '../../../types/machine.js';
import { valTypeOf } from '../../values.js';
import type { Coroutine } from '../records.js';
import { CHAN_ANY, OUT_OF_REGISTERS } from '../records.js';
import type { MachineState } from '../state.js';
import type { Instr } from './operands.js';

const same = (a: Endpoint, b: Endpoint): boolean => a.sid === b.sid && a.role === b.role;

/** Removes the items bound to `ep` from `xs` (in place) and returns them, in order. */
function takeBound<T extends { readonly endpoint: Endpoint }>(xs: T[], ep: Endpoint): T[] {
  const moved = xs.filter((x) => same(x.endpoint, ep));
  const kept = xs.filter((x) => !same(x.endpoint, ep));
  xs.length = 0;
  xs.push(...kept);
  return moved;
}

export function execTransfer(st: MachineState, c: Coroutine, instr: Instr<'Transfer'>): ExecStatus {
  const e = c.regs[instr.endpoint];
  if (e === undefined) return st.fault(c, OUT_OF_REGISTERS);
  if (e.kind !== 'chan') return st.fault(c, { kind: 'type_violation', expected: CHAN_ANY, actual: valTypeOf(e) });
  const t = c.regs[instr.target];
  if (t === undefined) return st.fault(c, OUT_OF_REGISTERS);
  if (t.kind !== 'nat') return st.fault(c, { kind: 'transfer_fault', msg: 'bad transfer target' });
  const ep = e.endpoint;
  const at = c.owned.findIndex((o) => same(o, ep));
  if (at < 0) return st.fault(c, { kind: 'transfer_fault', msg: 'endpoint not owned' });
  const tid = t.value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(t.value) : Number.MAX_SAFE_INTEGER;
  const tokens = takeBound(c.progressTokens, ep);
  const facts = takeBound(c.knowledge, ep);
  c.owned.splice(at, 1);
  for (let i = c.owned.findIndex((o) => same(o, ep)); i >= 0; i = c.owned.findIndex((o) => same(o, ep)))
    c.owned.splice(i, 1);
  // The target gets them only if it exists; a self-transfer ends with the endpoint released, as in
  // Lean (the step's coroutine record is written back over the target's update).
  const target = tid === c.id ? undefined : st.coroutines[tid];
  if (target !== undefined) {
    target.owned.unshift(ep);
    target.progressTokens.unshift(...tokens);
    target.knowledge.unshift(...facts);
  }
  c.pc += 1;
  if (st.recording) st.events.tier2({ tick: st.clock, kind: 'transferred', endpoint: ep, from: c.id, to: tid });
  return { kind: 'transferred', endpoint: ep, target: tid };
}

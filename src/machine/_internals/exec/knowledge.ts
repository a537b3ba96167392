/**
 * Knowledge facts: `Tag`, `Check` (machine.md §5.8; Lean `ExecOwnership.lean`). A fact is
 * `prod (chan ep) (string s)`; `Check` writes `flow policy allows it ∧ the fact was tagged`.
 */
import type { ExecStatus, Value } from '../../../types/machine.js';
import type { FlowPolicy, FlowPredicate, KnowledgeFact } from '../../../types/machineTier2.js';
import type { ValType } from '../../../types/session.js';
import { valTypeOf } from '../../values.js';
import type { Coroutine } from '../records.js';
import { CHAN_ANY, CONTINUE, OUT_OF_REGISTERS } from '../records.js';
import type { MachineState } from '../state.js';
import type { Instr } from './operands.js';

const FACT_TYPE: ValType = Object.freeze({ kind: 'prod', left: CHAN_ANY, right: { kind: 'string' as const } });

/** The fact a register holds, or `null` when it is not `prod (chan ep) (string s)`. */
function factOf(v: Value): KnowledgeFact | null {
  return v.kind === 'prod' && v.left.kind === 'chan' && v.right.kind === 'string'
    ? { endpoint: v.left.endpoint, payload: v.right.value }
    : null;
}

/** Lean `FlowPredicate.eval` (its fuel always suffices). */
function evalPredicate(p: FlowPredicate, fact: KnowledgeFact, target: string): boolean {
  switch (p.kind) {
    case 'target_role_prefix':
      return target.startsWith(p.prefix);
    case 'fact_contains':
      return p.fragment === '' || fact.payload.includes(p.fragment);
    case 'endpoint_role_matches_target':
      return fact.endpoint.role === target;
    case 'all':
      return p.predicates.every((q) => evalPredicate(q, fact, target));
    case 'any':
      return p.predicates.some((q) => evalPredicate(q, fact, target));
  }
}

/** Lean `FlowPolicy.allowsKnowledge`. */
function allows(policy: FlowPolicy, fact: KnowledgeFact, target: string): boolean {
  if (policy === 'allow_all') return true;
  if (policy === 'deny_all') return false;
  switch (policy.kind) {
    case 'allow_roles':
      return policy.roles.includes(target);
    case 'deny_roles':
      return !policy.roles.includes(target);
    case 'predicate':
      return evalPredicate(policy.predicate, fact, target);
  }
}

export function execKnowledge(st: MachineState, c: Coroutine, instr: Instr<'Tag' | 'Check'>): ExecStatus {
  const v = c.regs[instr.op === 'Tag' ? instr.fact : instr.knowledge];
  if (v === undefined) return st.fault(c, OUT_OF_REGISTERS);
  const fact = factOf(v);
  if (fact === null) return st.fault(c, { kind: 'type_violation', expected: FACT_TYPE, actual: valTypeOf(v) });
  if (instr.dst >= c.regs.length) return st.fault(c, OUT_OF_REGISTERS);
  if (instr.op === 'Tag') {
    c.regs[instr.dst] = { kind: 'bool', value: true };
    c.knowledge.unshift(fact);
    c.pc += 1;
    if (st.recording) st.events.tier2({ tick: st.clock, kind: 'tagged', fact });
    return CONTINUE;
  }
  const t = c.regs[instr.target];
  const target = t?.kind === 'string' ? t.value : '';
  const known = c.knowledge.some(
    (k) => k.payload === fact.payload && k.endpoint.sid === fact.endpoint.sid && k.endpoint.role === fact.endpoint.role,
  );
  const permitted = allows(st.config.flowPolicy, fact, target) && known;
  c.regs[instr.dst] = { kind: 'bool', value: permitted };
  c.pc += 1;
  if (st.recording) st.events.tier2({ tick: st.clock, kind: 'checked', target, permitted });
  return CONTINUE;
}

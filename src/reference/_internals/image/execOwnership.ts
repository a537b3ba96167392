/**
 * Ownership and knowledge instructions, after Lean's `Semantics/ExecOwnership.lean`: `Transfer`
 * moves an owned endpoint (with the progress tokens and knowledge facts bound to it) to the
 * coroutine whose id the target register holds; `Tag` records a fact `(endpoint, string)`;
 * `Check` asks whether a fact is known and may flow to a role (the flow policy).
 */
import type { Endpoint } from '../../../types/machine.js';
import type { FlowPolicy, FlowPredicate, KnowledgeFact } from '../../../types/machineTier2.js';
import { advancePc, continuePack, faultPack, mkRes, owns, pack, readReg, setReg } from './helpers.js';
import type { Coro, PMState, StepPack } from './state.js';
import {
  ANY_CHAN,
  OUT_OF_REGISTERS,
  sameEndpoint,
  sameFact,
  transferFault,
  typeViolation,
  valTypeOf,
} from './values.js';

/** `transferCommit`: the target (if it exists) gains the endpoint, its tokens and facts. */
function transferCommit(st: PMState, coro: Coro, ep: Endpoint, tid: number): StepPack {
  const boundTo = <T extends { readonly endpoint: Endpoint }>(xs: readonly T[]): readonly [T[], T[]] => [
    xs.filter((x) => sameEndpoint(x.endpoint, ep)),
    xs.filter((x) => !sameEndpoint(x.endpoint, ep)),
  ];
  const [movedTokens, keptTokens] = boundTo(coro.progressTokens);
  const [movedFacts, keptFacts] = boundTo(coro.knowledgeSet);
  let coroutines: readonly Coro[] = st.coroutines;
  const target = st.coroutines[tid];
  if (target !== undefined) {
    const next = st.coroutines.slice();
    coroutines = next;
    next[tid] = {
      ...target,
      ownedEndpoints: [ep, ...target.ownedEndpoints],
      progressTokens: [...movedTokens, ...target.progressTokens],
      knowledgeSet: [...movedFacts, ...target.knowledgeSet],
    };
  }
  const c = advancePc({
    ...coro,
    ownedEndpoints: coro.ownedEndpoints.filter((e) => !sameEndpoint(e, ep)),
    progressTokens: keptTokens,
    knowledgeSet: keptFacts,
  });
  return pack(
    c,
    { ...st, coroutines },
    mkRes(
      { kind: 'transferred', endpoint: ep, target: tid },
      { obs: { tick: st.clock, kind: 'transferred', endpoint: ep, from: coro.id, to: tid } },
    ),
  );
}

/** `stepTransfer` (the bundle register is not read). */
export function stepTransfer(st: PMState, coro: Coro, endpointReg: number, targetReg: number): StepPack {
  const e = readReg(coro.regs, endpointReg);
  if (e === undefined) return faultPack(st, coro, OUT_OF_REGISTERS);
  if (e.kind !== 'chan') return faultPack(st, coro, typeViolation(ANY_CHAN, valTypeOf(e)));
  const t = readReg(coro.regs, targetReg);
  if (t === undefined) return faultPack(st, coro, OUT_OF_REGISTERS);
  if (t.kind !== 'nat') return faultPack(st, coro, transferFault('bad transfer target'));
  if (!owns(coro, e.endpoint)) return faultPack(st, coro, transferFault('endpoint not owned'));
  // A target id past every coroutine (or past 2^53) names no coroutine: the endpoint is released.
  const tid = t.value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(t.value) : Number.MAX_SAFE_INTEGER;
  return transferCommit(st, coro, e.endpoint, tid);
}

const FACT_TYPE = { kind: 'prod', left: ANY_CHAN, right: { kind: 'string' } } as const;

/** `stepTag`: the fact register must hold `prod (chan ep) (string s)`; writes `true` to `dst`. */
export function stepTag(st: PMState, coro: Coro, factReg: number, dst: number): StepPack {
  const v = readReg(coro.regs, factReg);
  if (v === undefined) return faultPack(st, coro, OUT_OF_REGISTERS);
  if (v.kind !== 'prod' || v.left.kind !== 'chan' || v.right.kind !== 'string')
    return faultPack(st, coro, typeViolation(FACT_TYPE, valTypeOf(v)));
  const regs = setReg(coro.regs, dst, { kind: 'bool', value: true });
  if (regs === null) return faultPack(st, coro, OUT_OF_REGISTERS);
  const fact: KnowledgeFact = { endpoint: v.left.endpoint, payload: v.right.value };
  return continuePack(
    st,
    { ...coro, regs, knowledgeSet: [fact, ...coro.knowledgeSet] },
    {
      obs: { tick: st.clock, kind: 'tagged', fact },
    },
  );
}

function stringContains(text: string, fragment: string): boolean {
  return fragment === '' || text.includes(fragment);
}

/** `FlowPredicate.eval` (the fuel Lean gives it always suffices). */
function evalPredicate(p: FlowPredicate, fact: KnowledgeFact, target: string): boolean {
  switch (p.kind) {
    case 'target_role_prefix':
      return target.startsWith(p.prefix);
    case 'fact_contains':
      return stringContains(fact.payload, p.fragment);
    case 'endpoint_role_matches_target':
      return fact.endpoint.role === target;
    case 'all':
      return p.predicates.every((q) => evalPredicate(q, fact, target));
    case 'any':
      return p.predicates.some((q) => evalPredicate(q, fact, target));
  }
}

/** `FlowPolicy.allowsKnowledge`. */
export function allowsKnowledge(policy: FlowPolicy, fact: KnowledgeFact, target: string): boolean {
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

/**
 * `stepCheck`: `permitted = policy allows ∧ fact known`; the target role is the string in the
 * target register, or `""` when it holds anything else (or does not exist).
 */
export function stepCheck(st: PMState, coro: Coro, knowledgeReg: number, targetReg: number, dst: number): StepPack {
  const v = readReg(coro.regs, knowledgeReg);
  if (v === undefined) return faultPack(st, coro, OUT_OF_REGISTERS);
  if (v.kind !== 'prod' || v.left.kind !== 'chan' || v.right.kind !== 'string')
    return faultPack(st, coro, typeViolation(FACT_TYPE, valTypeOf(v)));
  const fact: KnowledgeFact = { endpoint: v.left.endpoint, payload: v.right.value };
  const t = readReg(coro.regs, targetReg);
  const target = t?.kind === 'string' ? t.value : '';
  const permitted =
    allowsKnowledge(st.config.flowPolicy, fact, target) && coro.knowledgeSet.some((k) => sameFact(k, fact));
  const regs = setReg(coro.regs, dst, { kind: 'bool', value: permitted });
  if (regs === null) return faultPack(st, coro, OUT_OF_REGISTERS);
  return continuePack(st, { ...coro, regs }, { obs: { tick: st.clock, kind: 'checked', target, permitted } });
}

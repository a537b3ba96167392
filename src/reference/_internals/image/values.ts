/**
 * Values, value types, Lean `repr` text and fault tags for the image executor, written from the
 * Lean definitions (`Protocol/Values.lean`, `ExecHelpers.valTypeOf`, `concreteFaultTag`) and kept
 * apart from src/machine so that the two executions share no code.
 */
import { leanQuote } from '../../../projection/leanQuote.js';
import type { Edge, Endpoint, Fault, ProgressToken, Value } from '../../../types/machine.js';
import type { KnowledgeFact } from '../../../types/machineTier2.js';
import type { ValType } from '../../../types/session.js';

export const UNIT_VALUE: Value = { kind: 'unit' };

/** Lean `valTypeOf`. */
export function valTypeOf(v: Value): ValType {
  switch (v.kind) {
    case 'unit':
    case 'bool':
    case 'nat':
    case 'string':
      return { kind: v.kind };
    case 'prod':
      return { kind: 'prod', left: valTypeOf(v.left), right: valTypeOf(v.right) };
    case 'chan':
      return { kind: 'chan', sid: v.endpoint.sid, role: v.endpoint.role };
  }
}

/** Derived `DecidableEq ValType`. */
export function sameValType(a: ValType, b: ValType): boolean {
  if (a.kind === 'prod') return b.kind === 'prod' && sameValType(a.left, b.left) && sameValType(a.right, b.right);
  if (a.kind === 'chan') return b.kind === 'chan' && a.sid === b.sid && a.role === b.role;
  return a.kind === b.kind;
}

export function sameEndpoint(a: Endpoint, b: Endpoint): boolean {
  return a.sid === b.sid && a.role === b.role;
}

export function sameEdge(a: Edge, b: Edge): boolean {
  return a.sid === b.sid && a.sender === b.sender && a.receiver === b.receiver;
}

export function sameToken(a: ProgressToken, b: ProgressToken): boolean {
  return a.sid === b.sid && sameEndpoint(a.endpoint, b.endpoint);
}

export function sameFact(a: KnowledgeFact, b: KnowledgeFact): boolean {
  return sameEndpoint(a.endpoint, b.endpoint) && a.payload === b.payload;
}

const paren = (s: string, prec: number): string => (prec > 0 ? `(${s})` : s);

/** Lean derived `Repr ValType` (`reprStr`, machine.md §8.1). */
export function reprValType(t: ValType, prec = 0): string {
  switch (t.kind) {
    case 'prod':
      return paren(`ValType.prod ${reprValType(t.left, 1)} ${reprValType(t.right, 1)}`, prec);
    case 'chan':
      return paren(`ValType.chan ${t.sid} ${leanQuote(t.role)}`, prec);
    default:
      return `ValType.${t.kind}`;
  }
}

/** Lean derived `Repr Value` (`reprStr`, machine.md §5.0); endpoints print as structure instances. */
export function reprValue(v: Value, prec = 0): string {
  switch (v.kind) {
    case 'unit':
      return 'Value.unit';
    case 'bool':
      return paren(`Value.bool ${String(v.value)}`, prec);
    case 'nat':
      return paren(`Value.nat ${v.value.toString()}`, prec);
    case 'string':
      return paren(`Value.string ${leanQuote(v.value)}`, prec);
    case 'prod':
      return paren(`Value.prod ${reprValue(v.left, 1)} ${reprValue(v.right, 1)}`, prec);
    case 'chan':
      return paren(`Value.chan { sid := ${v.endpoint.sid}, role := ${leanQuote(v.endpoint.role)} }`, prec);
  }
}

/** Lean `String.length`: Unicode scalar values, not UTF-16 units. */
export function leanLength(s: string): number {
  let n = 0;
  for (const _ of s) n += 1;
  return n;
}

/** Lean `concreteFaultTag` (the `reason` of `faulted` events). */
export function faultTagOf(f: Fault): string {
  switch (f.kind) {
    case 'type_violation':
      return `type_violation:${reprValType(f.expected)}->${reprValType(f.actual)}`;
    case 'unknown_label':
      return `unknown_label:${f.label}`;
    case 'channel_closed':
      return `channel_closed:${f.endpoint.role}`;
    case 'invalid_signature':
      return `invalid_signature:${f.edge.sender}->${f.edge.receiver}`;
    case 'no_progress_token':
      return `no_progress_token:${f.edge.sender}->${f.edge.receiver}`;
    case 'acquire_fault':
    case 'invoke_fault':
    case 'transfer_fault':
    case 'close_fault':
    case 'spec_fault':
    case 'flow_violation':
      return `${f.kind}:${f.msg}`;
    case 'out_of_credits':
    case 'out_of_registers':
      return f.kind;
  }
}

/** The Lean/bridge JSON of a value (`valueToJson`); a Nat past 2^53 stays a `bigint`. */
export function valueJson(v: Value): unknown {
  switch (v.kind) {
    case 'unit':
      return { kind: 'unit' };
    case 'bool':
      return { kind: 'bool', value: v.value };
    case 'nat':
      return { kind: 'nat', value: v.value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v.value) : v.value };
    case 'string':
      return { kind: 'string', value: v.value };
    case 'prod':
      return { kind: 'prod', left: valueJson(v.left), right: valueJson(v.right) };
    case 'chan':
      return { kind: 'chan', session: v.endpoint.sid, role: v.endpoint.role };
  }
}

// Fault constructors with Lean's spellings.
export const OUT_OF_REGISTERS: Fault = { kind: 'out_of_registers' };
export const OUT_OF_CREDITS: Fault = { kind: 'out_of_credits' };
export const specFault = (msg: string): Fault => ({ kind: 'spec_fault', msg });
export const closeFault = (msg: string): Fault => ({ kind: 'close_fault', msg });
export const transferFault = (msg: string): Fault => ({ kind: 'transfer_fault', msg });
export const flowViolation = (msg: string): Fault => ({ kind: 'flow_violation', msg });
/** Lean `acquireFault "guard-layer" msg`: the namespace is the literal `guard-layer`. */
export const acquireFault = (msg: string): Fault => ({ kind: 'acquire_fault', layer: 'guard-layer', msg });
export const typeViolation = (expected: ValType, actual: ValType): Fault => ({
  kind: 'type_violation',
  expected,
  actual,
});
/** `ValType.chan 0 ""`: the expected type of every endpoint operand. */
export const ANY_CHAN: ValType = { kind: 'chan', sid: 0, role: '' };

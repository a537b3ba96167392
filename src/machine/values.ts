/**
 * Runtime values: the two JSON encodings of machine.md §2.1, value types and Lean `repr` text.
 */

import type { BridgeError } from '../types/errors.js';
import type { Result } from '../types/result.js';
import { err, ok } from '../types/result.js';
import { pathIndex, pathKey } from '../types/errors.js';
import type { ValType } from '../types/session.js';
import type { Endpoint, Value } from '../types/machine.js';
import { leanQuote } from '../projection/leanQuote.js';
import { isRecord } from './_internals/json.js';

const U64_MAX = (1n << 64n) - 1n;

/** Which JSON encoding of values (machine.md §2.1): Rust serde or Lean/bridge. @example `encodeValue(v, 'lean')` @public */
export type ValueEncoding = 'rust' | 'lean';

/**
 * A JSON integer as it may arrive: a JS number, a `bigint`, or a lossless-json `LosslessNumber`
 * (anything with `isLosslessNumber: true` and a string `value`), so Nats above 2^53 survive.
 */
function jsonInteger(raw: unknown): bigint | undefined {
  if (typeof raw === 'bigint') return raw;
  if (typeof raw === 'number') return Number.isSafeInteger(raw) ? BigInt(raw) : undefined;
  if (typeof raw === 'object' && raw !== null && 'isLosslessNumber' in raw && raw.isLosslessNumber === true) {
    const text = 'value' in raw ? raw.value : undefined;
    if (typeof text === 'string' && /^-?\d+$/.test(text)) return BigInt(text);
  }
  return undefined;
}

/** Reads a non-negative safe integer (ids, registers, pcs) from JSON. @example `jsonIndex(3) // 3` @internal */
export function jsonIndex(raw: unknown, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const n = jsonInteger(raw);
  if (n === undefined || n < 0n || n > BigInt(max)) return undefined;
  return Number(n);
}

function bad(path: string, message: string): { readonly ok: false; readonly error: BridgeError } {
  return err({ code: 'InvalidValue', path, message });
}

function decodeNat(raw: unknown, path: string): Result<bigint, BridgeError> {
  const n = jsonInteger(raw);
  if (n === undefined || n < 0n || n > U64_MAX) {
    return bad(path, 'a Nat must be an integer in [0, 2^64 - 1]; parse large numbers losslessly (lossless-json)');
  }
  return ok(n);
}

function decodeEndpoint(raw: unknown, path: string, sidKey: 'sid' | 'session'): Result<Endpoint, BridgeError> {
  if (!isRecord(raw)) return bad(path, `expected an endpoint object {"${sidKey}":N,"role":"R"}`);
  const sid = jsonIndex(raw[sidKey]);
  if (sid === undefined) return bad(pathKey(path, sidKey), 'a session id must be a non-negative integer');
  if (typeof raw['role'] !== 'string') return bad(pathKey(path, 'role'), 'a role must be a string');
  return ok({ sid, role: raw['role'] });
}

/**
 * Decodes a value from either JSON encoding (machine.md §2.1). Nat payloads are range checked
 * (`[0, 2^64 - 1]`); pass JSON parsed with lossless-json to keep Nats above 2^53.
 * @param raw - A parsed JSON value.
 * @param encoding - `'rust'` (`{"Nat":5}`) or `'lean'` (`{"kind":"nat","value":5}`).
 * @param path - JSON path used in errors.
 * @example
 * ```ts
 * decodeValue({ Nat: 5 }, 'rust'); // { ok: true, value: { kind: 'nat', value: 5n } }
 * ```
 * @public
 */
export function decodeValue(raw: unknown, encoding: ValueEncoding, path = '$'): Result<Value, BridgeError> {
  return encoding === 'rust' ? decodeRust(raw, path) : decodeLean(raw, path);
}

function decodeRust(raw: unknown, path: string): Result<Value, BridgeError> {
  if (raw === 'Unit') return ok(UNIT);
  if (!isRecord(raw)) return bad(path, 'expected "Unit" or a one-key object such as {"Nat":5}');
  const keys = Object.keys(raw);
  if (keys.length !== 1) return bad(path, 'a Rust value must have exactly one tag key');
  const tag = keys[0] ?? '';
  const body = raw[tag];
  const p = pathKey(path, tag);
  switch (tag) {
    case 'Nat': {
      const n = decodeNat(body, p);
      return n.ok ? ok({ kind: 'nat', value: n.value }) : n;
    }
    case 'Bool':
      return typeof body === 'boolean' ? ok({ kind: 'bool', value: body }) : bad(p, 'Bool needs true or false');
    case 'Str':
      return typeof body === 'string' ? ok({ kind: 'string', value: body }) : bad(p, 'Str needs a string');
    case 'Prod': {
      if (!Array.isArray(body) || body.length !== 2) return bad(p, 'Prod needs an array of two values');
      const l = decodeRust(body[0], pathIndex(p, 0));
      if (!l.ok) return l;
      const r = decodeRust(body[1], pathIndex(p, 1));
      if (!r.ok) return r;
      return ok({ kind: 'prod', left: l.value, right: r.value });
    }
    case 'Endpoint': {
      const ep = decodeEndpoint(body, p, 'sid');
      return ep.ok ? ok({ kind: 'chan', endpoint: ep.value }) : ep;
    }
    default:
      return bad(path, `unknown value tag '${tag}'; expected Unit, Nat, Bool, Str, Prod or Endpoint`);
  }
}

function decodeLean(raw: unknown, path: string): Result<Value, BridgeError> {
  if (!isRecord(raw)) return bad(path, 'expected a value object with a "kind"');
  const kind = raw['kind'];
  switch (kind) {
    case 'unit':
      return ok(UNIT);
    case 'bool':
      return typeof raw['value'] === 'boolean'
        ? ok({ kind: 'bool', value: raw['value'] })
        : bad(pathKey(path, 'value'), 'bool needs true or false');
    case 'nat': {
      const n = decodeNat(raw['value'], pathKey(path, 'value'));
      return n.ok ? ok({ kind: 'nat', value: n.value }) : n;
    }
    case 'string':
      return typeof raw['value'] === 'string'
        ? ok({ kind: 'string', value: raw['value'] })
        : bad(pathKey(path, 'value'), 'string needs a string value');
    case 'prod': {
      const l = decodeLean(raw['left'], pathKey(path, 'left'));
      if (!l.ok) return l;
      const r = decodeLean(raw['right'], pathKey(path, 'right'));
      if (!r.ok) return r;
      return ok({ kind: 'prod', left: l.value, right: r.value });
    }
    case 'chan': {
      const ep = decodeEndpoint(raw, path, 'session');
      return ep.ok ? ok({ kind: 'chan', endpoint: ep.value }) : ep;
    }
    default:
      return bad(pathKey(path, 'kind'), `unknown value kind ${JSON.stringify(kind)}`);
  }
}

/**
 * Encodes a value in one JSON encoding (machine.md §2.1). Nat payloads become JS numbers when
 * safe and `bigint` otherwise (serialise those with lossless-json).
 * @example
 * ```ts
 * encodeValue({ kind: 'string', value: 'ping' }, 'lean'); // { kind: 'string', value: 'ping' }
 * ```
 * @public
 */
export function encodeValue(v: Value, encoding: ValueEncoding): unknown {
  if (encoding === 'rust') {
    switch (v.kind) {
      case 'unit':
        return 'Unit';
      case 'bool':
        return { Bool: v.value };
      case 'nat':
        return { Nat: natJson(v.value) };
      case 'string':
        return { Str: v.value };
      case 'prod':
        return { Prod: [encodeValue(v.left, 'rust'), encodeValue(v.right, 'rust')] };
      case 'chan':
        return { Endpoint: { sid: v.endpoint.sid, role: v.endpoint.role } };
    }
  }
  switch (v.kind) {
    case 'unit':
      return { kind: 'unit' };
    case 'bool':
      return { kind: 'bool', value: v.value };
    case 'nat':
      return { kind: 'nat', value: natJson(v.value) };
    case 'string':
      return { kind: 'string', value: v.value };
    case 'prod':
      return { kind: 'prod', left: encodeValue(v.left, 'lean'), right: encodeValue(v.right, 'lean') };
    case 'chan':
      return { kind: 'chan', session: v.endpoint.sid, role: v.endpoint.role };
  }
}

function natJson(n: bigint): number | bigint {
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

/** The unit value (shared; values are immutable). @example `{ op: 'Set', dst: 1, val: UNIT }` @public */
export const UNIT: Value = Object.freeze({ kind: 'unit' });

/**
 * Value type of a value (Lean `valTypeOf`, machine.md §2.1).
 * @example `valTypeOf({ kind: 'nat', value: 1n }) // { kind: 'nat' }`
 * @public
 */
export function valTypeOf(v: Value): ValType {
  switch (v.kind) {
    case 'unit':
      return VT_UNIT;
    case 'bool':
      return VT_BOOL;
    case 'nat':
      return VT_NAT;
    case 'string':
      return VT_STRING;
    case 'prod':
      return { kind: 'prod', left: valTypeOf(v.left), right: valTypeOf(v.right) };
    case 'chan':
      return { kind: 'chan', sid: v.endpoint.sid, role: v.endpoint.role };
  }
}

const VT_UNIT: ValType = Object.freeze({ kind: 'unit' });
const VT_BOOL: ValType = Object.freeze({ kind: 'bool' });
const VT_NAT: ValType = Object.freeze({ kind: 'nat' });
const VT_STRING: ValType = Object.freeze({ kind: 'string' });

/**
 * Structural equality of value types (`chan` compares sid and role).
 * @example `valTypeEquals({ kind: 'nat' }, { kind: 'nat' }) // true`
 * @public
 */
export function valTypeEquals(a0: ValType, b0: ValType): boolean {
  // A work list, not recursion: products nest without bound in a code image.
  const work: ValType[] = [a0, b0];
  while (work.length > 0) {
    // Pushed in pairs: b on top of a.
    const b = work.pop() as ValType;
    const a = work.pop() as ValType;
    if (a === b) continue;
    if (a.kind !== b.kind) return false;
    if (a.kind === 'prod' && b.kind === 'prod') work.push(a.left, b.left, a.right, b.right);
    else if (a.kind === 'chan' && b.kind === 'chan' && (a.sid !== b.sid || a.role !== b.role)) return false;
  }
  return true;
}

/** Structural equality of values. @example `valueEquals(UNIT, UNIT) // true` @public */
export function valueEquals(a: Value, b: Value): boolean {
  switch (a.kind) {
    case 'unit':
      return b.kind === 'unit';
    case 'bool':
    case 'nat':
    case 'string':
      return b.kind === a.kind && b.value === a.value;
    case 'prod':
      return b.kind === 'prod' && valueEquals(a.left, b.left) && valueEquals(a.right, b.right);
    case 'chan':
      return b.kind === 'chan' && a.endpoint.sid === b.endpoint.sid && a.endpoint.role === b.endpoint.role;
  }
}

export { leanQuote };

/**
 * Lean derived `Repr` of a value type (machine.md §8.1, uncertain §17): `ValType.nat`,
 * `ValType.prod ValType.nat ValType.unit`, `ValType.chan 0 ""`. `prec > 0` parenthesises applications.
 * @example `reprValType({ kind: 'chan', sid: 0, role: '' }) // 'ValType.chan 0 ""'`
 * @public
 */
export function reprValType(t: ValType, prec = 0): string {
  switch (t.kind) {
    case 'unit':
    case 'bool':
    case 'nat':
    case 'string':
      return `ValType.${t.kind}`;
    case 'prod':
      return paren(`ValType.prod ${reprValType(t.left, 1)} ${reprValType(t.right, 1)}`, prec);
    case 'chan':
      return paren(`ValType.chan ${t.sid} ${leanQuote(t.role)}`, prec);
  }
}

/**
 * Lean derived `Repr` of a value (machine.md §5.0): `Value.nat 5`, `Value.string "ping"`,
 * `Value.prod (Value.nat 1) Value.unit`, `Value.chan { sid := 0, role := "A" }`.
 * Its length is the payload size of the size check.
 * @example `reprValue({ kind: 'bool', value: true }) // 'Value.bool true'`
 * @public
 */
export function reprValue(v: Value, prec = 0): string {
  switch (v.kind) {
    case 'unit':
      return 'Value.unit';
    case 'bool':
      return paren(`Value.bool ${v.value}`, prec);
    case 'nat':
      return paren(`Value.nat ${v.value}`, prec);
    case 'string':
      return paren(`Value.string ${leanQuote(v.value)}`, prec);
    case 'prod':
      return paren(`Value.prod ${reprValue(v.left, 1)} ${reprValue(v.right, 1)}`, prec);
    case 'chan':
      return paren(`Value.chan { sid := ${v.endpoint.sid}, role := ${leanQuote(v.endpoint.role)} }`, prec);
  }
}

function paren(s: string, prec: number): string {
  return prec > 0 ? `(${s})` : s;
}

/** Instruction JSON codec (machine.md §5, Rust serde, externally tagged; unit variants bare strings). */

import type { BridgeError } from '../types/errors.js';
import { pathIndex, pathKey } from '../types/errors.js';
import type { Result } from '../types/result.js';
import { err, ok } from '../types/result.js';
import type { LocalType } from '../types/session.js';
import type { Instruction } from '../types/machine.js';
import { decodeLocalLean } from '../projection/decodeLocalLean.js';
import { encodeLocal } from '../projection/encodeLocal.js';
import { decodeValue, encodeValue, jsonIndex } from './values.js';
import { isRecord } from './_internals/json.js';

const U16 = 65535;

/** Every instruction tag (machine.md §5), in the spec's table order. @example `INSTRUCTION_OPS.length // 21` @public */
export const INSTRUCTION_OPS = [
  'Send',
  'Receive',
  'Offer',
  'Choose',
  'Open',
  'Close',
  'Invoke',
  'Acquire',
  'Release',
  'Fork',
  'Join',
  'Abort',
  'Transfer',
  'Tag',
  'Check',
  'Set',
  'Move',
  'Jump',
  'Spawn',
  'Yield',
  'Halt',
] as const;

/**
 * Encodes an instruction to its Rust serde JSON (machine.md §5). `Set` immediates use the Rust
 * value encoding (MD-36: our model accepts any value).
 * @example `encodeInstruction({ op: 'Jump', target: 0 }) // { Jump: { target: 0 } }`
 * @public
 */
export function encodeInstruction(i: Instruction): unknown {
  switch (i.op) {
    case 'Join':
    case 'Abort':
    case 'Yield':
    case 'Halt':
      return i.op;
    case 'Send':
      return { Send: { chan: i.chan, val: i.val } };
    case 'Receive':
      return { Receive: { chan: i.chan, dst: i.dst } };
    case 'Offer':
      return { Offer: { chan: i.chan, label: i.label } };
    case 'Choose':
      return { Choose: { chan: i.chan, table: i.table.map(([l, pc]) => [l, pc]) } };
    case 'Open':
      return {
        Open: {
          roles: [...i.roles],
          local_types: i.localTypes.map(([r, t]) => [r, encodeLocal(t)]),
          handlers: i.handlers.map(([[s, r], h]) => [[s, r], h]),
          dsts: i.dsts.map(([r, d]) => [r, d]),
        },
      };
    case 'Close':
      return { Close: { session: i.session } };
    case 'Invoke':
      return { Invoke: { action: i.action } };
    case 'Acquire':
      return { Acquire: { layer: i.layer, dst: i.dst } };
    case 'Release':
      return { Release: { layer: i.layer, evidence: i.evidence } };
    case 'Fork':
      return { Fork: { ghost: i.ghost } };
    case 'Transfer':
      return { Transfer: { endpoint: i.endpoint, target: i.target, bundle: i.bundle } };
    case 'Tag':
      return { Tag: { fact: i.fact, dst: i.dst } };
    case 'Check':
      return { Check: { knowledge: i.knowledge, target: i.target, dst: i.dst } };
    case 'Set':
      return { Set: { dst: i.dst, val: encodeValue(i.val, 'rust') } };
    case 'Move':
      return { Move: { dst: i.dst, src: i.src } };
    case 'Jump':
      return { Jump: { target: i.target } };
    case 'Spawn':
      return { Spawn: { target: i.target, args: [...i.args] } };
  }
}

/** A bad operand, thrown from deep inside the decoder and returned as `InvalidInstruction` at its top. */
class Bad extends Error {
  constructor(readonly error: BridgeError) {
    super(error.message);
  }
}

function fail(path: string, message: string): never {
  throw new Bad({ code: 'InvalidInstruction', path, message });
}

function obj(raw: unknown, path: string): Record<string, unknown> {
  if (!isRecord(raw)) fail(path, 'expected an operand object');
  return raw;
}

function reg(o: Record<string, unknown>, key: string, path: string): number {
  const n = jsonIndex(o[key], U16);
  if (n === undefined) fail(pathKey(path, key), `register operand '${key}' must be an integer in 0..65535`);
  return n;
}

function pc(o: Record<string, unknown>, key: string, path: string): number {
  const n = jsonIndex(o[key]);
  if (n === undefined) fail(pathKey(path, key), `'${key}' must be a non-negative integer pc`);
  return n;
}

function str(raw: unknown, path: string): string {
  if (typeof raw !== 'string') fail(path, 'expected a string');
  return raw;
}

function arr(raw: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(raw)) fail(path, 'expected an array');
  return raw;
}

function pair(raw: unknown, path: string): readonly [unknown, unknown] {
  const a = arr(raw, path);
  if (a.length !== 2) fail(path, 'expected a pair [a, b]');
  return [a[0], a[1]];
}

function localType(raw: unknown, path: string): LocalType {
  const r = decodeLocalLean(raw);
  if (!r.ok) fail(path + (r.error.path === '$' ? '' : r.error.path.slice(1)), r.error.message);
  return r.value;
}

/**
 * Decodes one instruction from its Rust serde JSON (machine.md §5). Unknown tags, missing
 * operands and register operands outside `u16` are rejected (`InvalidInstruction`).
 * @example `decodeInstruction({ Offer: { chan: 0, label: 'ping' } }) // ok({ op: 'Offer', chan: 0, label: 'ping' })`
 * @public
 */
export function decodeInstruction(raw: unknown, path = '$'): Result<Instruction, BridgeError> {
  try {
    return ok(decodeOrThrow(raw, path));
  } catch (e) {
    if (e instanceof Bad) return err(e.error);
    throw e;
  }
}

function decodeOrThrow(raw: unknown, path: string): Instruction {
  if (typeof raw === 'string') {
    if (raw === 'Join' || raw === 'Abort' || raw === 'Yield' || raw === 'Halt') return { op: raw };
    fail(path, `unknown instruction ${JSON.stringify(raw)}; expected one of ${INSTRUCTION_OPS.join(', ')}`);
  }
  const o = obj(raw, path);
  const keys = Object.keys(o);
  if (keys.length !== 1) fail(path, 'an instruction must be a bare tag or an object with exactly one tag key');
  const tag = keys[0] ?? '';
  const p = pathKey(path, tag);
  const body = o[tag];
  switch (tag) {
    case 'Send': {
      const b = obj(body, p);
      return { op: 'Send', chan: reg(b, 'chan', p), val: reg(b, 'val', p) };
    }
    case 'Receive': {
      const b = obj(body, p);
      return { op: 'Receive', chan: reg(b, 'chan', p), dst: reg(b, 'dst', p) };
    }
    case 'Offer': {
      const b = obj(body, p);
      return { op: 'Offer', chan: reg(b, 'chan', p), label: str(b['label'], pathKey(p, 'label')) };
    }
    case 'Choose': {
      const b = obj(body, p);
      const tp = pathKey(p, 'table');
      const table = arr(b['table'], tp).map((e, k) => {
        const [l, t] = pair(e, pathIndex(tp, k));
        const target = jsonIndex(t);
        if (target === undefined) fail(pathIndex(pathIndex(tp, k), 1), 'a table pc must be a non-negative integer');
        return [str(l, pathIndex(pathIndex(tp, k), 0)), target] as const;
      });
      return { op: 'Choose', chan: reg(b, 'chan', p), table };
    }
    case 'Open': {
      const b = obj(body, p);
      const rp = pathKey(p, 'roles');
      const roles = arr(b['roles'], rp).map((r, k) => str(r, pathIndex(rp, k)));
      const lp = pathKey(p, 'local_types');
      const localTypes = arr(b['local_types'], lp).map((e, k) => {
        const [r, t] = pair(e, pathIndex(lp, k));
        return [str(r, pathIndex(pathIndex(lp, k), 0)), localType(t, pathIndex(pathIndex(lp, k), 1))] as const;
      });
      const hp = pathKey(p, 'handlers');
      const handlers = arr(b['handlers'], hp).map((e, k) => {
        const [edge, h] = pair(e, pathIndex(hp, k));
        const [s, r] = pair(edge, pathIndex(pathIndex(hp, k), 0));
        const ep = pathIndex(pathIndex(hp, k), 0);
        return [
          [str(s, pathIndex(ep, 0)), str(r, pathIndex(ep, 1))] as const,
          str(h, pathIndex(pathIndex(hp, k), 1)),
        ] as const;
      });
      const dp = pathKey(p, 'dsts');
      const dsts = arr(b['dsts'], dp).map((e, k) => {
        const [r, d] = pair(e, pathIndex(dp, k));
        const dst = jsonIndex(d, U16);
        if (dst === undefined) fail(pathIndex(pathIndex(dp, k), 1), 'a register must be an integer in 0..65535');
        return [str(r, pathIndex(pathIndex(dp, k), 0)), dst] as const;
      });
      return { op: 'Open', roles, localTypes, handlers, dsts };
    }
    case 'Close':
      return { op: 'Close', session: reg(obj(body, p), 'session', p) };
    case 'Invoke': {
      const b = obj(body, p);
      const a = b['action'];
      if (typeof a === 'string') return { op: 'Invoke', action: a };
      return { op: 'Invoke', action: reg(b, 'action', p) };
    }
    case 'Acquire': {
      const b = obj(body, p);
      return { op: 'Acquire', layer: str(b['layer'], pathKey(p, 'layer')), dst: reg(b, 'dst', p) };
    }
    case 'Release': {
      const b = obj(body, p);
      return { op: 'Release', layer: str(b['layer'], pathKey(p, 'layer')), evidence: reg(b, 'evidence', p) };
    }
    case 'Fork':
      return { op: 'Fork', ghost: reg(obj(body, p), 'ghost', p) };
    case 'Transfer': {
      const b = obj(body, p);
      return {
        op: 'Transfer',
        endpoint: reg(b, 'endpoint', p),
        target: reg(b, 'target', p),
        bundle: reg(b, 'bundle', p),
      };
    }
    case 'Tag': {
      const b = obj(body, p);
      return { op: 'Tag', fact: reg(b, 'fact', p), dst: reg(b, 'dst', p) };
    }
    case 'Check': {
      const b = obj(body, p);
      return { op: 'Check', knowledge: reg(b, 'knowledge', p), target: reg(b, 'target', p), dst: reg(b, 'dst', p) };
    }
    case 'Set': {
      const b = obj(body, p);
      const v = decodeValue(b['val'], 'rust', pathKey(p, 'val'));
      if (!v.ok) fail(v.error.path, v.error.message);
      return { op: 'Set', dst: reg(b, 'dst', p), val: v.value };
    }
    case 'Move': {
      const b = obj(body, p);
      return { op: 'Move', dst: reg(b, 'dst', p), src: reg(b, 'src', p) };
    }
    case 'Jump':
      return { op: 'Jump', target: pc(obj(body, p), 'target', p) };
    case 'Spawn': {
      const b = obj(body, p);
      const ap = pathKey(p, 'args');
      const args = arr(b['args'], ap).map((a, k) => {
        const r = jsonIndex(a, U16);
        if (r === undefined) fail(pathIndex(ap, k), 'a register must be an integer in 0..65535');
        return r;
      });
      return { op: 'Spawn', target: pc(b, 'target', p), args };
    }
    default:
      return fail(path, `unknown instruction tag '${tag}'; expected one of ${INSTRUCTION_OPS.join(', ')}`);
  }
}

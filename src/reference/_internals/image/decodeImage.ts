/**
 * Reading code images for the `runCodeImage` operation: values (Rust serde, machine.md §2.1),
 * instructions (Rust serde, §5) and images (the Lean layout of §9.2, or a Rust-shaped image
 * converted by sorting roles and relocating, MD-04). Written for the reference alone, so that a
 * codec bug in src/machine cannot hide in both lanes.
 */
import { compareCodePoints } from '../../../projection/rolesSorted.js';
import { decodeGlobalLean } from '../../../projection/decodeGlobalLean.js';
import { decodeLocalLean } from '../../../projection/decodeLocalLean.js';
import type { BridgeError, BridgeErrorCode } from '../../../types/errors.js';
import type { CodeImage, Instruction, Value } from '../../../types/machine.js';
import type { GlobalType, LocalType } from '../../../types/session.js';
import { toDeBruijn } from './sessionTypes.js';

/** A decode failure: thrown inside this module, returned as a {@link BridgeError} at its edge. */
export class DecodeFailure extends Error {
  constructor(readonly error: BridgeError) {
    super(error.message);
  }
}

export function fail(code: BridgeErrorCode, path: string, message: string): never {
  throw new DecodeFailure({ code, path, message });
}

export const isObject = (raw: unknown): raw is Record<string, unknown> =>
  typeof raw === 'object' && raw !== null && !Array.isArray(raw);

const key = (path: string, k: string): string =>
  /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`;

/** A non-negative safe integer (a `bigint` in range too), or `undefined`. */
export function natOf(raw: unknown, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const n = typeof raw === 'bigint' && raw <= BigInt(max) ? Number(raw) : raw;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 && n <= max ? n : undefined;
}

function bad(path: string, message: string): never {
  return fail('InvalidCodeImage', path, message);
}

function reg(o: Record<string, unknown>, k: string, path: string): number {
  const n = natOf(o[k], 65535);
  return n ?? bad(key(path, k), `register operand '${k}' must be an integer in 0..65535`);
}

function pcOf(raw: unknown, path: string): number {
  return natOf(raw) ?? bad(path, 'a pc must be a non-negative integer');
}

function str(raw: unknown, path: string): string {
  return typeof raw === 'string' ? raw : bad(path, 'expected a string');
}

function list(raw: unknown, path: string): readonly unknown[] {
  return Array.isArray(raw) ? raw : bad(path, 'expected an array');
}

function pair(raw: unknown, path: string): readonly [unknown, unknown] {
  const a = list(raw, path);
  return a.length === 2 ? [a[0], a[1]] : bad(path, 'expected a pair [a, b]');
}

function local(raw: unknown, path: string): LocalType {
  const r = decodeLocalLean(raw);
  if (!r.ok) fail(r.error.code, path + r.error.path.slice(1), r.error.message);
  return r.value;
}

/** A Nat up to 2^64 - 1, from a JSON integer, a `bigint` or a decimal string. */
function natValue(raw: unknown, path: string): bigint {
  const n =
    typeof raw === 'number' && Number.isSafeInteger(raw)
      ? BigInt(raw)
      : typeof raw === 'bigint'
        ? raw
        : typeof raw === 'string' && /^\d+$/.test(raw)
          ? BigInt(raw)
          : -1n;
  return n >= 0n && n < 1n << 64n ? n : bad(path, 'a Nat must be an integer in [0, 2^64 - 1]');
}

/** A value in the Rust serde encoding (`"Unit"`, `{"Nat":5}`, `{"Prod":[a,b]}`, `{"Endpoint":{...}}`, …). */
export function decodeValue(raw: unknown, path: string): Value {
  if (raw === 'Unit') return { kind: 'unit' };
  if (!isObject(raw) || Object.keys(raw).length !== 1) return bad(path, 'expected a Rust-encoded value');
  const [tag, body] = Object.entries(raw)[0] as [string, unknown];
  const p = key(path, tag);
  switch (tag) {
    case 'Nat':
      return { kind: 'nat', value: natValue(body, p) };
    case 'Bool':
      return typeof body === 'boolean' ? { kind: 'bool', value: body } : bad(p, 'expected true or false');
    case 'Str':
      return { kind: 'string', value: str(body, p) };
    case 'Prod': {
      const [l, r] = pair(body, p);
      return { kind: 'prod', left: decodeValue(l, `${p}[0]`), right: decodeValue(r, `${p}[1]`) };
    }
    case 'Endpoint': {
      if (!isObject(body)) return bad(p, 'expected {"sid": N, "role": R}');
      const sid = natOf(body['sid']) ?? bad(`${p}.sid`, 'expected a session id');
      return { kind: 'chan', endpoint: { sid, role: str(body['role'], `${p}.role`) } };
    }
    default:
      return bad(path, `unknown value tag ${JSON.stringify(tag)}`);
  }
}

/** One instruction in the Rust serde encoding (unit variants are bare strings). */
export function decodeInstruction(raw: unknown, path: string): Instruction {
  if (raw === 'Join' || raw === 'Abort' || raw === 'Yield' || raw === 'Halt') return { op: raw };
  if (!isObject(raw) || Object.keys(raw).length !== 1)
    return bad(path, 'an instruction is a bare tag or an object with exactly one tag key');
  const [tag, body] = Object.entries(raw)[0] as [string, unknown];
  const p = key(path, tag);
  const o = isObject(body) ? body : bad(p, 'expected an operand object');
  switch (tag) {
    case 'Send':
      return { op: 'Send', chan: reg(o, 'chan', p), val: reg(o, 'val', p) };
    case 'Receive':
      return { op: 'Receive', chan: reg(o, 'chan', p), dst: reg(o, 'dst', p) };
    case 'Offer':
      return { op: 'Offer', chan: reg(o, 'chan', p), label: str(o['label'], `${p}.label`) };
    case 'Choose': {
      const table = list(o['table'], `${p}.table`).map((e, k) => {
        const [l, t] = pair(e, `${p}.table[${k}]`);
        return [str(l, `${p}.table[${k}][0]`), pcOf(t, `${p}.table[${k}][1]`)] as const;
      });
      return { op: 'Choose', chan: reg(o, 'chan', p), table };
    }
    case 'Open':
      return {
        op: 'Open',
        roles: list(o['roles'], `${p}.roles`).map((r, k) => str(r, `${p}.roles[${k}]`)),
        localTypes: list(o['local_types'], `${p}.local_types`).map((e, k) => {
          const [r, t] = pair(e, `${p}.local_types[${k}]`);
          return [str(r, `${p}.local_types[${k}][0]`), local(t, `${p}.local_types[${k}][1]`)] as const;
        }),
        handlers: list(o['handlers'], `${p}.handlers`).map((e, k) => {
          const [edge, h] = pair(e, `${p}.handlers[${k}]`);
          const [s, r] = pair(edge, `${p}.handlers[${k}][0]`);
          const hp = `${p}.handlers[${k}]`;
          return [[str(s, `${hp}[0][0]`), str(r, `${hp}[0][1]`)] as const, str(h, `${hp}[1]`)] as const;
        }),
        dsts: list(o['dsts'], `${p}.dsts`).map((e, k) => {
          const [r, d] = pair(e, `${p}.dsts[${k}]`);
          return [
            str(r, `${p}.dsts[${k}][0]`),
            natOf(d, 65535) ?? bad(`${p}.dsts[${k}][1]`, 'expected a register'),
          ] as const;
        }),
      };
    case 'Close':
      return { op: 'Close', session: reg(o, 'session', p) };
    case 'Invoke': {
      const a = o['action'];
      if (typeof a === 'string') return { op: 'Invoke', action: a };
      return { op: 'Invoke', action: natOf(a, 65535) ?? bad(`${p}.action`, 'expected an action name or a register') };
    }
    case 'Acquire':
      return { op: 'Acquire', layer: str(o['layer'], `${p}.layer`), dst: reg(o, 'dst', p) };
    case 'Release':
      return { op: 'Release', layer: str(o['layer'], `${p}.layer`), evidence: reg(o, 'evidence', p) };
    case 'Fork':
      return { op: 'Fork', ghost: reg(o, 'ghost', p) };
    case 'Transfer':
      return {
        op: 'Transfer',
        endpoint: reg(o, 'endpoint', p),
        target: reg(o, 'target', p),
        bundle: reg(o, 'bundle', p),
      };
    case 'Tag':
      return { op: 'Tag', fact: reg(o, 'fact', p), dst: reg(o, 'dst', p) };
    case 'Check':
      return { op: 'Check', knowledge: reg(o, 'knowledge', p), target: reg(o, 'target', p), dst: reg(o, 'dst', p) };
    case 'Set':
      return { op: 'Set', dst: reg(o, 'dst', p), val: decodeValue(o['val'], `${p}.val`) };
    case 'Move':
      return { op: 'Move', dst: reg(o, 'dst', p), src: reg(o, 'src', p) };
    case 'Jump':
      return { op: 'Jump', target: pcOf(o['target'], `${p}.target`) };
    case 'Spawn':
      return {
        op: 'Spawn',
        target: pcOf(o['target'], `${p}.target`),
        args: list(o['args'], `${p}.args`).map(
          (r, k) => natOf(r, 65535) ?? bad(`${p}.args[${k}]`, 'expected a register'),
        ),
      };
    default:
      return bad(path, `unknown instruction ${JSON.stringify(tag)}`);
  }
}

/** Partners named anywhere in a named local type (first occurrence order): the footprint summary. */
function partners(t: LocalType, out: string[] = []): string[] {
  if (t.kind === 'rec') return partners(t.body, out);
  if (t.kind === 'send' || t.kind === 'recv') {
    if (!out.includes(t.partner)) out.push(t.partner);
    for (const b of t.branches) partners(b.continuation, out);
  }
  return out;
}

function relocated(i: Instruction, by: number): Instruction {
  if (i.op === 'Jump') return { ...i, target: i.target + by };
  if (i.op === 'Spawn') return { ...i, target: i.target + by };
  if (i.op === 'Choose') return { ...i, table: i.table.map(([l, pc]) => [l, pc + by] as const) };
  return i;
}

function image(
  globalType: GlobalType,
  code: Instruction[],
  entries: [string, number][],
  locals: [string, LocalType][],
): CodeImage {
  return {
    globalType,
    program: {
      code,
      entryPoints: entries,
      localTypes: locals.map(([r, t]) => [r, toDeBruijn(t)] as const),
      localTypesR: locals,
      handlerTypes: [],
      metadata: {
        name: '',
        version: 0,
        sourceHash: 0n,
        footprintSummary: locals.map(([r, t]) => [r, partners(t)] as const),
      },
    },
  };
}

/** A code image: `{program: {code, entry_points, local_types_r}, global_type}` or a Rust-shaped one. */
export function decodeImage(raw: unknown, path: string): CodeImage {
  if (!isObject(raw)) return bad(path, 'a code image must be a JSON object');
  const g = decodeGlobalLean(raw['global_type']);
  if (!g.ok) fail(g.error.code, `${path}.global_type${g.error.path.slice(1)}`, g.error.message);
  const globalType = g.value;
  const programs = raw['programs'];
  if (isObject(programs)) {
    const lts = isObject(raw['local_types'])
      ? raw['local_types']
      : bad(`${path}.local_types`, 'a Rust image needs local_types');
    const roles = Object.keys(programs).sort(compareCodePoints);
    const ltRoles = Object.keys(lts).sort(compareCodePoints);
    if (roles.length === 0) bad(`${path}.programs`, 'code image must contain at least one role program');
    if (roles.join('\u0000') !== ltRoles.join('\u0000'))
      bad(path, `code image role mismatch: programs [${roles.join(', ')}], local_types [${ltRoles.join(', ')}]`);
    const code: Instruction[] = [];
    const entries: [string, number][] = [];
    const locals: [string, LocalType][] = [];
    for (const role of roles) {
      const start = code.length;
      const body = list(programs[role], key(`${path}.programs`, role));
      body.forEach((i, k) =>
        code.push(relocated(decodeInstruction(i, `${key(`${path}.programs`, role)}[${k}]`), start)),
      );
      entries.push([role, start]);
      locals.push([role, local(lts[role], key(`${path}.local_types`, role))]);
    }
    return image(globalType, code, entries, locals);
  }
  const p = isObject(raw['program']) ? raw['program'] : bad(`${path}.program`, 'expected program or programs');
  const code = list(p['code'], `${path}.program.code`).map((i, k) =>
    decodeInstruction(i, `${path}.program.code[${k}]`),
  );
  const entries = list(p['entry_points'], `${path}.program.entry_points`).map((e, k): [string, number] => {
    const [r, pc] = pair(e, `${path}.program.entry_points[${k}]`);
    return [str(r, `${path}.program.entry_points[${k}][0]`), pcOf(pc, `${path}.program.entry_points[${k}][1]`)];
  });
  const locals = list(p['local_types_r'], `${path}.program.local_types_r`).map((e, k): [string, LocalType] => {
    const [r, t] = pair(e, `${path}.program.local_types_r[${k}]`);
    return [str(r, `${path}.program.local_types_r[${k}][0]`), local(t, `${path}.program.local_types_r[${k}][1]`)];
  });
  return image(globalType, code, entries, locals);
}

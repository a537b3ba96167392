/** Lossless JSON reading with JSON paths for heap vector files (heap.md §7.0). */
import { parse } from 'lossless-json';
import { parseJsonDeep } from '../../types/parseJsonDeep.js';
import { pathIndex, pathKey } from '../../types/errors.js';
import { U64_MAX, fromHex } from './bytes.js';
import { HeapSchemaError } from '../HeapSchemaError.js';

// A string literal, and whether it is an object key (a colon follows).
const kStringToken = /"(?:[^"\\]|\\.)*"(\s*:)?/g;

/**
 * Parses JSON keeping every integer exact: whole numbers become `bigint` (integer literals of any
 * size, and `5.0` or `1e3` too), other numbers `number`. Throws `SyntaxError` on malformed text and
 * on a key repeated in one object with another value (a vector file that says two things). Native
 * `JSON.parse` underneath (parseJsonDeep.ts): lossless-json took 6 s and 2.6 GB for 153 MB.
 */
export function parseLossless(text: string): unknown {
  const root = parseJsonDeep(text, (s) => (/^-?\d+$/.test(s) ? BigInt(s) : Number(s)));
  if (typeof root === 'number') return Number.isSafeInteger(root) ? BigInt(root) : root;
  // The numbers JSON.parse kept exact (at most 15 digits) become bigint in place, iteratively; the
  // keys are counted, as JSON.parse keeps only the last of a repeated key.
  let keys = 0;
  const stack: unknown[] = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (typeof node !== 'object' || node === null) continue;
    const o = node as Record<string, unknown>;
    const names = Array.isArray(node) ? node.keys() : Object.keys(o);
    if (!Array.isArray(node)) keys += (names as string[]).length;
    for (const key of names) {
      const v = o[key];
      if (typeof v === 'number') {
        if (Number.isSafeInteger(v)) o[key] = BigInt(v);
      } else if (typeof v === 'object' && v !== null) stack.push(v);
    }
  }
  let written = 0;
  for (const m of text.matchAll(kStringToken)) if (m[1] !== undefined) written += 1;
  // lossless-json names the repeated key and its position (only for such text).
  if (written !== keys) parse(text);
  return root;
}

export type JsonObject = Readonly<Record<string, unknown>>;

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'bigint') return `the number ${v}`;
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'number' || typeof v === 'boolean') return `${typeof v} ${v}`;
  return typeof v === 'object' ? 'an object' : typeof v;
}

export function asObject(v: unknown, path: string): JsonObject {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new HeapSchemaError('InvalidType', path, `${path} must be an object, got ${describe(v)}`);
  // A non-null, non-array object (checked above).
  return v as JsonObject;
}

export function asArray(v: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(v)) throw new HeapSchemaError('InvalidType', path, `${path} must be an array, got ${describe(v)}`);
  return v;
}

export function get(o: JsonObject, key: string, path: string): unknown {
  if (!Object.hasOwn(o, key))
    throw new HeapSchemaError('MissingField', pathKey(path, key), `missing field ${pathKey(path, key)}`);
  return o[key];
}

export function getObject(o: JsonObject, key: string, path: string): JsonObject {
  return asObject(get(o, key, path), pathKey(path, key));
}

export function getArray(o: JsonObject, key: string, path: string): readonly unknown[] {
  return asArray(get(o, key, path), pathKey(path, key));
}

export function asString(v: unknown, path: string): string {
  if (typeof v !== 'string')
    throw new HeapSchemaError('InvalidType', path, `${path} must be a string, got ${describe(v)}`);
  return v;
}

export function getString(o: JsonObject, key: string, path: string): string {
  return asString(get(o, key, path), pathKey(path, key));
}

/** A u64: bigint (lossless parse) or safe non-negative integer number; rejects ≥ 2^64. */
export function asU64(v: unknown, path: string): bigint {
  let n: bigint;
  if (typeof v === 'bigint') n = v;
  else if (typeof v === 'number' && Number.isSafeInteger(v)) n = BigInt(v);
  else throw new HeapSchemaError('InvalidType', path, `${path} must be an unsigned integer, got ${describe(v)}`);
  if (n < 0n || n > U64_MAX)
    throw new HeapSchemaError('U64OutOfRange', path, `${path} = ${n} is outside the u64 range 0 … ${U64_MAX}`);
  return n;
}

export function getU64(o: JsonObject, key: string, path: string): bigint {
  return asU64(get(o, key, path), pathKey(path, key));
}

/** A small non-negative integer (an index). */
export function asIndex(v: unknown, path: string): number {
  const n = asU64(v, path);
  if (n > BigInt(Number.MAX_SAFE_INTEGER))
    throw new HeapSchemaError('InvalidType', path, `${path} = ${n} is too large for an index`);
  return Number(n);
}

/** Hex string (either case), normalised to lowercase; `bytes` pins the decoded length. */
export function asHex(v: unknown, path: string, bytes?: number): string {
  const s = asString(v, path);
  const decoded = fromHex(s);
  if (decoded === undefined)
    throw new HeapSchemaError(
      'InvalidHex',
      path,
      `${path} is not valid hex (even number of 0-9a-f characters): ${describe(s)}`,
    );
  if (bytes !== undefined && decoded.length !== bytes) {
    throw new HeapSchemaError(
      'InvalidLength',
      path,
      `${path} must be ${bytes} bytes (${bytes * 2} hex characters), got ${decoded.length} bytes`,
    );
  }
  return s.toLowerCase();
}

export function getHex(o: JsonObject, key: string, path: string, bytes?: number): string {
  return asHex(get(o, key, path), pathKey(path, key), bytes);
}

export function getBytes(o: JsonObject, key: string, path: string): Uint8Array {
  // getHex validated the hex string.
  return fromHex(getHex(o, key, path)) as Uint8Array;
}

export { pathIndex, pathKey };

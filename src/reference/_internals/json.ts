/**
 * JSON helpers of the reference runner: a parser that keeps integers exact and an emitter that prints
 * Lean's compact form with keys in ascending code-point order at every level (bridge.md §4.7).
 */
import { LosslessNumber } from 'lossless-json';
import { parseJsonDeep } from '../../types/parseJsonDeep.js';
import { compareCodePoints } from '../../projection/rolesSorted.js';

/** Result of reading runner input text. */
export type ParsedText =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

const kIntegerSyntax = /^-?\d+$/;

/**
 * Parses JSON text the way the Lean runner reads it: integers stay exact (`bigint` past 2^53),
 * numbers written with a fraction or an exponent stay {@link LosslessNumber}s so that they are never
 * mistaken for naturals (Lean's `getNat?` rejects `1.0`), and a repeated key keeps its last value.
 */
export function parseJsonText(text: string): ParsedText {
  try {
    // Stack-safe at any nesting (choreographies may be nested 100k levels deep, projection.md §3.2).
    const value = parseJsonDeep(text, (s: string) => {
      if (!kIntegerSyntax.test(s)) return new LosslessNumber(s);
      const n = Number(s);
      return Number.isSafeInteger(n) ? n : BigInt(s);
    });
    return { ok: true, value };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}

/** A plain JSON object (not an array, not null, not a number wrapper). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof LosslessNumber);
}

/** Lean `getNat?`: a non-negative integer. */
export function asNat(value: unknown): number | bigint | null {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? (value === 0 ? 0 : value) : null;
  if (typeof value === 'bigint') return value >= 0n ? value : null;
  return null;
}

/** Lean `getObjValAs? Nat key` with Lean-like error texts (not pinned, bridge.md §18 Q4). */
export function natField(
  obj: unknown,
  key: string,
): { ok: true; value: number | bigint } | { ok: false; message: string } {
  if (!isJsonObject(obj)) return { ok: false, message: 'object expected' };
  if (!(key in obj)) return { ok: false, message: `property not found: ${key}` };
  const n = asNat(obj[key]);
  return n === null ? { ok: false, message: 'Natural number expected' } : { ok: true, value: n };
}

/** Lean `getObjValAs? String key`. */
export function stringField(obj: unknown, key: string): { ok: true; value: string } | { ok: false; message: string } {
  if (!isJsonObject(obj)) return { ok: false, message: 'object expected' };
  if (!(key in obj)) return { ok: false, message: `property not found: ${key}` };
  const v = obj[key];
  return typeof v === 'string' ? { ok: true, value: v } : { ok: false, message: 'String expected' };
}

/** Lean `getObjValAs? (Array Json) key`. */
export function arrayField(
  obj: unknown,
  key: string,
): { ok: true; value: readonly unknown[] } | { ok: false; message: string } {
  if (!isJsonObject(obj)) return { ok: false, message: 'object expected' };
  if (!(key in obj)) return { ok: false, message: `property not found: ${key}` };
  const v = obj[key];
  return Array.isArray(v) ? { ok: true, value: v } : { ok: false, message: 'array expected' };
}

/** Lean `getObjValD key`: the member, or JSON null when absent or when `obj` is not an object. */
export function memberOrNull(obj: unknown, key: string): unknown {
  if (!isJsonObject(obj) || !(key in obj)) return null;
  return obj[key];
}

/** Code-point order of strings (bridge.md §4.7, §15.2), not JavaScript's UTF-16 order: projection's comparison. */
export const codePointCompare: (a: string, b: string) => number = compareCodePoints;

/**
 * Compact JSON with object keys sorted in ascending code-point order at every level (the byte form
 * of bridge.md §4.7). `bigint` and {@link LosslessNumber} print as their digits; `undefined` members
 * are omitted.
 * @example
 * ```ts
 * stringifySorted({ b: 1, a: [2n] }); // '{"a":[2],"b":1}'
 * ```
 * @public
 */
export function stringifySorted(value: unknown): string {
  const parts: string[] = [];
  write(value, parts);
  return parts.join('');
}

/** Chunks of about this many characters: large enough to write efficiently, far below V8's string limit. */
const kChunkChars = 1 << 16;

/**
 * {@link stringifySorted} as a list of chunks (each about 64 KiB), never one string: outputs of
 * hundreds of megabytes (a million recorded steps) cannot be one JavaScript string.
 */
export function stringifySortedChunks(value: unknown): string[] {
  const chunks: string[] = [];
  let parts: string[] = [];
  let size = 0;
  const out = {
    push(...items: string[]): number {
      for (const item of items) {
        parts.push(item);
        size += item.length;
      }
      if (size >= kChunkChars) {
        chunks.push(parts.join(''));
        parts = [];
        size = 0;
      }
      return size;
    },
  };
  write(value, out);
  if (parts.length > 0) chunks.push(parts.join(''));
  return chunks;
}

function write(value: unknown, out: { push(...items: string[]): number }): void {
  if (value === null || value === undefined) {
    out.push('null');
    return;
  }
  switch (typeof value) {
    case 'string':
      out.push(JSON.stringify(value));
      return;
    case 'number':
      out.push(Number.isFinite(value) ? String(value) : 'null');
      return;
    case 'bigint':
      out.push(value.toString());
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    default:
      break;
  }
  if (value instanceof LosslessNumber) {
    out.push(value.value);
    return;
  }
  if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i += 1) {
      if (i > 0) out.push(',');
      write(value[i], out);
    }
    out.push(']');
    return;
  }
  // Every other kind of value returned above.
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort(codePointCompare);
  out.push('{');
  for (let i = 0; i < keys.length; i += 1) {
    // i < keys.length.
    const k = keys[i] as string;
    if (i > 0) out.push(',');
    out.push(JSON.stringify(k), ':');
    write(obj[k], out);
  }
  out.push('}');
}

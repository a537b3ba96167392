/** Field-by-field comparison of an expected JSON value (from a file) with a computed one. */
import { pathIndex, pathKey } from '../../types/errors.js';
import type { HeapFieldMismatch } from '../../types/heap.js';

/** JSON text with bigints as plain numbers; strings print bare (they are hex or names). */
export function render(v: unknown): string {
  if (v === undefined) return '(absent)';
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}` : x)).replace(/"(-?\d+)"/g, '$1');
}

function scalar(v: unknown, lowerHex: boolean): string | undefined {
  if (typeof v === 'string') return lowerHex ? v.toLowerCase() : v;
  if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  return undefined;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Compares every field present in `expected` with `actual` (arrays must have equal length;
 * hex keys compare case-insensitively; numbers by value whether bigint or number).
 */
export function diffJson(
  expected: unknown,
  actual: unknown,
  path: string,
  out: HeapFieldMismatch[],
  count: { fields: number },
  key = '',
): void {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      count.fields++;
      out.push({ path, expected: render(expected), actual: render(actual) });
      return;
    }
    expected.forEach((e, i) => diffJson(e, actual[i], pathIndex(path, i), out, count, key));
    return;
  }
  if (isObj(expected)) {
    if (!isObj(actual)) {
      count.fields++;
      out.push({ path, expected: render(expected), actual: render(actual) });
      return;
    }
    for (const k of Object.keys(expected)) diffJson(expected[k], actual[k], pathKey(path, k), out, count, k);
    return;
  }
  count.fields++;
  const hex = key.endsWith('_hex');
  const e = scalar(expected, hex);
  const a = scalar(actual, hex);
  if (e === undefined || e !== a || (typeof actual === 'string') !== (typeof expected === 'string')) {
    out.push({ path, expected: render(expected), actual: render(actual) });
  }
}

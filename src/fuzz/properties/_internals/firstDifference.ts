/**
 * The first place two JSON-like values differ (depth first, keys in the left value's order, then
 * keys only the right one has), as a JSONPath-like path with both sides' values; `null` when equal.
 * `bigint` and `number` compare by value (a Nat may be either).
 */
export interface Difference {
  readonly path: string;
  readonly left: unknown;
  readonly right: unknown;
}

function scalarEqual(a: unknown, b: unknown): boolean {
  if (typeof a === 'bigint' && typeof b === 'number') return Number.isInteger(b) && a === BigInt(b);
  if (typeof a === 'number' && typeof b === 'bigint') return Number.isInteger(a) && BigInt(a) === b;
  return a === b;
}

/** Walks both values; absent and `undefined` fields are the same. */
export function firstDifference(left: unknown, right: unknown, path = '$'): Difference | null {
  if (typeof left !== 'object' || left === null || typeof right !== 'object' || right === null)
    return scalarEqual(left, right) ? null : { path, left, right };
  if (Array.isArray(left) !== Array.isArray(right)) return { path, left, right };
  if (Array.isArray(left) && Array.isArray(right)) {
    for (let i = 0; i < Math.max(left.length, right.length); i++) {
      if (i >= left.length || i >= right.length) return { path: `${path}[${i}]`, left: left[i], right: right[i] };
      const d = firstDifference(left[i], right[i], `${path}[${i}]`);
      if (d !== null) return d;
    }
    return null;
  }
  const l = left as Record<string, unknown>;
  const r = right as Record<string, unknown>;
  for (const key of new Set([...Object.keys(l), ...Object.keys(r)])) {
    const d = firstDifference(l[key], r[key], `${path}.${key}`);
    if (d !== null) return d;
  }
  return null;
}

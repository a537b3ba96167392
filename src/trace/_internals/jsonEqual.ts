/**
 * Deep equality on JSON-like values where an absent key and a `null` value are the same value
 * (bridge.md §4.3, BR-DEV-07). Key order never matters.
 * @internal
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined) return b === null || b === undefined;
  if (b === null || b === undefined) return false;
  if (typeof a !== typeof b) return false;
  if (typeof a === 'bigint' || typeof b === 'bigint') return false;
  if (typeof a !== 'object') return Number.isNaN(a) && Number.isNaN(b);
  const aArr = Array.isArray(a);
  if (aArr !== Array.isArray(b)) return false;
  if (aArr) {
    // Both are arrays (checked above).
    const bb = b as readonly unknown[];
    const aa = a as readonly unknown[];
    if (aa.length !== bb.length) return false;
    for (let i = 0; i < aa.length; i += 1) if (!jsonEqual(aa[i], bb[i])) return false;
    return true;
  }
  // Both are non-null, non-array objects here.
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  for (const k in ao) {
    if (!Object.hasOwn(ao, k)) continue;
    if (!jsonEqual(ao[k], bo[k])) return false;
  }
  for (const k in bo) {
    if (!Object.hasOwn(bo, k)) continue;
    // Keys only in b must be null/absent-valued on a's side; a's own keys were checked above.
    if (!Object.hasOwn(ao, k) && !jsonEqual(undefined, bo[k])) return false;
  }
  return true;
}

/**
 * Returns a copy of a JSON-like value without null-valued (or undefined) object members, at every
 * level, so that printed values agree with {@link jsonEqual}. Array items stay (a `null` item is data).
 * @internal
 */
export function dropNulls<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  // Same shape as the input, without nulls: T describes JSON where absent and null are one value.
  if (Array.isArray(value)) return value.map((v: unknown) => dropNulls(v)) as T;
  const out: Record<string, unknown> = {};
  // A non-null, non-array object here.
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === null || v === undefined) continue;
    out[k] = dropNulls(v);
  }
  // The same object without its null fields (see above).
  return out as T;
}

/**
 * Compact JSON with object keys in ascending code-point order (for display, sorting and dedup keys).
 * @internal
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v: unknown) => canonicalJson(v)).join(',')}]`;
  // A non-null, non-array object here.
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined && v !== null)
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

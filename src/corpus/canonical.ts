/**
 * Canonical form of a corpus value: object keys sorted at every level, `undefined` members dropped
 * (as JSON does), and values that would not round-trip through MessagePack rejected. msgpackr writes
 * keys in insertion order, so without this the same counterexample could get two names.
 *
 * @example
 * ```ts
 * canonical({ b: 1, a: { d: 2, c: 3 } }); // { a: { c: 3, d: 2 }, b: 1 }
 * ```
 * @public
 */
export function canonical(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'bigint')
    return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || Object.is(value, -0))
      throw new TypeError(`non-canonical number ${String(value)} in a corpus value`);
    return value;
  }
  if (value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map((item) => canonical(item));
  // A plain object, with Object.prototype or none: fast-check's records and dictionaries may have a
  // null prototype, and MessagePack stores both as the same map.
  const proto: unknown = typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (proto === Object.prototype || proto === null) {
    const out: Record<string, unknown> = {};
    // A plain object (prototype checked above): its own keys are all there is.
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record).sort()) {
      const item = record[key];
      if (item !== undefined) out[key] = canonical(item);
    }
    return out;
  }
  throw new TypeError(`unsupported corpus value: ${Object.prototype.toString.call(value)}`);
}

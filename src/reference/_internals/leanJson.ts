/**
 * Lean's `Json` as the heap parity runner prints and reads it: `Json.compress` (sorted keys,
 * `Json.escape` strings) and `JsonNumber` literals that are natural numbers.
 */
/** Lean's `Json.escape`: only `"`, `\\`, `\n`, `\r` get short escapes; other controls are `\u00xx`. */
function leanString(s: string): string {
  let out = '"';
  for (const ch of s) {
    // `ch` is one code point of the string, never empty.
    const c = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (c >= 0x20) out += ch;
    else out += `\\u${c.toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}

export function compress(v: unknown): string {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'string') return leanString(v);
  if (Array.isArray(v)) return `[${v.map(compress).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    // A non-null, non-array object here.
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${leanString(k)}:${compress(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * Lean's `JsonNumber` is `mantissa · 10^-exponent`; a positive `e` exponent first cancels decimal
 * places. Only exponent 0 with a non-negative mantissa is a `Nat`: `1e2` is 100, `7.0` is not.
 */
export const NOT_NAT = Symbol('not a natural number');
export function leanNumber(text: string): bigint | typeof NOT_NAT {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?)(\d+))?$/.exec(text);
  if (m === null) return NOT_NAT;
  let mantissa = BigInt(`${m[2]}${m[3] ?? ''}`);
  let exponent = BigInt((m[3] ?? '').length);
  const e = BigInt(m[5] ?? '0');
  if (m[4] === '-') exponent += e;
  else {
    const cancel = e < exponent ? e : exponent;
    if (e - cancel > 100_000n) return NOT_NAT; // a Nat too large to be any fixture value
    mantissa *= 10n ** (e - cancel);
    exponent -= cancel;
  }
  if (m[1] === '-' && mantissa !== 0n) return NOT_NAT;
  return exponent === 0n ? mantissa : NOT_NAT;
}

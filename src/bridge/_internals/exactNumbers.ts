import { LosslessNumber, isLosslessNumber, parse } from 'lossless-json';

/**
 * lossless-json number parser: integers exact (`number` when safe, else `bigint`), anything written
 * with a fraction or exponent kept as a {@link LosslessNumber} so it is never taken for a natural.
 */
export function parseNumberExact(s: string): unknown {
  if (!/^-?\d+$/.test(s)) return new LosslessNumber(s);
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : BigInt(s);
}

/** A value after `toJSON` (as lossless-json's `stringify` applies it: any object but the JSON primitives' wrappers). */
function resolved(value: unknown): unknown {
  let v = value;
  while (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    !isLosslessNumber(v) &&
    !(v instanceof Date || v instanceof Boolean || v instanceof Number || v instanceof String) &&
    typeof (v as { toJSON?: unknown }).toJSON === 'function'
  )
    v = (v as { toJSON: () => unknown }).toJSON();
  return v;
}

/** The JSON of a leaf, `null` for a container, `undefined` for a value JSON has no text for. */
function leafText(v: unknown): string | null | undefined {
  if (
    typeof v === 'boolean' ||
    typeof v === 'number' ||
    typeof v === 'string' ||
    v === null ||
    v instanceof Date ||
    v instanceof Boolean ||
    v instanceof Number ||
    v instanceof String
  )
    return JSON.stringify(v);
  if (isLosslessNumber(v)) return v.toString();
  if (typeof v === 'bigint') return v.toString();
  return typeof v === 'object' ? null : undefined;
}

/**
 * Compact JSON that prints `bigint` and {@link LosslessNumber} as plain digits: the text of
 * lossless-json's `stringify`, written with an explicit stack (a run request may nest its
 * choreography 100k levels deep, projection.md §3.2).
 */
export function toJsonText(value: unknown): string {
  const parts: string[] = [];
  // A value to write, or literal text.
  const work: ({ readonly v: unknown } | string)[] = [{ v: resolved(value) }];
  for (let w = work.pop(); w !== undefined; w = work.pop()) {
    if (typeof w === 'string') {
      parts.push(w);
      continue;
    }
    const v = w.v;
    const leaf = leafText(v);
    if (leaf !== null) {
      parts.push(leaf ?? 'null');
      continue;
    }
    if (Array.isArray(v)) {
      const items = v as readonly unknown[];
      work.push(']');
      for (let k = items.length - 1; k >= 0; k--) {
        // A missing, function or symbol item is null; so is one that resolves to nothing.
        work.push({ v: resolved(items[k]) });
        if (k > 0) work.push(',');
      }
      parts.push('[');
      continue;
    }
    const record = v as Readonly<Record<string, unknown>>;
    const members: [string, unknown][] = [];
    for (const key of Object.keys(record)) {
      const m = resolved(record[key]);
      // Properties JSON has no text for are left out, key and all.
      if (leafText(m) !== undefined) members.push([key, m]);
    }
    work.push('}');
    for (let k = members.length - 1; k >= 0; k--) {
      const [key, m] = members[k] as [string, unknown];
      work.push({ v: m }, `${k > 0 ? ',' : ''}${JSON.stringify(key)}:`);
    }
    parts.push('{');
  }
  return parts.join('');
}

// A digit followed by a fraction/exponent, or 16+ digits: only then can JSON.parse lose information.
const kInexact = /\d[.eE]|\d{16}/;

/**
 * Parses JSON exactly (see {@link parseNumberExact}). Text without fractions, exponents or long
 * integers takes the fast native path, where nothing can be lost. `onDuplicateKey` applies to the
 * exact path only; the native path keeps the last value, as JSON.parse does.
 */
export function parseJsonExact(text: string, onDuplicateKey: (key: string) => unknown = () => undefined): unknown {
  if (!kInexact.test(text)) return JSON.parse(text);
  return parse(text, null, {
    parseNumber: parseNumberExact,
    onDuplicateKey: ({ key, newValue }) => {
      onDuplicateKey(key);
      return newValue;
    },
  });
}

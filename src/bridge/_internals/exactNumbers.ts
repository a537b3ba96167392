import { LosslessNumber, parse, stringify } from 'lossless-json';

/**
 * lossless-json number parser: integers exact (`number` when safe, else `bigint`), anything written
 * with a fraction or exponent kept as a {@link LosslessNumber} so it is never taken for a natural.
 */
export function parseNumberExact(s: string): unknown {
  if (!/^-?\d+$/.test(s)) return new LosslessNumber(s);
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : BigInt(s);
}

/** Compact JSON that prints `bigint` and {@link LosslessNumber} as plain digits. */
export function toJsonText(value: unknown): string {
  return stringify(value) ?? 'null';
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

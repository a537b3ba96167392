import { LosslessNumber, stringify } from 'lossless-json';

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

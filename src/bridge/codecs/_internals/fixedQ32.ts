/**
 * telltale's `FixedQ32` on the wire (`rust/types/src/fixed_q32.rs`): written as its raw Q32.32 bits
 * (an i64); read from an integer (i64, or a u64 up to 2^63 − 1) or a decimal string, which is rounded
 * to the nearest representable value, ties to even (the `fixed` crate's parsing rule), and rejected
 * when it overflows.
 */
import type { I64 } from '../../../types/artifact.js';
import { canonInt, i64, type Reader } from './decoder.js';
import { describeJson } from './json.js';

const kI64Min = -(1n << 63n);
const kI64Max = (1n << 63n) - 1n;
const kScale = 1n << 32n;

/** Q32.32 bits of a decimal text, or `undefined` when it is not a number or does not fit. */
export function fixedQ32FromDecimal(text: string): bigint | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (m === null) return undefined;
  const [, sign = '', int = '', frac = '', expText] = m;
  if (int === '' && frac === '') return undefined;
  const digits = `${int}${frac}`.replace(/^0+/, '');
  const exp = (expText === undefined ? 0 : Number(expText)) - frac.length;
  if (!Number.isSafeInteger(exp)) return undefined;
  if (digits === '') return 0n;
  // |value| >= 10^(digits + exp - 1); beyond 10^19 it cannot fit 2^31.
  if (digits.length + exp > 19) return undefined;
  let magnitude: bigint;
  if (exp >= 0) magnitude = BigInt(digits) * 10n ** BigInt(exp) * kScale;
  else if (-exp > digits.length + 40) magnitude = 0n;
  else {
    const num = BigInt(digits) * kScale;
    const den = 10n ** BigInt(-exp);
    const q = num / den;
    const twice = (num % den) * 2n;
    magnitude = twice > den || (twice === den && q % 2n === 1n) ? q + 1n : q;
  }
  const bits = sign === '-' ? -magnitude : magnitude;
  return bits < kI64Min || bits > kI64Max ? undefined : bits;
}

/** Reads a `FixedQ32` into its bits (integer or decimal string). */
export const fixedQ32: Reader<I64> = (d, raw, path) => {
  if (typeof raw !== 'string') return i64(d, raw, path);
  const bits = fixedQ32FromDecimal(raw);
  if (bits === undefined)
    return d.fail(
      'InvalidValue',
      path,
      `expected a FixedQ32 (raw i64 bits or a decimal string within ±2^31), got ${describeJson(raw)}`,
    );
  return canonInt(bits);
};

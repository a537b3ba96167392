/**
 * Shared option handling for the program, code-image, schedule and run-request arbitraries:
 * one defaults constant per arbitrary, `undefined` fields fall back to it, bad limits throw at the
 * edge (when the arbitrary is built, never while generating).
 */
import fc from 'fast-check';
import { TelltaleError } from '../../src/types/errors.js';

/** Merges `given` over `defaults`, ignoring fields set to `undefined`. @internal */
export function resolveConstraints<T extends object>(defaults: Required<T>, given: T): Required<T> {
  const out: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(given)) if (v !== undefined) out[k] = v;
  // The defaults are complete and only defined values replaced them.
  return out as Required<T>;
}

/** Throws `InvalidOption` unless `value` is a safe integer in `[min, max]`. @internal */
export function checkInt(arb: string, name: string, value: unknown, min = 0, max = Number.MAX_SAFE_INTEGER): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new TelltaleError(
      'InvalidOption',
      `${arb}: option ${name} must be an integer in [${min}, ${max}], got ${String(value)}; fix it or leave it out for the default`,
    );
  }
}

/** Throws `InvalidOption` unless `value` is a number in `[0, 1]`. @internal */
export function checkRatio(arb: string, name: string, value: unknown): void {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new TelltaleError('InvalidOption', `${arb}: option ${name} must be a ratio in [0, 1], got ${String(value)}`);
  }
}

/**
 * `true` with probability `ratio`, shrinking toward `false` (the valid / common case).
 * Ratios 0 and 1 give constants, so nothing is drawn.
 * @internal
 */
export function coin(ratio: number): fc.Arbitrary<boolean> {
  if (ratio <= 0) return fc.constant(false);
  if (ratio >= 1) return fc.constant(true);
  const cut = Math.round((1 - ratio) * 10000);
  return fc.integer({ min: 0, max: 9999 }).map((n) => n >= cut);
}

/**
 * `fc.oneof` over `[ratio, arbitrary]` pairs, dropping zero ratios; shrinking may cross to the
 * first listed arbitrary (the common case), so list that first.
 * @internal
 */
export function weighted<T>(choices: readonly (readonly [number, fc.Arbitrary<T>])[]): fc.Arbitrary<T> {
  const live = choices
    .filter(([r]) => r > 0)
    .map(([r, arbitrary]) => ({ weight: Math.max(1, Math.round(r * 1000)), arbitrary }));
  const [first, ...rest] = live;
  if (first === undefined) throw new Error('weighted: no choice with a positive ratio');
  if (rest.length === 0) return first.arbitrary;
  return fc.oneof({ withCrossShrink: true }, first, ...rest);
}

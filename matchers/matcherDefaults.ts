import type { DeterminismProfile } from '../src/trace/determinismProfile.js';

/**
 * Matcher defaults set by the Vitest plugin's setup file (`telltaleParity({ profile, ticks,
 * deviations, onExpired })`). Kept on `globalThis` under a registered symbol so that two copies of
 * the package (source and dist, or an inlined and an external one) still see the same value.
 * @internal
 */
export interface MatcherDefaults {
  readonly profile?: DeterminismProfile;
  readonly ticks?: 'per-session' | 'exact';
  readonly deviations?: string | null;
  readonly onExpired?: 'warn' | 'fail';
}

const kKey = Symbol.for('telltale-parity.matcherDefaults');

/** @internal */
export function setMatcherDefaults(defaults: MatcherDefaults): void {
  // globalThis has no index signature for our registered symbol.
  (globalThis as Record<symbol, unknown>)[kKey] = defaults;
}

/** @internal */
export function getMatcherDefaults(): MatcherDefaults {
  // globalThis has no index signature for our registered symbol.
  const v = (globalThis as Record<symbol, unknown>)[kKey];
  return v !== null && typeof v === 'object' ? v : {};
}

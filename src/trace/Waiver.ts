import type { Divergence } from './divergence.js';

/**
 * A difference that a deviation entry waived (bridge.md §9.3 step 4).
 * @example
 * ```ts
 * const { waived } = observationallyEquivalent(a, b, { deviations: 'deviations.json' });
 * for (const w of waived) console.log(`${w.deviation} waived ${w.scope}: ${w.divergence.explanation}`);
 * ```
 * @public
 */
export interface Waiver {
  /** The id of the entry that waived it. */
  readonly deviation: string;
  /** The scope key of the difference (`bridge.trace.sent`, `bridge.output.status`, …). */
  readonly scope: string;
  /** The entry's revisit date has passed (it still waives under `onExpired: 'warn'`). */
  readonly expired: boolean;
  /** The waived difference. */
  readonly divergence: Divergence;
}

import { toBridgeForm } from './_internals/bridgeForm.js';
import { compareOutputs } from './_internals/compareOutputs.js';
import { resolveDeviations } from './_internals/waivers.js';
import {
  kEquivalenceDefaults,
  type EquivalenceOptions,
  type EquivalenceResult,
  type RunLike,
} from './observationallyEquivalent.js';

/** Options of {@link strictlyEqual}: the waiver and lane options of {@link EquivalenceOptions}. @public */
export type StrictOptions = Pick<EquivalenceOptions, 'deviations' | 'onExpired' | 'leftLane' | 'rightLane'>;

/**
 * Strict equality of two bridge-form outputs (bridge.md §11.1, machine.md §13.1): profile `Full`
 * with raw ticks, then every `step_states` entry (a difference is kind `steps` with both indices at
 * the first differing step) and every remaining output field (`concurrency`, Tier 2 lists). This is
 * the n = 1 / `canonical_one_step` regime of {@link judgeEnvelope} and the determinism check
 * (same inputs twice); {@link observationallyEquivalent} never reads `step_states`.
 *
 * @example
 * ```ts
 * const r = strictlyEqual(coopResult, threadedAtOne, { leftLane: 'cooperative', rightLane: 'threaded' });
 * r.divergence?.kind; // 'steps' when a step_states entry differs
 * ```
 * @public
 */
export function strictlyEqual(left: RunLike, right: RunLike, options: StrictOptions = {}): EquivalenceResult {
  const l = toBridgeForm(left, 'left');
  const r = toBridgeForm(right, 'right');
  return compareOutputs(l, r, {
    profile: 'Full',
    ticks: 'exact',
    strict: true,
    deviations: resolveDeviations(options.deviations),
    onExpired: options.onExpired ?? kEquivalenceDefaults.onExpired,
    leftLane: options.leftLane ?? l.lane ?? 'left',
    rightLane: options.rightLane ?? r.lane ?? 'right',
  });
}

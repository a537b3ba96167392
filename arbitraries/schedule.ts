/**
 * Schedules for the cooperative and threaded engines (machine.md §7.7): lists of non-negative
 * integers, each entry choosing candidate `entry mod count` at one pick.
 */
import fc from 'fast-check';
import { checkInt, resolveConstraints } from './_internals/resolveConstraints.js';

/** Limits for {@link scheduleArb}. @public */
export interface ScheduleConstraints {
  /** Fewest entries. @defaultValue 0 */
  readonly minLength?: number;
  /** Most entries; later picks fall back to the default order. @defaultValue 48 */
  readonly maxLength?: number;
  /**
   * Largest entry. Candidate lists are short (a few coroutines), so small entries already reach
   * every candidate; larger ones exercise the `mod count` wrap-around. @defaultValue 9
   */
  readonly maxEntry?: number;
}

/** The defaults of {@link ScheduleConstraints}, in one place. @public */
export const kScheduleDefaults: Required<ScheduleConstraints> = Object.freeze({
  minLength: 0,
  maxLength: 48,
  maxEntry: 9,
});

/**
 * Schedules (machine.md §7.7) that explore interleavings other than the default pick order.
 *
 * Entries are mostly `0..3` (a few candidates per pick is the common case), sometimes up to
 * `maxEntry`. Shrinking goes toward shorter schedules and toward `0` entries, i.e. toward the
 * unscheduled run, so a shrunk schedule lists only the picks the failure needs.
 *
 * @param constraints - Optional limits; see {@link ScheduleConstraints}.
 * @example
 * ```ts
 * fc.assert(fc.property(runRequestArb(), scheduleArb(), (req, schedule) => {
 *   const r = runCooperative(req, { schedule });
 *   expect(r.ok).toBe(true);
 * }), { seed: 42, numRuns: 100 });
 * ```
 * @public
 */
export function scheduleArb(constraints: ScheduleConstraints = {}): fc.Arbitrary<number[]> {
  const c = resolveScheduleConstraints(constraints);
  const smallMax = Math.min(3, c.maxEntry);
  const entry =
    c.maxEntry > smallMax
      ? fc.oneof(
          { weight: 4, arbitrary: fc.nat({ max: smallMax }) },
          { weight: 1, arbitrary: fc.nat({ max: c.maxEntry }) },
        )
      : fc.nat({ max: smallMax });
  return fc.array(entry, { minLength: c.minLength, maxLength: c.maxLength });
}

function resolveScheduleConstraints(constraints: ScheduleConstraints): Required<ScheduleConstraints> {
  const r = resolveConstraints(kScheduleDefaults, constraints);
  checkInt('scheduleArb', 'minLength', r.minLength);
  checkInt('scheduleArb', 'maxLength', r.maxLength, r.minLength);
  checkInt('scheduleArb', 'maxEntry', r.maxEntry);
  return r;
}

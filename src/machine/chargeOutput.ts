import { stepStateJsonLength, type RawStepState } from '../projection/lazyStepStates.js';
import { jsonByteLength, type OutputBudget } from '../types/outputBudget.js';
import type { Machine } from './Machine.js';

/** Events charged together, and step states measured one in this many (see {@link chargeStep}). */
const kEventBatch = 64;
const kStateSample = 16;

/**
 * Charges what the last step recorded against the run's output budget: its step state (when
 * recorded) and the trace events added since `seen`, as an estimate of their compact JSON size
 * from samples. Returns the new event count
 * to pass next time. Throws `OutputLimitExceeded` past the limit (bridge.md §7: the same limit as a
 * process lane's stdout), so a run with a huge step budget stops instead of exhausting memory.
 * @example `seen = chargeStep(budget, machine, state, seen);`
 * @internal
 */
export function chargeStep(budget: OutputBudget, m: Machine, state: RawStepState | undefined, seen: number): number {
  // Step states are sampled too (one in kStateSample, scaled): measuring each one added half to the
  // cost of a run that records them, and neighbouring states differ little in size.
  // The sampled state is measured as it will print (its selected_type as one line of text).
  if (state !== undefined && state.step_index % kStateSample === 0)
    budget.add(kStateSample * stepStateJsonLength(state));
  // Counted and read one by one: the event log builds event objects only on request.
  const length = m.traceLength;
  if (length < seen) return length;
  // Events are charged in batches, each event at the size of the batch's last one (consecutive events
  // are alike): measuring every event doubled the cost of a traced loop.
  const batch = length - seen;
  if (batch < kEventBatch) return seen;
  budget.add(batch * jsonByteLength(m.traceEventAt(length - 1)));
  return length;
}

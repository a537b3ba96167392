/**
 * V8's inlining budget for a campaign process. A campaign runs many short cases through a large
 * engine, so V8 optimizes hundreds of functions, each worker isolate again: with the default budget
 * (920 bytecodes inlined into one function), TurboFan spent about 6 s of background CPU per isolate
 * in a 10 s `--runs 2000` campaign, on the cores the workers need. A budget of 230 cut that work,
 * made the 2-worker campaign about 17 % faster and the 1-worker one about 8 % faster (four
 * alternating pairs each on the 2-core bench machine), with the same cases/s in 20,000-case runs.
 */
import { setFlagsFromString } from 'node:v8';
import { v8FlagGiven } from './_internals/v8FlagGiven.js';

const kFlag = '--max-inlined-bytecode-size-cumulative';

/** The inlining budget a campaign process uses unless the user set one. */
export const kCampaignInliningBudget = 230;

/**
 * Sets {@link kCampaignInliningBudget} for this process (worker threads started later share it),
 * unless the process was started with its own value of the flag (in its arguments or
 * `NODE_OPTIONS`). Call it before the campaign's code runs; the `fuzz` command does. Returns
 * whether it set the budget.
 * @example `limitCampaignInlining(); // then start workers and the campaign`
 * @internal
 */
export function limitCampaignInlining(): boolean {
  if (v8FlagGiven(kFlag)) return false;
  setFlagsFromString(`${kFlag}=${kCampaignInliningBudget}`);
  return true;
}

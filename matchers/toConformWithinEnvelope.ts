import type { MatcherState } from 'vitest';
import { divergenceContext } from '../src/trace/divergenceContext.js';
import {
  judgeEnvelope,
  type EnvelopeInput,
  type EnvelopeJudgement,
  type EnvelopeOptions,
} from '../src/trace/judgeEnvelope.js';
import type { RunLike } from '../src/trace/observationallyEquivalent.js';
import { colors, renderContext } from './_internals/format.js';
import { getMatcherDefaults } from './matcherDefaults.js';
import type { ParityMatcherResult } from './toBeObservationallyEquivalent.js';

/** The bridge-form output of an engine result or of a lane's successful Result. */
function outputOf(v: unknown): RunLike {
  // Only called with what judgeEnvelope accepted: an engine result or a lane's Result.
  const o = v as { ok?: unknown; value?: { output: RunLike }; output?: RunLike };
  return (o.ok === true && o.value !== undefined ? o.value.output : o.output) as RunLike;
}

function gateText(j: EnvelopeJudgement): string {
  const mark = (v: boolean | null): string => (v === null ? 'not gated' : v ? 'pass' : 'FAIL');
  return j.regime === 'strict'
    ? `strict equality: ${mark(j.gates.strict)}`
    : `G1 wave width bound: ${mark(j.gates.G1)}; G2 role-local rule: ${mark(j.gates.G2)}; G3 session order: ${mark(j.gates.G3)}`;
}

/**
 * `expect(threadedResult).toConformWithinEnvelope(cooperativeResult, { sessionOrder? })`: the
 * threaded-vs-baseline verdict of bridge.md §11 (`judgeEnvelope(baseline, candidate)`): strict
 * equality at n = 1 or in `canonical_one_step`, else the gates G1, G2 (and G3 with
 * `sessionOrder: true`). The message names each failed gate and shows the `EnvelopeDiff`.
 *
 * @example
 * ```ts
 * const coop = await lanes.cooperative.run(request);
 * const threaded = await lanes.threaded.run({ ...request, concurrency: 4 });
 * expect(threaded.value).toConformWithinEnvelope(coop.value);
 * ```
 * @public
 */
export function toConformWithinEnvelope(
  this: MatcherState,
  received: unknown,
  baseline: unknown,
  options: EnvelopeOptions = {},
): ParityMatcherResult {
  const injected = getMatcherDefaults();
  const merged: EnvelopeOptions = {
    ...(injected.deviations === undefined || injected.deviations === null ? {} : { deviations: injected.deviations }),
    ...(injected.onExpired === undefined ? {} : { onExpired: injected.onExpired }),
    ...options,
  };
  const hint = this.utils.matcherHint(
    `${this.isNot ? '.not' : ''}.toConformWithinEnvelope`,
    'candidate',
    'baseline',
    {},
  );
  let j: EnvelopeJudgement;
  try {
    // expect() gives unknown; judgeEnvelope rejects what is not a run with a TelltaleError.
    j = judgeEnvelope(baseline as EnvelopeInput, received as EnvelopeInput, merged);
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    return { pass: this.isNot, message: () => `${hint}\n\nCannot judge: ${text}` };
  }
  for (const w of j.warnings) console.warn(`telltale-parity: ${w}`);
  const c = colors();
  const regime =
    j.regime === 'strict'
      ? `strict equality (n = ${j.lanes}${j.mode === null ? '' : `, ${j.mode}`})`
      : `the envelope (n = ${j.lanes}${j.mode === null ? '' : `, ${j.mode}`}${options.sessionOrder === true ? ', sessionOrder' : ''})`;
  const diff = j.envelopeDiff === null ? '' : `\n\nEnvelopeDiff: ${JSON.stringify(j.envelopeDiff)}`;
  const waived =
    j.waived.length === 0
      ? ''
      : `\n\nWaived by deviations: ${j.waived.map((w) => `${w.deviation} (${w.scope})`).join(', ')}`;
  if (j.pass) {
    return {
      pass: true,
      message: () =>
        `${hint}\n\nExpected the candidate NOT to conform to the baseline within ${regime}, but it does (${gateText(j)}).${diff}${waived}`,
    };
  }
  const d = j.divergence;
  return {
    pass: false,
    message: () => {
      let table = '';
      if (d !== null) {
        const ctx = divergenceContext(outputOf(baseline), outputOf(received), d, { ticks: 'exact' });
        if (ctx !== null) table = `\n\n${renderContext(ctx, d.leftLane, d.rightLane, c)}`;
      }
      const failures = j.failures.map((f) => `  ${c.bold(f)}`).join('\n');
      const divergence = d === null ? '' : `\n\nDivergence: ${JSON.stringify(d)}`;
      return `${hint}\n\nExpected the candidate to conform to the baseline within ${regime}, but:\n${failures}${table}\n\nGates: ${gateText(j)}${diff}${divergence}${waived}`;
    },
    ...(d === null ? {} : { actual: d.right, expected: d.left }),
  };
}

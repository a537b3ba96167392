import type { MatcherState } from 'vitest';
import { divergenceContext } from '../src/trace/divergenceContext.js';
import {
  observationallyEquivalent,
  type EquivalenceOptions,
  type EquivalenceResult,
  type RunLike,
} from '../src/trace/observationallyEquivalent.js';
import { stringifySemanticDivergence, type SemanticComparison } from '../src/trace/compareSemanticSurfaces.js';
import { recordedLane } from '../src/trace/recordedLane.js';
import { colors, type Colors, renderContext } from './_internals/format.js';
import { getMatcherDefaults } from './matcherDefaults.js';

/** Shape every parity matcher returns (Vitest's synchronous matcher result). @public */
export interface ParityMatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
  readonly actual?: unknown;
  readonly expected?: unknown;
}

/**
 * `expect(left).toBeObservationallyEquivalent(right, options?)`: passes iff
 * `observationallyEquivalent(left, right, options)` holds (bridge.md §9.3). Defaults for `profile`,
 * `ticks`, `deviations` and `onExpired` come from the plugin options, then from the spec. On failure
 * the message gives the divergence's explanation, a few events of context on each side aligned by
 * session, and the divergence object; `actual`/`expected` are the two differing values so Vitest
 * prints a diff. When a side carries semantic objects, the semantic surfaces (`semanticSurfaces`,
 * default handoffs and invalidation) must agree as well: a difference there fails the assertion
 * even when the traces agree, and the message names the surface, the first differing object and its
 * JSON path, separately from the trace verdict.
 *
 * @example
 * ```ts
 * expect(cooperativeResult).toBeObservationallyEquivalent(referenceResult, { profile: 'ModuloCommutativity' });
 * ```
 * @public
 */
export function toBeObservationallyEquivalent(
  this: MatcherState,
  received: unknown,
  other: unknown,
  options: EquivalenceOptions = {},
): ParityMatcherResult {
  const injected = getMatcherDefaults();
  const merged: EquivalenceOptions = {
    ...(injected.profile === undefined ? {} : { profile: injected.profile }),
    ...(injected.ticks === undefined ? {} : { ticks: injected.ticks }),
    ...(injected.deviations === undefined || injected.deviations === null ? {} : { deviations: injected.deviations }),
    ...(injected.onExpired === undefined ? {} : { onExpired: injected.onExpired }),
    // The sides are named by their lanes (`cooperative`, `reference`, …); without one, by the
    // matcher's own words, never `left`/`right`.
    leftLane: options.leftLane ?? recordedLane(received) ?? 'received',
    rightLane: options.rightLane ?? recordedLane(other) ?? 'expected',
    ...options,
  };
  const hint = this.utils.matcherHint(
    `${this.isNot ? '.not' : ''}.toBeObservationallyEquivalent`,
    'received',
    'expected',
    {},
  );
  const settings = `profile ${merged.profile ?? 'Full'}, ticks ${merged.ticks ?? 'per-session'}`;
  let r: EquivalenceResult;
  try {
    // expect() gives unknown; observationallyEquivalent rejects what is not a run with a TelltaleError.
    r = observationallyEquivalent(received as RunLike, other as RunLike, merged);
  } catch (error) {
    // Bad input is a failure with its own sentence, in both polarities (never a silent `.not` pass).
    const text = error instanceof Error ? error.message : String(error);
    return { pass: this.isNot, message: () => `${hint}\n\nCannot compare: ${text}` };
  }
  for (const w of r.warnings) console.warn(`telltale-parity: ${w}`);
  const c = colors();
  const waivedText =
    r.waived.length === 0
      ? ''
      : `\n\nWaived by deviations:\n${r.waived.map((w) => `  ${w.deviation} (${w.scope}${w.expired ? ', expired' : ''}): ${w.divergence.explanation}`).join('\n')}`;
  const semantic = r.semantic;
  const semanticText = semantic === undefined ? '' : semanticSection(semantic, c);
  if (r.equivalent && (semantic?.equivalent ?? true)) {
    const agree = semantic === undefined ? '' : ` Their semantic surfaces (${semantic.surfaces.join(', ')}) agree too.`;
    return {
      pass: true,
      message: () =>
        `${hint}\n\nExpected the runs NOT to be observationally equivalent (${settings}), but they are.${agree}${waivedText}`,
    };
  }
  const d = r.divergence;
  if (r.equivalent && semantic !== undefined) {
    // The traces agree; a semantic surface does not (reported beside the trace verdict).
    const first = semantic.divergences[0];
    return {
      pass: false,
      message: () =>
        `${hint}\n\nExpected the runs to be observationally equivalent (${settings}): the traces agree, but ${c.bold(first?.explanation ?? 'a semantic surface differs')}${semanticText}${waivedText}`,
      actual: first?.left,
      expected: first?.right,
    };
  }
  return {
    pass: false,
    message: () => {
      if (d === null) return `${hint}\n\nExpected the runs to be observationally equivalent (${settings}).`;
      // Accepted by observationallyEquivalent above.
      const ctx = divergenceContext(received as RunLike, other as RunLike, d, merged);
      const table = ctx === null ? '' : `\n\n${renderContext(ctx, d.leftLane, d.rightLane, c)}`;
      return `${hint}\n\nExpected the runs to be observationally equivalent (${settings}), but ${c.bold(d.explanation)}${table}\n\nDivergence: ${JSON.stringify(d)}${semanticText}${waivedText}`;
    },
    actual: d?.left,
    expected: d?.right,
  };
}

/** The semantic-surface report: one line per compared surface, then each divergence object. */
function semanticSection(semantic: SemanticComparison, c: Colors): string {
  const lines = semantic.surfaces.map((surface) => {
    const d = semantic.divergences.find((x) => x.kind === surface);
    return d === undefined
      ? `  ${surface}: agree`
      : `  ${c.red(`${surface}: differ`)} — first differing ${d.object} at ${d.path}${d.fields.length > 0 ? ` (fields ${d.fields.join(', ')})` : ''}`;
  });
  const objects = semantic.divergences.map((d) => `Semantic divergence: ${stringifySemanticDivergence(d)}`);
  return `\n\nSemantic surfaces (reported beside the trace verdict):\n${lines.join('\n')}${objects.length > 0 ? `\n\n${objects.join('\n')}` : ''}`;
}

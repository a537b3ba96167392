import type { BridgeEvent, RunDiagnostics, RunOutput, RunResult } from '../types/bridge.js';
import { TelltaleError } from '../types/errors.js';
import type { DeviationEntry } from './checkDeviations.js';
import type { Divergence } from './divergence.js';
import { toBridgeForm } from './_internals/bridgeForm.js';
import { compareOutputs } from './_internals/compareOutputs.js';
import { DETERMINISM_PROFILES, type DeterminismProfile } from './determinismProfile.js';
import { resolveDeviations } from './_internals/waivers.js';
import type { Waiver } from './Waiver.js';
import {
  compareSemanticSurfaces,
  SEMANTIC_SURFACES,
  type SemanticComparison,
  type SemanticSurface,
} from './compareSemanticSurfaces.js';

/**
 * Anything {@link observationallyEquivalent} accepts (bridge.md §9.3 step 1): a bridge event array,
 * a machine trace, a run output, an engine/lane result `{ output, diagnostics }`, or a lane's
 * `Result` of one (a failed run is rejected with its error code).
 * @public
 */
export type RunLike =
  | readonly BridgeEvent[]
  | readonly object[]
  | RunOutput
  | RunResult
  | { readonly output: RunOutput; readonly diagnostics?: RunDiagnostics | null; readonly lane?: string }
  | {
      readonly trace: readonly object[];
      readonly status?: string;
      readonly sessions?: readonly object[];
      readonly steps_executed?: number;
    }
  | { readonly ok: true; readonly value: RunResult }
  | { readonly ok: false; readonly error: object };

/**
 * Options of {@link observationallyEquivalent} and `toBeObservationallyEquivalent` (bridge.md §9.3).
 * @public
 */
export interface EquivalenceOptions {
  /** Determinism profile (bridge.md §10). @defaultValue `'Full'` */
  readonly profile?: DeterminismProfile;
  /**
   * `'per-session'` normalizes ticks (§9.2); `'exact'` compares raw ticks (telltale's Rust verdict) and,
   * when both inputs are run outputs, every `step_states` entry too (a difference is kind `steps` at
   * that step index). @defaultValue `'per-session'`
   */
  readonly ticks?: 'per-session' | 'exact';
  /** Deviation entries, or the path of a registry file (§14.1), whose `covers` waive differences. */
  readonly deviations?: readonly DeviationEntry[] | string;
  /** What an expired covering entry does: still waive and warn, or fail naming it. @defaultValue `'warn'` */
  readonly onExpired?: 'warn' | 'fail';
  /** Name of the left lane in the divergence. @defaultValue the lane recorded in the input, else `'left'` */
  readonly leftLane?: string;
  /** Name of the right lane in the divergence. @defaultValue the lane recorded in the input, else `'right'` */
  readonly rightLane?: string;
  /**
   * Semantic surfaces compared when a side carries semantic objects (`[]` compares none). Their
   * differences are reported in `semantic`, beside the trace verdict, never in it.
   * @defaultValue `['handoffs', 'invalidation']` (both, as the chapter's bridge-side comparison does)
   */
  readonly semanticSurfaces?: readonly SemanticSurface[];
}

/**
 * Result of {@link observationallyEquivalent}.
 * @public
 */
export interface EquivalenceResult {
  readonly equivalent: boolean;
  /** The first difference that no deviation waived (bridge.md §9.4), or `null`. */
  readonly divergence: Divergence | null;
  /** Differences waived by deviation entries, in the order found. */
  readonly waived: readonly Waiver[];
  /** Expired deviations that waived something under `onExpired: 'warn'`. */
  readonly warnings: readonly string[];
  /**
   * The semantic surfaces (handoffs, invalidation), present only when a compared side carries
   * semantic objects. `equivalent` above is the trace verdict alone; check `semantic.equivalent`
   * too (the matcher does).
   */
  readonly semantic?: SemanticComparison;
}

/**
 * Defaults of the trace comparisons' options, in one place: {@link EquivalenceOptions}, `StrictOptions`
 * and `EnvelopeOptions` (`sessionOrder`).
 * @example `observationallyEquivalent(a, b, { ...kEquivalenceDefaults, ticks: 'exact' })`
 * @public
 */
export const kEquivalenceDefaults = {
  profile: 'Full',
  ticks: 'per-session',
  onExpired: 'warn',
  sessionOrder: false,
  semanticSurfaces: SEMANTIC_SURFACES,
} as const satisfies EquivalenceOptions & { sessionOrder: boolean };

/** Checks options at the API edge; a typo must not silently pick a default. @internal */
export function checkEquivalenceOptions(options: EquivalenceOptions): void {
  if (options.profile !== undefined && !DETERMINISM_PROFILES.includes(options.profile)) {
    throw new TelltaleError(
      'InvalidOption',
      `unknown determinism profile ${JSON.stringify(options.profile)}; use one of ${DETERMINISM_PROFILES.join(', ')}`,
      { path: '$.profile' },
    );
  }
  if (options.ticks !== undefined && options.ticks !== 'per-session' && options.ticks !== 'exact') {
    throw new TelltaleError(
      'InvalidOption',
      `unknown ticks mode ${JSON.stringify(options.ticks)}; use 'per-session' or 'exact'`,
      { path: '$.ticks' },
    );
  }
  if (options.onExpired !== undefined && options.onExpired !== 'warn' && options.onExpired !== 'fail') {
    throw new TelltaleError(
      'InvalidOption',
      `unknown onExpired ${JSON.stringify(options.onExpired)}; use 'warn' or 'fail'`,
      { path: '$.onExpired' },
    );
  }
  const surfaces: unknown = options.semanticSurfaces;
  if (surfaces !== undefined) {
    const bad = Array.isArray(surfaces)
      ? (surfaces as unknown[]).find((x) => !SEMANTIC_SURFACES.includes(x as SemanticSurface))
      : surfaces;
    if (!Array.isArray(surfaces) || bad !== undefined) {
      throw new TelltaleError(
        'InvalidOption',
        `unknown semantic surface ${JSON.stringify(bad)}; semanticSurfaces is an array of ${SEMANTIC_SURFACES.map((x) => `'${x}'`).join(', ')} ([] compares none)`,
        { path: '$.semanticSurfaces' },
      );
    }
  }
}

/**
 * Observational equivalence of two executions (bridge.md §9.3): both sides are converted to the
 * bridge form, ticks are normalized per session (unless `ticks: 'exact'`), and the traces, then
 * `status`, `sessions` and `steps_executed` (where both inputs have them and the profile compares
 * them) are compared. The first difference not waived by a deviation entry is the divergence.
 * When a side carries semantic objects, the semantic surfaces (`semanticSurfaces`) are compared too
 * and reported in `semantic`, separately from `equivalent`. A Rust machine trace (serde `ObsEvent`s)
 * is read with `fromRustTrace`.
 * Linear in the trace lengths. Throws a `TelltaleError` only on inputs that are not runs or traces,
 * bad options, or an unusable registry file.
 *
 * @param left - Trace, run output or engine result.
 * @param right - Trace, run output or engine result.
 * @param options - See {@link EquivalenceOptions}.
 * @example
 * ```ts
 * const r = observationallyEquivalent(coop, ref, { leftLane: 'cooperative', rightLane: 'reference' });
 * if (!r.equivalent) console.error(r.divergence?.explanation);
 * ```
 * @public
 */
export function observationallyEquivalent(
  left: RunLike,
  right: RunLike,
  options: EquivalenceOptions = {},
): EquivalenceResult {
  checkEquivalenceOptions(options);
  // Messages about a bad input name the side as the caller named it.
  const l = toBridgeForm(left, options.leftLane ?? 'left');
  const r = toBridgeForm(right, options.rightLane ?? 'right');
  const deviations = resolveDeviations(options.deviations);
  const onExpired = options.onExpired ?? kEquivalenceDefaults.onExpired;
  const leftLane = options.leftLane ?? l.lane ?? 'left';
  const rightLane = options.rightLane ?? r.lane ?? 'right';
  const outcome = compareOutputs(l, r, {
    profile: options.profile ?? kEquivalenceDefaults.profile,
    ticks: options.ticks ?? kEquivalenceDefaults.ticks,
    strict: false,
    deviations,
    onExpired,
    leftLane,
    rightLane,
  });
  // Semantic surfaces are judged beside the trace verdict, never folded into it (the chapter).
  const waived = [...outcome.waived];
  const warnings = [...outcome.warnings];
  const semantic = compareSemanticSurfaces(
    l.output?.['semantic_objects'],
    r.output?.['semantic_objects'],
    {
      surfaces: options.semanticSurfaces ?? kEquivalenceDefaults.semanticSurfaces,
      deviations,
      onExpired,
      leftLane,
      rightLane,
    },
    waived,
    warnings,
  );
  return semantic === null ? outcome : { ...outcome, waived, warnings, semantic };
}

import type { RunDiagnostics, RunOutput } from '../types/bridge.js';
import { TelltaleError, type BridgeError } from '../types/errors.js';
import type { DeviationEntry } from './checkDeviations.js';
import { makeDivergence, type Divergence } from './divergence.js';
import { normalizeTrace } from './normalizeTrace.js';
import { kEquivalenceDefaults } from './observationallyEquivalent.js';
import { toBridgeForm } from './_internals/bridgeForm.js';
import { compareOutputs } from './_internals/compareOutputs.js';
import { decideWaiver, resolveDeviations } from './_internals/waivers.js';
import type { Waiver } from './Waiver.js';
import {
  isRecord,
  num,
  listsEqual,
  schedulerClass,
  sortedEffects,
  failureVisible,
  roleLocalViolation,
} from './_internals/envelopeRules.js';

/** `scheduler_permutation_class` values (bridge.md §11.2). @public */
export type SchedulerPermutationClass = 'Exact' | 'SessionNormalizedPermutation' | 'EnvelopeBounded';
/** `effect_ordering_class` values (bridge.md §11.2). @public */
export type EffectOrderingClass = 'Exact' | 'ReplayDeterministic' | 'EnvelopeBounded';
/** `effect_determinism_tier` values (bridge.md §11.2, machine.md §9.1). @public */
export type EffectDeterminismTier =
  'strict_deterministic' | 'replay_deterministic' | 'envelope_bounded_nondeterministic';

/**
 * telltale's `EnvelopeDiff` (bridge.md §11.2), JSON names.
 * @example
 * ```ts
 * judgeEnvelope(coop, threaded).envelopeDiff?.scheduler_permutation_class; // 'SessionNormalizedPermutation'
 * ```
 * @public
 */
export interface EnvelopeDiff {
  readonly schema_version: 'protocol_machine.envelope_diff.v1';
  readonly baseline_engine: string;
  readonly candidate_engine: string;
  readonly scheduler_permutation_class: SchedulerPermutationClass;
  readonly wave_width_bound: {
    readonly baseline_max_wave_width: number;
    readonly candidate_max_wave_width: number;
    readonly declared_upper_bound: number;
  };
  readonly effect_ordering_class: EffectOrderingClass;
  readonly failure_visible_diff_class: 'Exact' | 'EnvelopeBounded';
  readonly effect_determinism_tier: EffectDeterminismTier;
}

/** Options of {@link judgeEnvelope}. @public */
export interface EnvelopeOptions {
  /** Gate G3 (`scheduler_permutation_class` ∈ {Exact, SessionNormalizedPermutation}). @defaultValue `false` */
  readonly sessionOrder?: boolean;
  /** Deviation entries or a registry path; scope keys in docs/deviations.md. */
  readonly deviations?: readonly DeviationEntry[] | string;
  /** @defaultValue `'warn'` */
  readonly onExpired?: 'warn' | 'fail';
}

/** One gate's verdict: `true` passed, `false` failed, `null` not applicable / not gated. @public */
export interface EnvelopeGates {
  /** n = 1 or `canonical_one_step`: strict equality (bridge.md §11.1). */
  readonly strict: boolean | null;
  /** `within_declared_bound`. */
  readonly G1: boolean | null;
  /** The role-local acceptance rule (§11.4). */
  readonly G2: boolean | null;
  /** Session order (only with `sessionOrder: true`). */
  readonly G3: boolean | null;
}

/**
 * The verdict of {@link judgeEnvelope}.
 * @public
 */
export interface EnvelopeJudgement {
  readonly pass: boolean;
  /** `strict` (n = 1 or `canonical_one_step`) or `envelope` (n > 1, wave mode). */
  readonly regime: 'strict' | 'envelope';
  /** The candidate's lane count n (0 treated as 1). */
  readonly lanes: number;
  readonly mode: string | null;
  /** The classification; `null` in the strict regime (no classifier there). */
  readonly envelopeDiff: EnvelopeDiff | null;
  readonly gates: EnvelopeGates;
  /** Strict regime: the first divergence (§9.4, `Full`, exact ticks, `steps` for step_states). */
  readonly divergence: Divergence | null;
  /** One sentence per failed gate, saying what differed. */
  readonly failures: readonly string[];
  readonly waived: readonly Waiver[];
  readonly warnings: readonly string[];
}

/**
 * What judgeEnvelope accepts for each side: an engine result `{ output, diagnostics }` (a
 * {@link RunResult}; external lanes have no diagnostics).
 * @example `const input: EnvelopeInput = (await lanes.threaded.run(request)).value;`
 * @public
 */
export interface EnvelopeInput {
  readonly output: RunOutput;
  readonly diagnostics?: RunDiagnostics | null;
}

/**
 * A lane's `Result` of an engine result, as `lane.run()` returns it.
 * @example `judgeEnvelope(await lanes.cooperative.run(req), await lanes.threaded.run(req))`
 * @public
 */
export type LaneResult =
  | { readonly ok: true; readonly value: EnvelopeInput }
  | { readonly ok: false; readonly error: Pick<BridgeError, 'code' | 'message'> };

function isLaneResult(input: EnvelopeInput | LaneResult): input is LaneResult {
  // Plain-JavaScript callers may pass anything: only an object with a boolean `ok` and no `output` is a Result.
  return isRecord(input) && typeof input['ok'] === 'boolean' && !('output' in input);
}

function unwrap(input: EnvelopeInput | LaneResult, what: string): EnvelopeInput {
  if (!isLaneResult(input)) return input;
  if (input.ok) return input.value;
  throw new TelltaleError(
    'RunFailed',
    `${what} is a failed run (${String(input.error.code ?? 'error')}: ${String(input.error.message ?? '')}); judge only runs that produced an output`,
  );
}

/**
 * The one threaded-vs-baseline classifier (bridge.md §11): at n = 1 or in mode `canonical_one_step`,
 * strict equality of the bridge-form outputs (§11.1); at n > 1 the `EnvelopeDiff` of §11.2 with the
 * gates of §11.3 — G1 `within_declared_bound` and G2 the role-local rule (§11.4) always, G3 session
 * order only with `sessionOrder: true`. `failure_visible_diff_class` and `effect_ordering_class` are
 * reported, never gated.
 *
 * @param baseline - The cooperative engine's result `{ output, diagnostics }`.
 * @param candidate - The threaded engine's result for the same request.
 * @param options - See {@link EnvelopeOptions}.
 * @example
 * ```ts
 * const j = judgeEnvelope(coopResult, threadedResult, { sessionOrder: true });
 * if (!j.pass) console.error(j.failures.join('\n'));
 * ```
 * @public
 */
export function judgeEnvelope(
  baseline: EnvelopeInput | LaneResult,
  candidate: EnvelopeInput | LaneResult,
  options: EnvelopeOptions = {},
): EnvelopeJudgement {
  const baseRun = unwrap(baseline, 'baseline');
  const candRun = unwrap(candidate, 'candidate');
  // Typed callers cannot get here; plain-JavaScript callers passing something else get told what to pass.
  if (!isRecord(baseRun) || baseRun.output === undefined || !isRecord(candRun) || candRun.output === undefined) {
    throw new TelltaleError(
      'InvalidInput',
      'judgeEnvelope takes engine results { output, diagnostics } for the baseline (cooperative) and the candidate (threaded)',
    );
  }
  const base = toBridgeForm(baseRun, 'baseline');
  const cand = toBridgeForm(candRun, 'candidate');
  const deviations = resolveDeviations(options.deviations);
  const onExpired = options.onExpired ?? kEquivalenceDefaults.onExpired;
  const bLane = base.lane ?? 'cooperative';
  const cLane = cand.lane ?? 'threaded';
  const threaded = candRun.diagnostics?.threaded;
  const rawLanes = num(threaded?.lanes) ?? num(candRun.output.concurrency) ?? 1;
  const lanes = rawLanes === 0 ? 1 : rawLanes;
  const mode = typeof threaded?.mode === 'string' ? threaded.mode : null;

  if (lanes === 1 || mode === 'canonical_one_step') {
    const r = compareOutputs(base, cand, {
      profile: 'Full',
      ticks: 'exact',
      strict: true,
      deviations,
      onExpired,
      leftLane: bLane,
      rightLane: cLane,
    });
    return {
      pass: r.equivalent,
      regime: 'strict',
      lanes,
      mode,
      envelopeDiff: null,
      gates: { strict: r.equivalent, G1: null, G2: null, G3: null },
      divergence: r.divergence,
      failures: r.divergence === null ? [] : [`strict equality: ${r.divergence.explanation}`],
      waived: r.waived,
      warnings: r.warnings,
    };
  }

  const bt = normalizeTrace(base.trace);
  const ct = normalizeTrace(cand.trace);
  const sched = schedulerClass(bt, ct);
  const effects: EffectOrderingClass = listsEqual(sortedEffects(baseRun.output), sortedEffects(candRun.output))
    ? 'Exact'
    : sched === 'EnvelopeBounded'
      ? 'EnvelopeBounded'
      : 'ReplayDeterministic';
  const failureClass = listsEqual(failureVisible(baseRun.diagnostics), failureVisible(candRun.diagnostics))
    ? 'Exact'
    : 'EnvelopeBounded';
  const width = num(threaded?.max_wave_width) ?? 1;
  const tierRaw = candRun.diagnostics?.effect_determinism_tier ?? candRun.diagnostics?.config?.effect_determinism_tier;
  const tier: EffectDeterminismTier =
    tierRaw === 'replay_deterministic' || tierRaw === 'envelope_bounded_nondeterministic'
      ? tierRaw
      : 'strict_deterministic';
  const envelopeDiff: EnvelopeDiff = {
    schema_version: 'protocol_machine.envelope_diff.v1',
    baseline_engine: typeof baseRun.diagnostics?.engine === 'string' ? baseRun.diagnostics.engine : bLane,
    candidate_engine: typeof candRun.diagnostics?.engine === 'string' ? candRun.diagnostics.engine : cLane,
    scheduler_permutation_class: sched,
    wave_width_bound: { baseline_max_wave_width: 1, candidate_max_wave_width: width, declared_upper_bound: lanes },
    effect_ordering_class: effects,
    failure_visible_diff_class: failureClass,
    effect_determinism_tier: tier,
  };

  const failures: string[] = [];
  const waived: Waiver[] = [];
  const warnings: string[] = [];
  // A gate failure is a difference too: a deviation whose covers hold its scope key waives it.
  const gate = (holds: boolean, scope: string, sentence: string): boolean => {
    if (holds) return true;
    const stand: Divergence = makeDivergence({
      kind: 'different',
      leftIndex: null,
      rightIndex: null,
      session: null,
      left: null,
      right: null,
      leftLane: bLane,
      rightLane: cLane,
    });
    const decision = decideWaiver(deviations, scope, { ...stand, explanation: sentence }, onExpired);
    if (decision.kind === 'waived') {
      waived.push(decision.waiver);
      if (decision.warning !== null) warnings.push(decision.warning);
      return true;
    }
    failures.push(
      decision.kind === 'expired-fail'
        ? `${sentence} — deviation ${decision.entry.id} covers ${scope} but expired on ${decision.entry.revisit} (onExpired: 'fail')`
        : sentence,
    );
    return false;
  };
  const g1 = gate(
    width <= lanes,
    'threaded.envelope.wave_width_bound',
    `G1 within_declared_bound: candidate max wave width ${width} exceeds the declared upper bound ${lanes}`,
  );
  const violation = roleLocalViolation(base, cand, bLane, cLane);
  const g2 = gate(violation === null, 'threaded.envelope.role_local', `G2 role-local rule: ${violation ?? ''}`);
  const g3 =
    (options.sessionOrder ?? kEquivalenceDefaults.sessionOrder) === true
      ? gate(
          sched !== 'EnvelopeBounded',
          'threaded.envelope.scheduler_permutation',
          `G3 session order: scheduler_permutation_class is EnvelopeBounded (some session's events differ between ${bLane} and ${cLane})`,
        )
      : null;
  return {
    pass: g1 && g2 && g3 !== false,
    regime: 'envelope',
    lanes,
    mode,
    envelopeDiff,
    gates: { strict: null, G1: g1, G2: g2, G3: g3 },
    divergence: null,
    failures,
    waived,
    warnings,
  };
}

import type { BridgeEvent, FailureVisible, RunDiagnostics, RunOutput } from '../types/bridge.js';
import { TelltaleError, type BridgeError } from '../types/errors.js';
import type { DeviationEntry } from './checkDeviations.js';
import { describeEvent, makeDivergence, type Divergence } from './divergence.js';
import { eventSession } from './eventSession.js';
import { normalizeTrace } from './normalizeTrace.js';
import { kEquivalenceDefaults } from './observationallyEquivalent.js';
import { toBridgeForm, type BridgeForm } from './_internals/bridgeForm.js';
import { compareOutputs } from './_internals/compareOutputs.js';
import { canonicalJson, jsonEqual } from './_internals/jsonEqual.js';
import { decideWaiver, resolveDeviations } from './_internals/waivers.js';
import type { Waiver } from './Waiver.js';

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

function isRecord(v: unknown): v is Readonly<Record<string, unknown>> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The fields of an `effect_trace` entry (bridge.md §11.2) that order effects; absent ones sort first. */
interface EffectOrder {
  readonly ordering_key?: unknown;
  readonly effect_id?: unknown;
  readonly effect_kind?: unknown;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Per-session event lists, session-less events dropped. */
function bySession(trace: readonly BridgeEvent[]): Map<number, BridgeEvent[]> {
  const m = new Map<number, BridgeEvent[]>();
  for (const e of trace) {
    const s = eventSession(e);
    if (s === null) continue;
    const l = m.get(s);
    if (l === undefined) m.set(s, [e]);
    else l.push(e);
  }
  return m;
}

function listsEqual(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (!jsonEqual(a[i], b[i])) return false;
  return true;
}

function schedulerClass(base: readonly BridgeEvent[], cand: readonly BridgeEvent[]): SchedulerPermutationClass {
  if (listsEqual(base, cand)) return 'Exact';
  const a = bySession(base);
  const b = bySession(cand);
  if (a.size !== b.size) return 'EnvelopeBounded';
  for (const [s, l] of a) {
    const r = b.get(s);
    if (r === undefined || !listsEqual(l, r)) return 'EnvelopeBounded';
  }
  return 'SessionNormalizedPermutation';
}

function sortedEffects(output: RunOutput): unknown[] {
  const raw = output.effect_trace;
  const list: unknown[] = Array.isArray(raw) ? raw.slice() : [];
  const key = (e: unknown): [number, number, string] => {
    const o: EffectOrder = isRecord(e) ? e : {};
    return [num(o.ordering_key) ?? 0, num(o.effect_id) ?? 0, typeof o.effect_kind === 'string' ? o.effect_kind : ''];
  };
  return list.sort((x, y) => {
    const [a1, a2, a3] = key(x);
    const [b1, b2, b3] = key(y);
    return a1 - b1 || a2 - b2 || (a3 < b3 ? -1 : a3 > b3 ? 1 : 0);
  });
}

/** The failure-visible snapshot with the sort/dedupe rules of bridge.md §11.2. */
function failureVisible(diagnostics: RunDiagnostics | null | undefined): unknown[][] {
  const fv: Partial<FailureVisible> = diagnostics?.failure_visible ?? {};
  const norm = (key: keyof FailureVisible, dedupe: boolean): unknown[] => {
    const raw = fv[key];
    const list: readonly unknown[] = Array.isArray(raw) ? raw : [];
    const keyed = list.map((v) => [canonicalJson(v), v] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const out: unknown[] = [];
    let last: string | undefined;
    for (const [k, v] of keyed) {
      if (dedupe && k === last) continue;
      out.push(v);
      last = k;
    }
    return out;
  };
  return [
    norm('crashed_sites', true),
    norm('partitioned_edges', true),
    norm('corrupted_edges', true),
    norm('timed_out_sites', false),
  ];
}

type Step = readonly [kind: string, sender: unknown, receiver: unknown, label: unknown];

/** R(s, r) of bridge.md §11.4, keyed `s\u0000r`. */
function roleLocal(trace: readonly BridgeEvent[]): Map<string, Step[]> {
  const m = new Map<string, Step[]>();
  for (const e of trace) {
    let role: unknown;
    if (e.kind === 'sent') role = e.sender;
    else if (e.kind === 'received') role = e.receiver;
    else continue;
    const key = `${String(eventSession(e))}\u0000${String(role)}`;
    const step: Step = [e.kind, e.sender ?? null, e.receiver ?? null, e.label ?? null];
    const l = m.get(key);
    if (l === undefined) m.set(key, [step]);
    else l.push(step);
  }
  return m;
}

function lifeOf(trace: readonly BridgeEvent[]): Map<string, { kind: string; reason: unknown }[]> {
  const m = new Map<string, { kind: string; reason: unknown }[]>();
  for (const e of trace) {
    if (e.kind !== 'halted' && e.kind !== 'faulted') continue;
    const t = String(e.target ?? null);
    const l = m.get(t);
    const item = { kind: e.kind, reason: e.reason ?? null };
    if (l === undefined) m.set(t, [item]);
    else l.push(item);
  }
  return m;
}

/** A halt or fault reason as printed: strings as they are, anything else as canonical JSON. */
function reasonText(reason: unknown): string {
  return typeof reason === 'string' ? reason : canonicalJson(reason);
}

function isPrefix(a: readonly Step[], b: readonly Step[]): boolean {
  if (a.length > b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (!jsonEqual(a[i], b[i])) return false;
  return true;
}

function showSteps(steps: readonly Step[]): string {
  return `[${steps.map(([k, s, r, l]) => describeEvent({ kind: k, sender: s, receiver: r, label: l })).join(', ')}]`;
}

/** The role-local acceptance rule (bridge.md §11.4); returns the first violation, or null. */
function roleLocalViolation(base: BridgeForm, cand: BridgeForm, bLane: string, cLane: string): string | null {
  const bo = base.trace.filter((e) => e.kind === 'opened');
  const co = cand.trace.filter((e) => e.kind === 'opened');
  if (!listsEqual(bo, co))
    return `opened events differ: ${bLane} [${bo.map(describeEvent).join(', ')}], ${cLane} [${co.map(describeEvent).join(', ')}]`;
  const br = roleLocal(base.trace);
  const cr = roleLocal(cand.trace);
  const keys = [...new Set([...br.keys(), ...cr.keys()])].sort();
  const bothCompleted = base.status === 'completed' && cand.status === 'completed';
  for (const key of keys) {
    const a = br.get(key) ?? [];
    const b = cr.get(key) ?? [];
    const ok = bothCompleted ? listsEqual(a, b) : isPrefix(a, b) || isPrefix(b, a);
    if (!ok) {
      const [s, r] = key.split('\u0000');
      const rule = bothCompleted ? 'must be equal (both runs completed)' : 'must be a prefix of one another';
      return `role ${String(r)} of session ${String(s)}: events ${rule}; ${bLane} ${showSteps(a)}, ${cLane} ${showSteps(b)}`;
    }
  }
  const bl = lifeOf(base.trace);
  const cl = lifeOf(cand.trace);
  if (bothCompleted) {
    const flat = (m: Map<string, { kind: string; reason: unknown }[]>): string[] =>
      [...new Set([...m].flatMap(([t, l]) => l.map((x) => canonicalJson([x.kind, t, x.reason]))))].sort();
    const a = flat(bl);
    const b = flat(cl);
    if (!listsEqual(a, b)) return `halted/faulted coroutines differ: ${bLane} ${a.join(' ')}, ${cLane} ${b.join(' ')}`;
    if (!jsonEqual(base.sessions ?? null, cand.sessions ?? null))
      return `sessions differ: ${bLane} ${canonicalJson(base.sessions ?? null)}, ${cLane} ${canonicalJson(cand.sessions ?? null)}`;
    return null;
  }
  for (const [target, a] of bl) {
    const b = cl.get(target);
    if (b === undefined) continue;
    const x = a[0];
    const y = b[0];
    if (x !== undefined && y !== undefined && (x.kind !== y.kind || !jsonEqual(x.reason, y.reason))) {
      return `coroutine ${target} ends differently: ${bLane} ${x.kind}${x.reason === null ? '' : ` (${reasonText(x.reason)})`}, ${cLane} ${y.kind}${y.reason === null ? '' : ` (${reasonText(y.reason)})`}`;
    }
  }
  return null;
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

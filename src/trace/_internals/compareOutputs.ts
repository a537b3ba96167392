import { tier2Defaults } from '../../types/bridge.js';
import type { DeviationEntry } from '../checkDeviations.js';
import type { DeterminismProfile } from '../determinismProfile.js';
import { makeDivergence, type Divergence, type DivergenceFields } from '../divergence.js';
import { stepStatesOf, type BridgeForm } from './bridgeForm.js';
import { dropNulls, jsonEqual } from './jsonEqual.js';
import { firstStepStateDifference } from './stepStatesEqual.js';
import { eventsEqualAt, materialize, prepareTrace, sessionAt } from './preparedTrace.js';
import { decideWaiver, type Waiver } from './waivers.js';

/** @internal */
export interface CompareSettings {
  readonly profile: DeterminismProfile;
  readonly ticks: 'per-session' | 'exact';
  /** Strict comparison of bridge.md §11.1: also every `step_states` entry and every other output field. */
  readonly strict: boolean;
  readonly deviations: readonly DeviationEntry[];
  readonly onExpired: 'warn' | 'fail';
  readonly leftLane: string;
  readonly rightLane: string;
}

/** @internal */
export interface CompareOutcome {
  readonly equivalent: boolean;
  readonly divergence: Divergence | null;
  readonly waived: readonly Waiver[];
  readonly warnings: readonly string[];
}

type Context = { canonical?: boolean; stepStates?: boolean; explanation?: string };

/** Output fields the strict comparison reads after the ones with their own divergence kind. */
const kEmptySemanticObjects = tier2Defaults().semantic_objects;
const kStrictOtherFields = [
  'schema_version',
  'concurrency',
  'effect_exchanges',
  'output_condition_trace',
  'semantic_objects',
] as const;

/**
 * Compares two bridge forms (bridge.md §9.3 steps 2–4, §10, §11.1). Linear in the trace lengths.
 * @internal
 */
export function compareOutputs(left: BridgeForm, right: BridgeForm, s: CompareSettings): CompareOutcome {
  const waived: Waiver[] = [];
  const warnings: string[] = [];
  const canonical = s.profile === 'ModuloCommutativity';
  const lt = prepareTrace(left.trace, s.ticks, canonical);
  const rt = prepareTrace(right.trace, s.ticks, canonical);

  // Returns the failing divergence, or null when a deviation waived it.
  const check = (
    fields: Omit<DivergenceFields, 'leftLane' | 'rightLane'>,
    scope: string,
    ctx: Context = {},
  ): Divergence | null => {
    const full: DivergenceFields = { ...fields, leftLane: s.leftLane, rightLane: s.rightLane };
    const divergence =
      ctx.explanation === undefined
        ? makeDivergence(full, ctx)
        : { ...makeDivergence(full, ctx), explanation: ctx.explanation };
    const decision = decideWaiver(s.deviations, scope, divergence, s.onExpired);
    if (decision.kind === 'none') return divergence;
    if (decision.kind === 'expired-fail') {
      return {
        ...divergence,
        explanation: `${divergence.explanation} — deviation ${decision.entry.id} covers ${scope} but expired on ${decision.entry.revisit} (onExpired: 'fail'); revisit it and set a new date, or mark it resolved`,
      };
    }
    waived.push(decision.waiver);
    if (decision.warning !== null) warnings.push(decision.warning);
    return null;
  };
  const fail = (divergence: Divergence): CompareOutcome => ({ equivalent: false, divergence, waived, warnings });

  // 1. The trace.
  const common = Math.min(lt.length, rt.length);
  for (let i = 0; i < common; i += 1) {
    if (eventsEqualAt(lt, i, rt, i)) continue;
    const a = materialize(lt, i);
    const b = materialize(rt, i);
    const d = check(
      {
        kind: 'different',
        leftIndex: i,
        rightIndex: i,
        session: sessionAt(lt, i) ?? sessionAt(rt, i),
        left: a,
        right: b,
      },
      `bridge.trace.${a.kind}`,
      { canonical },
    );
    if (d !== null) return fail(d);
  }
  if (lt.length < rt.length) {
    const b = materialize(rt, lt.length);
    const d = check(
      {
        kind: 'missing',
        leftIndex: null,
        rightIndex: lt.length,
        session: sessionAt(rt, lt.length),
        left: null,
        right: b,
      },
      `bridge.trace.${b.kind}`,
      { canonical },
    );
    if (d !== null) return fail(d);
  } else if (lt.length > rt.length) {
    const a = materialize(lt, rt.length);
    const d = check(
      {
        kind: 'extra',
        leftIndex: rt.length,
        rightIndex: null,
        session: sessionAt(lt, rt.length),
        left: a,
        right: null,
      },
      `bridge.trace.${a.kind}`,
      { canonical },
    );
    if (d !== null) return fail(d);
  }

  // 2. status, sessions, steps_executed, where both inputs have them.
  if (left.status !== undefined && right.status !== undefined && left.status !== right.status) {
    const d = check(
      { kind: 'status', leftIndex: null, rightIndex: null, session: null, left: left.status, right: right.status },
      'bridge.output.status',
    );
    if (d !== null) return fail(d);
  }
  if (left.sessions !== undefined && right.sessions !== undefined) {
    const ls = left.sessions;
    const rs = right.sessions;
    const n = Math.max(ls.length, rs.length);
    for (let i = 0; i < n; i += 1) {
      const a = ls[i] ?? null;
      const b = rs[i] ?? null;
      if (jsonEqual(a, b)) continue;
      const sid =
        a !== null && typeof a.sid === 'number' ? a.sid : b !== null && typeof b.sid === 'number' ? b.sid : null;
      const d = check(
        { kind: 'sessions', leftIndex: i, rightIndex: i, session: sid, left: dropNulls(a), right: dropNulls(b) },
        'bridge.output.sessions',
      );
      if (d !== null) return fail(d);
      break;
    }
  }
  if (
    !canonical &&
    left.stepsExecuted !== undefined &&
    right.stepsExecuted !== undefined &&
    left.stepsExecuted !== right.stepsExecuted
  ) {
    const d = check(
      {
        kind: 'steps',
        leftIndex: null,
        rightIndex: null,
        session: null,
        left: left.stepsExecuted,
        right: right.stepsExecuted,
      },
      'bridge.output.steps_executed',
    );
    if (d !== null) return fail(d);
  }

  // effect_trace: compared by Full only (bridge.md §10); Tier 1 lanes all emit [].
  if (s.profile === 'Full' && left.effectTrace !== undefined && right.effectTrace !== undefined) {
    const le = left.effectTrace;
    const re = right.effectTrace;
    const n = Math.max(le.length, re.length);
    for (let i = 0; i < n; i += 1) {
      const a = le[i] ?? null;
      const b = re[i] ?? null;
      if (jsonEqual(a, b)) continue;
      const d = check(
        { kind: 'effects', leftIndex: i, rightIndex: i, session: null, left: a, right: b },
        'bridge.output.effect_trace',
      );
      if (d !== null) return fail(d);
      break;
    }
  }

  // 3. step_states: every entry under strict equality (bridge.md §11.1), and also under raw ticks
  // when both inputs carry them — `ticks: 'exact'` asks for the step-indexed view, and step_states
  // hold raw per-step state (the requirement; §9.3 alone is silent about them).
  const compareStepStates = s.strict || (s.ticks === 'exact' && left.hasStepStates && right.hasStepStates);
  if (compareStepStates) {
    const rawL = left.rawStepStates;
    const rawR = right.rawStepStates;
    // Raw on both sides: types compared, nothing rendered; otherwise the texts.
    const i =
      rawL !== undefined && rawR !== undefined
        ? firstStepStateDifference(rawL, rawR, true)
        : firstStepStateDifference(stepStatesOf(left) ?? [], stepStatesOf(right) ?? [], false);
    if (i >= 0) {
      const a = stepStatesOf(left)?.[i] ?? null;
      const b = stepStatesOf(right)?.[i] ?? null;
      const d = check(
        { kind: 'steps', leftIndex: i, rightIndex: i, session: null, left: a, right: b },
        'bridge.output.step_states',
        { stepStates: true },
      );
      if (d !== null) return fail(d);
    }
  }
  // 4. Strict equality (bridge.md §11.1): every remaining field.
  if (s.strict) {
    const lo = left.output ?? {};
    const ro = right.output ?? {};
    for (const field of kStrictOtherFields) {
      // An absent Tier 2 key is its default (bridge.md §4.1): [] for the lists, the empty bundle for semantic_objects.
      const emptyDefault =
        field === 'schema_version' || field === 'concurrency'
          ? undefined
          : field === 'semantic_objects'
            ? kEmptySemanticObjects
            : [];
      const a = lo[field] ?? emptyDefault;
      const b = ro[field] ?? emptyDefault;
      if (jsonEqual(a, b)) continue;
      const explanation = `output field ${field} differs: ${s.leftLane} ${JSON.stringify(a ?? null)}, ${s.rightLane} ${JSON.stringify(b ?? null)}`;
      const d = check(
        { kind: 'steps', leftIndex: null, rightIndex: null, session: null, left: a ?? null, right: b ?? null },
        `bridge.output.${field}`,
        { explanation },
      );
      if (d !== null) return fail(d);
    }
  }
  return { equivalent: true, divergence: null, waived, warnings };
}

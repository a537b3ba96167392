import type { BridgeEvent } from '../types/bridge.js';
import { canonicalJson, jsonEqual } from './_internals/jsonEqual.js';

/**
 * Kinds of {@link Divergence} (bridge.md §9.4). `effects` is the Tier 2 kind §10 announces for
 * `effect_trace` (compared by `Full` only): indices = the first differing entry. `handoffs` and
 * `invalidation` are the semantic surfaces, reported beside the trace verdict, never as it (see
 * `SemanticDivergence`).
 * @public
 */
export type DivergenceKind =
  'different' | 'missing' | 'extra' | 'status' | 'sessions' | 'steps' | 'effects' | 'handoffs' | 'invalidation';

/**
 * The one normative divergence shape (bridge.md §9.4), used by the API, the matchers, reports and
 * corpus files. Every key is always present; `null` where not applicable.
 * @example
 * ```ts
 * const { divergence } = observationallyEquivalent(a, b);
 * if (divergence) console.log(divergence.kind, divergence.leftIndex, divergence.explanation);
 * ```
 * @public
 */
export interface Divergence {
  readonly kind: DivergenceKind;
  readonly leftIndex: number | null;
  readonly rightIndex: number | null;
  readonly session: number | null;
  readonly left: unknown;
  readonly right: unknown;
  readonly leftLane: string;
  readonly rightLane: string;
  /** One sentence built from the other fields (text not pinned by the spec). */
  readonly explanation: string;
}

/**
 * A short human description of a bridge event: `sent Server->Client "ack"`, `halted coroutine 1`.
 * @example `describeEvent({ schema_version: 'lean_bridge.v1', kind: 'halted', tick: 9, target: '1' }) // 'halted coroutine 1'`
 * @public
 */
export function describeEvent(event: unknown): string {
  if (event === null || typeof event !== 'object') return String(event);
  // A non-null object: fields are only printed, each guarded below.
  const e = event as BridgeEvent;
  switch (e.kind) {
    case 'sent':
    case 'received':
      return `${e.kind} ${String(e.sender)}->${String(e.receiver)}${e.label === undefined || e.label === null ? '' : ` ${JSON.stringify(e.label)}`}`;
    case 'opened':
      return `opened session ${String(e.session)} (roles ${String(e.role ?? '')})`;
    case 'closed':
      return `closed session ${String(e.session)}`;
    case 'halted':
      return `halted coroutine ${String(e.target)}`;
    case 'faulted':
      return `faulted coroutine ${String(e.target)} (${String(e.reason)})`;
    default:
      return canonicalJson(e);
  }
}

/** A non-null object (arrays included: their fields are their indices). */
function isObject(v: unknown): v is Readonly<Record<string, unknown>> {
  return v !== null && typeof v === 'object';
}

/** Names of the top-level fields where two JSON objects differ (absent ≡ null), sorted. @internal */
export function differingFields(left: unknown, right: unknown): string[] {
  if (!isObject(left) || !isObject(right)) return [];
  const l = left;
  const r = right;
  const keys = new Set([...Object.keys(l), ...Object.keys(r)]);
  return [...keys].filter((k) => !jsonEqual(l[k], r[k])).sort();
}

function fieldDetail(left: unknown, right: unknown): string {
  const fields = differingFields(left, right);
  if (fields.length === 0 || !isObject(left) || !isObject(right)) return '';
  const l = left;
  const r = right;
  const parts = fields.slice(0, 3).map((k) => `${k} ${canonicalJson(l[k])} vs ${canonicalJson(r[k])}`);
  return ` (${parts.join('; ')}${fields.length > 3 ? '; …' : ''})`;
}

/** Fields of a divergence before its explanation is written. @internal */
export type DivergenceFields = Omit<Divergence, 'explanation'>;

/**
 * Builds the `explanation` sentence of a divergence from its other fields.
 * @param fields - The divergence without `explanation`.
 * @param context - `canonical` when indices refer to `canon()` sequences (ModuloCommutativity);
 *   `steps` when a `steps` divergence compares `step_states` entries.
 * @internal
 */
export function explain(fields: DivergenceFields, context: { canonical?: boolean; stepStates?: boolean } = {}): string {
  const { leftLane: L, rightLane: R } = fields;
  const where = fields.session === null ? '' : ` in session ${fields.session}`;
  const order = context.canonical === true ? ' (after canonical per-session ordering)' : '';
  switch (fields.kind) {
    case 'different':
      return `event ${String(fields.leftIndex)}${order} differs${where}: ${L} ${describeEvent(fields.left)}, ${R} ${describeEvent(fields.right)}${fieldDetail(fields.left, fields.right)}`;
    case 'missing':
      return `${L}'s trace ends after ${String(fields.rightIndex)} events${order}; ${R} continues with event ${String(fields.rightIndex)}${where}: ${describeEvent(fields.right)}`;
    case 'extra':
      return `${R}'s trace ends after ${String(fields.leftIndex)} events${order}; ${L} continues with event ${String(fields.leftIndex)}${where}: ${describeEvent(fields.left)}`;
    case 'status':
      return `status differs although the traces agree: ${L} ${JSON.stringify(fields.left)}, ${R} ${JSON.stringify(fields.right)}`;
    case 'sessions':
      return `sessions differ at index ${String(fields.leftIndex)}${fields.session === null ? '' : ` (sid ${fields.session})`}: ${L} ${canonicalJson(fields.left ?? null)}, ${R} ${canonicalJson(fields.right ?? null)}`;
    case 'handoffs':
    case 'invalidation':
      return `${fields.kind === 'handoffs' ? 'semantic handoffs' : 'invalidation artifacts'} differ: ${L} ${canonicalJson(fields.left ?? null)}, ${R} ${canonicalJson(fields.right ?? null)}`;
    case 'effects':
      return `effect_trace differs at entry ${String(fields.leftIndex)}: ${L} ${canonicalJson(fields.left ?? null)}, ${R} ${canonicalJson(fields.right ?? null)}`;
    case 'steps':
      if (context.stepStates === true) {
        const fieldList = differingFields(fields.left, fields.right);
        return `step_states entry ${String(fields.leftIndex)} differs${fieldList.length > 0 ? ` in ${fieldList.join(', ')}` : ''}: ${L} and ${R} executed different steps`;
      }
      return `steps_executed differs: ${L} ${canonicalJson(fields.left)}, ${R} ${canonicalJson(fields.right)}`;
  }
}

/** Builds a complete {@link Divergence} (key order as bridge.md §9.4 prints it). @internal */
export function makeDivergence(
  fields: DivergenceFields,
  context: { canonical?: boolean; stepStates?: boolean } = {},
): Divergence {
  return {
    kind: fields.kind,
    leftIndex: fields.leftIndex,
    rightIndex: fields.rightIndex,
    session: fields.session,
    left: fields.left,
    right: fields.right,
    leftLane: fields.leftLane,
    rightLane: fields.rightLane,
    explanation: explain(fields, context),
  };
}

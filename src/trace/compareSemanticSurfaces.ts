/**
 * The Tier 2 semantic surfaces of two runs, compared apart from their traces (the chapter:
 * "Bridge-side execution comparison reports these handoff and invalidation surfaces separately from
 * raw trace equivalence", so that stale owners and late results cannot hide inside equivalent
 * instruction traces). telltale's `compare_execution` reports them as `semantic_handoffs_equivalent`
 * and `invalidation_artifacts_equivalent` beside `equivalent`; so do we.
 */
import { stringifyArtifact } from '../bridge/codecs/artifact.js';
import { decodeSemanticObjects } from '../bridge/codecs/semanticObjects.js';
import type { U64 } from '../types/artifact.js';
import { TelltaleError, pathIndex } from '../types/errors.js';
import type { OutstandingEffect, SemanticObjects } from '../types/semanticObjects.js';
import type { DeviationEntry } from './checkDeviations.js';
import { differingFields, type Divergence } from './divergence.js';
import { canonicalJson, jsonEqual } from './_internals/jsonEqual.js';
import { decideWaiver } from './_internals/waivers.js';
import type { Waiver } from './Waiver.js';

/**
 * A semantic surface (the chapter's two): `handoffs` = `semantic_handoffs` (revoked and activated
 * owners, scope, status, every field); `invalidation` = invalidated effects, late completions,
 * transformation obligations (publication revoked from / activated to, invalidated effect ids) and
 * rejected publications.
 * @example `observationallyEquivalent(a, b, { semanticSurfaces: ['handoffs'] })`
 * @public
 */
export type SemanticSurface = 'handoffs' | 'invalidation';

/** Both surfaces, the default (the chapter compares both). @example `SEMANTIC_SURFACES.length // 2` @public */
export const SEMANTIC_SURFACES: readonly SemanticSurface[] = Object.freeze(['handoffs', 'invalidation']);

/**
 * A difference in one semantic surface: the {@link Divergence} shape (kind `handoffs` or
 * `invalidation`; indices into the bundle's list; `left`/`right` the two objects, `null` where a
 * side has none) plus what the object is, its JSON path in the run output and the differing fields.
 * @example
 * ```ts
 * const d = r.semantic?.divergences[0];
 * if (d) console.log(d.kind, d.object, d.path, d.fields); // 'handoffs' 'semantic handoff' '$.semantic_objects.semantic_handoffs[0]' ['activated_owner_id']
 * ```
 * @public
 */
export interface SemanticDivergence extends Divergence {
  readonly kind: 'handoffs' | 'invalidation';
  /** `semantic handoff`, `invalidated effect`, `late completion`, `transformation obligation` or `rejected publication`. */
  readonly object: string;
  /** JSON path of the first differing object (the left one, else the right one). */
  readonly path: string;
  /** Top-level fields in which the two objects differ, sorted (`[]` when one side has no object). */
  readonly fields: readonly string[];
}

/**
 * The semantic part of a comparison, present in `EquivalenceResult.semantic` when a compared side
 * carries semantic objects. It never changes the trace verdict `equivalent`.
 * @example `if (r.semantic && !r.semantic.equivalent) console.error(r.semantic.divergences[0]?.explanation);`
 * @public
 */
export interface SemanticComparison {
  /** No compared surface differs (waived differences do not count). */
  readonly equivalent: boolean;
  /** The surfaces that were compared. */
  readonly surfaces: readonly SemanticSurface[];
  /** The first unwaived difference of each differing surface, in surface order. */
  readonly divergences: readonly SemanticDivergence[];
}

interface Part {
  readonly object: string;
  readonly scope: string;
  readonly list: Exclude<keyof SemanticObjects, 'schema_version'>;
  /** The field that names an object in explanations. */
  readonly id: string;
  readonly pick: (value: never) => boolean;
}

const big = (v: U64): bigint => BigInt(v);

/** A completion recorded after the effect stopped being admissible (Lean `resultIsLate`). */
function lateCompletion(e: OutstandingEffect): boolean {
  if (e.completed_at_tick === null || e.status === 'invalidated') return false;
  if (e.status === 'cancelled') return true;
  return e.budget_ticks !== null && big(e.completed_at_tick) > big(e.ordering_key) + big(e.budget_ticks);
}

const kParts: Readonly<Record<SemanticSurface, readonly Part[]>> = {
  handoffs: [
    {
      object: 'semantic handoff',
      scope: 'bridge.semantic.handoffs',
      list: 'semantic_handoffs',
      id: 'handoff_id',
      pick: () => true,
    },
  ],
  invalidation: [
    {
      object: 'invalidated effect',
      scope: 'bridge.semantic.invalidation.invalidated_effects',
      list: 'outstanding_effects',
      id: 'effect_id',
      pick: (e: OutstandingEffect) => e.status === 'invalidated',
    },
    {
      object: 'late completion',
      scope: 'bridge.semantic.invalidation.late_completions',
      list: 'outstanding_effects',
      id: 'effect_id',
      pick: lateCompletion,
    },
    {
      object: 'transformation obligation',
      scope: 'bridge.semantic.invalidation.transformation_obligations',
      list: 'transformation_obligations',
      id: 'obligation_id',
      pick: () => true,
    },
    {
      object: 'rejected publication',
      scope: 'bridge.semantic.invalidation.rejected_publications',
      list: 'publication_events',
      id: 'publication_id',
      pick: (p: { status: string }) => p.status === 'rejected',
    },
  ],
};

const kSurfaceNames: Readonly<Record<SemanticSurface, string>> = {
  handoffs: 'semantic handoffs',
  invalidation: 'invalidation artifacts',
};

/**
 * A semantic divergence as one line of JSON, exactly as the artifacts print (u64 values past 2^53 as
 * digits): what the matchers show.
 * @example `stringifySemanticDivergence(result.semantic.divergences[0])`
 * @public
 */
export function stringifySemanticDivergence(d: SemanticDivergence): string {
  return stringifyArtifact(d);
}

/**
 * Whether a `semantic_objects` value carries any object: present and with some list that is not
 * empty (an absent key, and the empty bundle our engines emit, carry none).
 */
export function carriesSemanticObjects(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'object' || Array.isArray(value)) return true;
  return Object.entries(value).some(([k, v]) => k !== 'schema_version' && !(Array.isArray(v) && v.length === 0));
}

function decodeSide(value: unknown, lane: string): SemanticObjects | null {
  if (!carriesSemanticObjects(value)) return null;
  const r = decodeSemanticObjects(value);
  if (r.ok) return r.value;
  const path = `$.semantic_objects${r.error.path.slice(1)}`;
  throw new TelltaleError(
    'InvalidSemanticObjects',
    `${lane}'s semantic_objects are not a valid protocol_machine.semantic_objects.v1 bundle: ${r.error.code} at ${path}: ${r.error.message}; fix the producer, or compare without semantic surfaces ({ semanticSurfaces: [] })`,
    { path },
  );
}

interface Item {
  readonly value: Readonly<Record<string, unknown>>;
  readonly index: number;
}

function items(so: SemanticObjects | null, part: Part): Item[] {
  if (so === null) return [];
  const list = so[part.list] as unknown as readonly Readonly<Record<string, unknown>>[];
  const out: Item[] = [];
  list.forEach((value, index) => {
    if ((part.pick as (v: unknown) => boolean)(value)) out.push({ value, index });
  });
  return out;
}

function sessionOf(v: Readonly<Record<string, unknown>> | undefined): number | null {
  const s = v?.['session'];
  return typeof s === 'number' ? s : null;
}

function show(v: Readonly<Record<string, unknown>>): string {
  const text = canonicalJson(v);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

/** Settings the comparison shares with `observationallyEquivalent`. @internal */
export interface SemanticSettings {
  readonly surfaces: readonly SemanticSurface[];
  readonly deviations: readonly DeviationEntry[];
  readonly onExpired: 'warn' | 'fail';
  readonly leftLane: string;
  readonly rightLane: string;
}

/**
 * Compares the selected semantic surfaces of two `semantic_objects` values (absent ≡ the empty
 * bundle). Returns `null` when no surface is selected or neither side carries objects, so that
 * comparisons of runs without semantic objects are unchanged. A malformed bundle throws
 * `InvalidSemanticObjects`. Waived differences and expiry warnings are appended to `waived` /
 * `warnings`.
 * @internal
 */
export function compareSemanticSurfaces(
  left: unknown,
  right: unknown,
  s: SemanticSettings,
  waived: Waiver[],
  warnings: string[],
): SemanticComparison | null {
  if (s.surfaces.length === 0) return null;
  const l = decodeSide(left, s.leftLane);
  const r = decodeSide(right, s.rightLane);
  if (l === null && r === null) return null;
  const surfaces = SEMANTIC_SURFACES.filter((x) => s.surfaces.includes(x));
  const divergences: SemanticDivergence[] = [];
  for (const surface of surfaces) {
    const found = firstDifference(surface, l, r, s, waived, warnings);
    if (found !== null) divergences.push(found);
  }
  return { equivalent: divergences.length === 0, surfaces, divergences };
}

function firstDifference(
  surface: SemanticSurface,
  l: SemanticObjects | null,
  r: SemanticObjects | null,
  s: SemanticSettings,
  waived: Waiver[],
  warnings: string[],
): SemanticDivergence | null {
  for (const part of kParts[surface]) {
    const li = items(l, part);
    const ri = items(r, part);
    const n = Math.max(li.length, ri.length);
    for (let i = 0; i < n; i += 1) {
      const a = li[i];
      const b = ri[i];
      if (a !== undefined && b !== undefined && jsonEqual(a.value, b.value)) continue;
      const d = divergence(surface, part, a, b, s);
      const decision = decideWaiver(s.deviations, part.scope, d, s.onExpired);
      if (decision.kind === 'none') return d;
      if (decision.kind === 'expired-fail')
        return {
          ...d,
          explanation: `${d.explanation} — deviation ${decision.entry.id} covers ${part.scope} but expired on ${decision.entry.revisit} (onExpired: 'fail'); revisit it and set a new date, or mark it resolved`,
        };
      waived.push(decision.waiver);
      if (decision.warning !== null) warnings.push(decision.warning);
    }
  }
  return null;
}

function divergence(
  surface: SemanticSurface,
  part: Part,
  a: Item | undefined,
  b: Item | undefined,
  s: SemanticSettings,
): SemanticDivergence {
  const path = `$.semantic_objects.${pathIndex(part.list, (a ?? b)?.index ?? 0)}`;
  const fields = a !== undefined && b !== undefined ? differingFields(a.value, b.value) : [];
  const session = sessionOf(a?.value) ?? sessionOf(b?.value);
  const named = (a ?? b)?.value[part.id];
  const where = ` (${part.id} ${canonicalJson(named)}${session === null ? '' : `, session ${session}`})`;
  const { leftLane: L, rightLane: R } = s;
  const detail =
    a === undefined || b === undefined
      ? a === undefined
        ? `${L} has none, ${R} has ${show((b as Item).value)}`
        : `${L} has ${show(a.value)}, ${R} has none`
      : `${fields
          .slice(0, 4)
          .map((f) => `${f} ${L} ${canonicalJson(a.value[f])}, ${R} ${canonicalJson(b.value[f])}`)
          .join('; ')}${fields.length > 4 ? '; …' : ''}`;
  return {
    kind: surface,
    leftIndex: a?.index ?? null,
    rightIndex: b?.index ?? null,
    session,
    left: a?.value ?? null,
    right: b?.value ?? null,
    leftLane: s.leftLane,
    rightLane: s.rightLane,
    explanation: `${kSurfaceNames[surface]} differ: first differing ${part.object} at ${path}${where}: ${detail}`,
    object: part.object,
    path,
    fields,
  };
}

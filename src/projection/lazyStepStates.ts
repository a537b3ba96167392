/**
 * `step_states` whose `selected_type` text is rendered when the output is read (bridge.md §4.6).
 * The text is presentational: laying out a local type costs more than the step it describes, and a
 * differential test only needs to know whether two lanes selected the same type. A lane records
 * {@link RawStepState}s (the type itself in `selected_type`) and defines its output's `step_states`
 * with {@link defineStepStates}: reading the property (JSON, spread, `toEqual`, …) gives the step
 * states with the text, byte for byte what {@link renderLocalType} prints, rendered once. A
 * comparison that finds raw step states on both sides ({@link rawStepStates}) compares the types
 * ({@link sameSelectedType}) and never renders what is equal.
 */
import type { StepState } from '../types/bridge.js';
import type { SessionType } from '../types/machine.js';
import type { ValType } from '../types/session.js';
import { defineLazyProperty, lazySource } from '../types/lazyProperty.js';
import { renderLocalType } from './renderLocalType.js';

/**
 * A `step_states` entry as a lane records it: `selected_type` holds the selected coroutine's type
 * (or `null`), not its text. Keys and key order are those of {@link StepState}.
 * @example `{ ...stepState, selected_type: { kind: 'end' } }`
 * @internal
 */
export type RawStepState = Omit<StepState, 'selected_type'> & { readonly selected_type: SessionType | null };

/**
 * The step state with its `selected_type` text (same keys, same order).
 * @example `renderStepState(raw).selected_type // 'LocalType.end_'`
 * @internal
 */
export function renderStepState(s: RawStepState): StepState {
  return { ...s, selected_type: s.selected_type === null ? null : renderLocalType(s.selected_type) };
}

/**
 * Defines `output.step_states` (as the next key of `output`, so JSON key order is the literal's)
 * as `raw` with `selected_type` rendered, on first read. Assigning the property replaces it with
 * the assigned value, as for a data property.
 * @example
 * ```ts
 * const out = { schema_version, trace, sessions, steps_executed, concurrency, status };
 * defineStepStates(out, raw);
 * Object.assign(out, tier2Defaults());
 * ```
 * @internal
 */
export function defineStepStates(output: object, raw: readonly RawStepState[]): void {
  defineLazyProperty(output, 'step_states', () => raw.map(renderStepState), raw);
}

/**
 * The raw step states behind `output.step_states`, when the property is still the one
 * {@link defineStepStates} defined (not reassigned, not a copy); otherwise `undefined`.
 * @example `rawStepStates(result.output)?.length`
 * @internal
 */
export function rawStepStates(output: object): readonly RawStepState[] | undefined {
  return lazySource(output, 'step_states') as readonly RawStepState[] | undefined;
}

/**
 * Whether two selected types render to the same text: the same type, or types equal in every
 * field the renderer reads; types that differ structurally are rendered and their texts compared.
 * @example `sameSelectedType({ kind: 'end' }, { kind: 'end' }) // true`
 * @internal
 */
export function sameSelectedType(a: SessionType | null, b: SessionType | null): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  return sameRendering(a, b) || renderLocalType(a) === renderLocalType(b);
}

/** Equal in every field the renderer reads (so the texts are equal); `false` may still print alike. */
function sameRendering(a: SessionType, b: SessionType): boolean {
  if (a === b) return true;
  switch (a.kind) {
    case 'end':
      return b.kind === 'end';
    case 'var':
      return b.kind === 'var' && a.index === b.index;
    case 'mu':
      return b.kind === 'mu' && sameRendering(a.body, b.body);
    case 'send':
    case 'recv':
      return (
        b.kind === a.kind &&
        a.partner === b.partner &&
        sameValType(a.payload, b.payload) &&
        sameRendering(a.cont, b.cont)
      );
    case 'select':
    case 'branch': {
      if (b.kind !== a.kind || a.partner !== b.partner || a.branches.length !== b.branches.length) return false;
      for (let i = 0; i < a.branches.length; i++) {
        const x = a.branches[i];
        const y = b.branches[i];
        if (x === undefined || y === undefined || x.label !== y.label || !sameRendering(x.cont, y.cont)) return false;
      }
      return true;
    }
  }
}

function sameValType(a: ValType, b: ValType): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  if (a.kind === 'prod') return b.kind === 'prod' && sameValType(a.left, b.left) && sameValType(a.right, b.right);
  if (a.kind === 'chan') return b.kind === 'chan' && a.sid === b.sid && a.role === b.role;
  return true;
}

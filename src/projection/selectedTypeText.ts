/**
 * `selected_type` rendered on first read (bridge.md §4.6). A step state's `selected_type` is
 * presentational text of the selected coroutine's local type; laying it out costs more than the
 * step it describes, and a differential test only needs to know whether two lanes selected the
 * same type. Lanes therefore define `selected_type` as a getter over the type and call
 * {@link selectedTypeText} in it; a comparison asks {@link sameSelectedType}, which compares the
 * types when both sides are lazy and the texts otherwise. Reading the property (JSON, spread,
 * `toEqual`) always gives the text, byte for byte what {@link renderLocalType} prints.
 */
import type { SessionType } from '../types/machine.js';
import type { ValType } from '../types/session.js';
import { renderLocalType } from './renderLocalType.js';

// A private marker the getters return while `peek` reads them; no data property can hold it.
const kPeek: unique symbol = Symbol('selected_type source');
let peeking = false;
let peeked: SessionType | null = null;

/**
 * The text a lazy `selected_type` getter returns: `renderLocalType(t)`, or `null` without a type.
 * A lane writes `get selected_type() { return selectedTypeText(t); }` in its step-state literal
 * (same key position as a data property, so JSON key order is unchanged).
 * @example `({ get selected_type() { return selectedTypeText({ kind: 'end' }); } }).selected_type // 'LocalType.end_'`
 * @internal
 */
export function selectedTypeText(t: SessionType | null): string | null {
  if (peeking) {
    peeked = t;
    // Only `peek` below ever sees this value.
    return kPeek as unknown as string;
  }
  return t === null ? null : renderLocalType(t);
}

/** `peek`'s answer for a lazy value; the type is then in `peeked`. */
const kLazy: unique symbol = Symbol('lazy selected_type');

/** A step state's `selected_type` without rendering it: its data value, or `kLazy` (type in `peeked`). */
function peek(state: object): unknown {
  peeking = true;
  peeked = null;
  let v: unknown;
  try {
    v = (state as { readonly selected_type?: unknown }).selected_type;
  } finally {
    peeking = false;
  }
  return v === kPeek ? kLazy : v;
}

/**
 * Whether two step states' `selected_type` values are equal as JSON values (`null` and absent
 * alike), without rendering types that both sides hold lazily: equal types print equal texts,
 * and types that differ structurally are rendered and their texts compared. Values that are not
 * lazy on either side are compared with `equal` (default: strict equality, `null` = absent).
 * @example `sameSelectedType(coop.step_states[3], ref.step_states[3]) // true`
 * @internal
 */
export function sameSelectedType(
  a: object,
  b: object,
  equal: (x: unknown, y: unknown) => boolean = nullishOrSame,
): boolean {
  let va = peek(a);
  const ta = peeked;
  let vb = peek(b);
  const tb = peeked;
  if (va === kLazy && vb === kLazy) {
    if (ta === tb) return true;
    if (ta === null || tb === null) return false;
    return sameRendering(ta, tb) || renderLocalType(ta) === renderLocalType(tb);
  }
  if (va === kLazy) va = selectedTypeText(ta);
  if (vb === kLazy) vb = selectedTypeText(tb);
  return equal(va, vb);
}

function nullishOrSame(x: unknown, y: unknown): boolean {
  return x === null || x === undefined ? y === null || y === undefined : x === y;
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

/**
 * `step_states` comparison specialised to run outputs (bridge.md §11.1): the same answer as
 * {@link jsonEqual} entry by entry, at a fraction of the cost on the outputs our lanes produce.
 *
 * Consecutive step states mostly repeat each other, and our lanes share the unchanged parts by
 * identity (a slice object per unchanged coroutine, the previous post-state as the next
 * pre-state). Once a pair of values is known to be equal, so is every pair of values found at
 * the same path inside them; the walk carries such a known-equal pair ("hint") along and skips
 * any pair that is exactly the hint pair. Hints are only ever taken from pairs already proven
 * equal in this comparison, so a skip never hides a difference. Raw step states (both lanes'
 * outputs still hold them, src/projection/lazyStepStates.ts) have their `selected_type` compared
 * as types, so equal steps are never rendered.
 */
import { renderStepState, sameSelectedType, type RawStepState } from '../../projection/lazyStepStates.js';
import type { SessionType } from '../../types/machine.js';
import {
  COROUTINE_SLICE_KEYS,
  SCHEDULER_SLICE_KEYS,
  SESSION_SLICE_KEYS,
  STATE_SLICE_KEYS,
  STEP_STATE_KEYS,
} from '../../types/bridge.js';
import { jsonEqual } from './jsonEqual.js';

const hasOwn = Object.hasOwn;

/** `o[k]` when `o` is an object, else `undefined` (a hint that never matches a real pair). */
function at(o: unknown, k: string | number): unknown {
  return typeof o === 'object' && o !== null ? (o as Record<string | number, unknown>)[k] : undefined;
}

/** {@link jsonEqual}, skipping any pair that is the known-equal pair (`ha`, `hb`) at this path. */
function equalHinted(a: unknown, b: unknown, ha: unknown, hb: unknown): boolean {
  if (a === b) return true;
  if (a === ha && b === hb) return true;
  if (a === null || a === undefined) return b === null || b === undefined;
  if (b === null || b === undefined) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return jsonEqual(a, b);
  const aArr = Array.isArray(a);
  if (aArr !== Array.isArray(b)) return false;
  if (aArr) {
    const aa = a as readonly unknown[];
    const bb = b as readonly unknown[];
    if (aa.length !== bb.length) return false;
    const hao = Array.isArray(ha) ? (ha as readonly unknown[]) : undefined;
    const hbo = Array.isArray(hb) ? (hb as readonly unknown[]) : undefined;
    for (let i = 0; i < aa.length; i += 1) if (!equalHinted(aa[i], bb[i], hao?.[i], hbo?.[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  for (const k in ao) {
    if (!hasOwn(ao, k)) continue;
    if (!equalHinted(ao[k], bo[k], at(ha, k), at(hb, k))) return false;
  }
  return onlyNullsBeyond(ao, bo);
}

/**
 * {@link jsonEqual} of values whose parts are primitives in our lanes' outputs (queues, the
 * per-session counts, blocked reasons, events): a known-equal pair of the whole is skipped, but no
 * hint is looked up per key (the lookups cost more than comparing the numbers).
 */
function flatEqual(a: unknown, b: unknown, ha: unknown, hb: unknown): boolean {
  if (a === b || (a === ha && b === hb)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return jsonEqual(a, b);
  const aArr = Array.isArray(a);
  if (aArr !== Array.isArray(b)) return false;
  if (aArr) {
    const aa = a as readonly unknown[];
    const bb = b as readonly unknown[];
    if (aa.length !== bb.length) return false;
    for (let i = 0; i < aa.length; i += 1) {
      const x = aa[i];
      const y = bb[i];
      if (x !== y && !jsonEqual(x, y)) return false;
    }
    return true;
  }
  // jsonEqual's walk, one level inlined: a's members, then b's non-null members a lacks.
  const ao = a as Obj;
  const bo = b as Obj;
  for (const k in ao) {
    if (!hasOwn(ao, k)) continue;
    const x = ao[k];
    const y = bo[k];
    if (x !== y && !jsonEqual(x, y)) return false;
  }
  return onlyNullsBeyond(ao, bo);
}

/** Keys of `bo` that `ao` lacks hold null (absent and null are the same value). */
function onlyNullsBeyond(ao: Record<string, unknown>, bo: Record<string, unknown>): boolean {
  for (const k in bo) {
    if (!hasOwn(bo, k) || hasOwn(ao, k)) continue;
    const v = bo[k];
    if (v !== null && v !== undefined) return false;
  }
  return true;
}

// Our lanes build step states from literals with these keys in this order (bridge.md §4.6). When
// both objects have exactly these own enumerable keys (checked by one for-in walk each), their
// fields are compared by name; anything else takes the generic path above.
const kStepKeys = STEP_STATE_KEYS;
const kSliceKeys = STATE_SLICE_KEYS;
const kSchedulerKeys = SCHEDULER_SLICE_KEYS;
const kCoroutineKeys = COROUTINE_SLICE_KEYS;
const kSessionKeys = SESSION_SLICE_KEYS;

type Obj = Record<string, unknown>;

/** Whether `o` is a non-array object whose own enumerable keys are exactly `keys`, in order. */
function hasKeys(o: unknown, keys: readonly string[]): o is Obj {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return false;
  let i = 0;
  for (const k in o) {
    // for-in lists own keys first; an inherited enumerable key makes the walk longer than `keys`.
    if (k !== keys[i]) return false;
    i += 1;
  }
  return i === keys.length;
}

/** A field that is a number or string in our lanes' outputs. */
function same(a: unknown, b: unknown): boolean {
  return a === b || jsonEqual(a, b);
}

/** `o` as a record when it is an object (its fields then read as `undefined` where absent). */
function obj(o: unknown): Obj | undefined {
  return typeof o === 'object' && o !== null ? (o as Obj) : undefined;
}

// Field by field with constant names: each read site sees one shape (a loop over the key list
// made every read a generic keyed load).
function coroutineFieldsEqual(a: Obj, b: Obj): boolean {
  return (
    same(a['coro_id'], b['coro_id']) &&
    same(a['session_id'], b['session_id']) &&
    same(a['pc'], b['pc']) &&
    same(a['status'], b['status']) &&
    same(a['owned_endpoints'], b['owned_endpoints']) &&
    same(a['progress_tokens'], b['progress_tokens'])
  );
}

function sessionFieldsEqual(a: Obj, b: Obj): boolean {
  return (
    same(a['sid'], b['sid']) &&
    same(a['role_count'], b['role_count']) &&
    same(a['local_type_entries'], b['local_type_entries']) &&
    same(a['buffer_edges'], b['buffer_edges']) &&
    same(a['buffered_messages'], b['buffered_messages']) &&
    same(a['status'], b['status']) &&
    same(a['epoch'], b['epoch'])
  );
}

/** Arrays compared item by item with `item`, hinted by a known-equal pair of arrays. */
function itemsEqual(
  a: unknown,
  b: unknown,
  ha: unknown,
  hb: unknown,
  item: (x: unknown, y: unknown, hx: unknown, hy: unknown) => boolean,
): boolean {
  if (a === b || (a === ha && b === hb)) return true;
  if (!Array.isArray(a) || !Array.isArray(b)) return equalHinted(a, b, ha, hb);
  const aa = a as readonly unknown[];
  const bb = b as readonly unknown[];
  if (aa.length !== bb.length) return false;
  const hao = Array.isArray(ha) ? (ha as readonly unknown[]) : undefined;
  const hbo = Array.isArray(hb) ? (hb as readonly unknown[]) : undefined;
  for (let i = 0; i < aa.length; i += 1) if (!item(aa[i], bb[i], hao?.[i], hbo?.[i])) return false;
  return true;
}

function coroutineEqual(a: unknown, b: unknown, ha: unknown, hb: unknown): boolean {
  if (a === b || (a === ha && b === hb)) return true;
  if (hasKeys(a, kCoroutineKeys) && hasKeys(b, kCoroutineKeys)) return coroutineFieldsEqual(a, b);
  return equalHinted(a, b, ha, hb);
}

function sessionEqual(a: unknown, b: unknown, ha: unknown, hb: unknown): boolean {
  if (a === b || (a === ha && b === hb)) return true;
  if (hasKeys(a, kSessionKeys) && hasKeys(b, kSessionKeys)) return sessionFieldsEqual(a, b);
  return equalHinted(a, b, ha, hb);
}

function schedulerEqual(a: unknown, b: unknown, ha: unknown, hb: unknown): boolean {
  if (a === b || (a === ha && b === hb)) return true;
  if (!hasKeys(a, kSchedulerKeys) || !hasKeys(b, kSchedulerKeys)) return equalHinted(a, b, ha, hb);
  return (
    same(a['step_count'], b['step_count']) &&
    flatEqual(a['ready_queue'], b['ready_queue'], obj(ha)?.['ready_queue'], obj(hb)?.['ready_queue']) &&
    flatEqual(a['blocked'], b['blocked'], obj(ha)?.['blocked'], obj(hb)?.['blocked'])
  );
}

function sliceEqual(a: unknown, b: unknown, ha: unknown, hb: unknown): boolean {
  if (a === b || (a === ha && b === hb)) return true;
  if (!hasKeys(a, kSliceKeys) || !hasKeys(b, kSliceKeys)) return equalHinted(a, b, ha, hb);
  return (
    itemsEqual(a['coroutines'], b['coroutines'], obj(ha)?.['coroutines'], obj(hb)?.['coroutines'], coroutineEqual) &&
    itemsEqual(a['sessions'], b['sessions'], obj(ha)?.['sessions'], obj(hb)?.['sessions'], sessionEqual) &&
    schedulerEqual(a['scheduler'], b['scheduler'], obj(ha)?.['scheduler'], obj(hb)?.['scheduler'])
  );
}

/**
 * Equality of one step-state pair given the previous pair (`pa`, `pb`, proven equal, or
 * `undefined`). The pre-state is hinted by the previous post-state, the post-state by this
 * pre-state, and the step's own `ready_queue` and `blocked` by its post-state's scheduler. With
 * `raw`, `selected_type` holds types (or `null`) and is compared as such.
 */
function stepStateEqual(a: unknown, b: unknown, pa: unknown, pb: unknown, raw: boolean): boolean {
  if (a === b) return true;
  if (!hasKeys(a, kStepKeys) || !hasKeys(b, kStepKeys)) {
    return raw ? jsonEqual(rendered(a), rendered(b)) : jsonEqual(a, b);
  }
  const preA = a['pre_state'];
  const preB = b['pre_state'];
  const postA = a['post_state'];
  const postB = b['post_state'];
  const schedA = obj(postA)?.['scheduler'];
  const schedB = obj(postB)?.['scheduler'];
  return (
    same(a['step_index'], b['step_index']) &&
    same(a['selected_coro'], b['selected_coro']) &&
    same(a['selected_pc'], b['selected_pc']) &&
    same(a['exec_status'], b['exec_status']) &&
    sliceEqual(preA, preB, obj(pa)?.['post_state'], obj(pb)?.['post_state']) &&
    // Hints only from pairs proven equal: the pre-states just were.
    sliceEqual(postA, postB, preA, preB) &&
    flatEqual(a['ready_queue'], b['ready_queue'], obj(schedA)?.['ready_queue'], obj(schedB)?.['ready_queue']) &&
    flatEqual(a['blocked'], b['blocked'], obj(schedA)?.['blocked'], obj(schedB)?.['blocked']) &&
    flatEqual(
      a['session_type_counts'],
      b['session_type_counts'],
      obj(pa)?.['session_type_counts'],
      obj(pb)?.['session_type_counts'],
    ) &&
    flatEqual(
      a['buffered_message_counts'],
      b['buffered_message_counts'],
      obj(pa)?.['buffered_message_counts'],
      obj(pb)?.['buffered_message_counts'],
    ) &&
    flatEqual(a['event'], b['event'], undefined, undefined) &&
    (raw
      ? sameSelectedType(a['selected_type'] as SessionType | null, b['selected_type'] as SessionType | null)
      : jsonEqual(a['selected_type'], b['selected_type']))
  );
}

function rendered(s: unknown): unknown {
  return typeof s === 'object' && s !== null ? renderStepState(s as RawStepState) : s;
}

/**
 * The first index at which two `step_states` lists differ under {@link jsonEqual} (a missing
 * entry is `null`), or -1 when they are equal. `raw`: both lists are raw step states
 * (`selected_type` holds the type), compared as their rendered forms would be.
 * @internal
 */
export function firstStepStateDifference(left: readonly unknown[], right: readonly unknown[], raw: boolean): number {
  const n = Math.max(left.length, right.length);
  let pa: unknown;
  let pb: unknown;
  for (let i = 0; i < n; i += 1) {
    const a = left[i] ?? null;
    const b = right[i] ?? null;
    if (!stepStateEqual(a, b, pa, pb, raw)) return i;
    pa = a;
    pb = b;
  }
  return -1;
}

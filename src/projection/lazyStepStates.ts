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
import {
  STEP_STATE_KEYS,
  STATE_SLICE_KEYS,
  SCHEDULER_SLICE_KEYS,
  COROUTINE_SLICE_KEYS,
  SESSION_SLICE_KEYS,
  type CoroutineSlice,
  type SessionSlice,
  type StateSlice,
  type StepState,
} from '../types/bridge.js';
import type { SessionType } from '../types/machine.js';
import type { ValType } from '../types/session.js';
import { defineLazyProperty, lazySource } from '../types/lazyProperty.js';
import { jsonByteLength, jsonNumberLength } from '../types/outputBudget.js';
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
 * The compact-JSON length of the rendered step state, estimated without rendering: the selected
 * type counts as its one-line text (what `renderLocalType` prints when it fits in 120 columns; a
 * wider type also gets line breaks and indentation). For output budgets, which are estimates.
 * The rest is exactly `jsonByteLength` of the state: the slices, read field by field (the step
 * states our lanes build have exactly the fields of {@link StepState}), and parts two fields
 * share (a slice's `ready_queue` and `blocked` are the step's own) measured once.
 * @example `stepStateJsonLength(raw) // about JSON.stringify(renderStepState(raw)).length`
 * @internal
 */
export function stepStateJsonLength(s: RawStepState): number {
  const t = s.selected_type;
  const post = s.post_state.scheduler;
  const pre = s.pre_state.scheduler;
  const queue = numbersLength(post.ready_queue);
  const blocked = jsonByteLength(post.blocked);
  const preQueue = pre.ready_queue === post.ready_queue ? queue : numbersLength(pre.ready_queue);
  const preBlocked = pre.blocked === post.blocked ? blocked : jsonByteLength(pre.blocked);
  return (
    kStepOverhead +
    jsonNumberLength(s.step_index) +
    sliceLength(s.pre_state, preQueue, preBlocked) +
    sliceLength(s.post_state, queue, blocked) +
    jsonNumberLength(s.selected_coro) +
    jsonNumberLength(s.selected_pc) +
    (t === null ? 4 : flatLength(t, 0) + 2) +
    s.exec_status.length +
    2 +
    jsonByteLength(s.session_type_counts) +
    jsonByteLength(s.buffered_message_counts) +
    (s.ready_queue === post.ready_queue ? queue : numbersLength(s.ready_queue)) +
    (s.blocked === post.blocked ? blocked : jsonByteLength(s.blocked)) +
    jsonByteLength(s.event)
  );
}

/** Quotes, colons, commas and braces of a record with these keys. */
function recordOverhead(keys: readonly string[]): number {
  return keys.reduce((n, k) => n + k.length + 3, 0) + keys.length + 1;
}

const kStepOverhead = recordOverhead(STEP_STATE_KEYS);
const kSliceOverhead = recordOverhead(STATE_SLICE_KEYS);
const kSchedulerOverhead = recordOverhead(SCHEDULER_SLICE_KEYS);
const kCoroutineOverhead = recordOverhead(COROUTINE_SLICE_KEYS);
const kSessionOverhead = recordOverhead(SESSION_SLICE_KEYS);

function numbersLength(xs: readonly number[]): number {
  let n = xs.length === 0 ? 2 : xs.length + 1;
  for (let i = 0; i < xs.length; i++) n += jsonNumberLength(xs[i] as number);
  return n;
}

/** A slice's length, given its scheduler's queue and blocked lengths. */
function sliceLength(x: StateSlice, queue: number, blocked: number): number {
  const cs = x.coroutines;
  let n = kSliceOverhead + kSchedulerOverhead + queue + blocked + jsonNumberLength(x.scheduler.step_count);
  n += cs.length === 0 ? 2 : cs.length + 1;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i] as CoroutineSlice;
    n +=
      kCoroutineOverhead +
      jsonNumberLength(c.coro_id) +
      jsonNumberLength(c.session_id) +
      jsonNumberLength(c.pc) +
      c.status.length +
      2 +
      jsonNumberLength(c.owned_endpoints) +
      jsonNumberLength(c.progress_tokens);
  }
  const ss = x.sessions;
  n += ss.length === 0 ? 2 : ss.length + 1;
  for (let i = 0; i < ss.length; i++) {
    const e = ss[i] as SessionSlice;
    n +=
      kSessionOverhead +
      jsonNumberLength(e.sid) +
      jsonNumberLength(e.role_count) +
      jsonNumberLength(e.local_type_entries) +
      jsonNumberLength(e.buffer_edges) +
      jsonNumberLength(e.buffered_messages) +
      e.status.length +
      2 +
      jsonNumberLength(e.epoch);
  }
  return n;
}

/**
 * Length of the one-line rendering of `t` (quoted strings count as length + 2). A sum over nodes,
 * on an explicit stack: types may nest tens of thousands deep.
 */
function flatLength(root: SessionType, rootPrec: number): number {
  let n = 0;
  const stack: { readonly t: SessionType; readonly prec: number }[] = [{ t: root, prec: rootPrec }];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const { t, prec } = top;
    const paren = prec > 0 ? 2 : 0;
    switch (t.kind) {
      case 'end':
        n += 14; // LocalType.end_
        break;
      case 'var':
        n += 14 + String(t.index).length + paren; // LocalType.var n
        break;
      case 'mu':
        n += 13 + paren; // LocalType.mu …
        stack.push({ t: t.body, prec: 1 });
        break;
      case 'send':
      case 'recv':
        n += 11 + t.kind.length + t.partner.length + 2 + 1 + valTypeLength(t.payload, 1) + 1 + paren;
        stack.push({ t: t.cont, prec: 1 });
        break;
      case 'select':
      case 'branch':
        n += 11 + t.kind.length + t.partner.length + 2 + 1 + paren;
        n += t.branches.length === 0 ? 2 : t.branches.length + 1 + 2 * (t.branches.length - 1);
        for (const b of t.branches) {
          n += b.label.length + 2 + 4;
          stack.push({ t: b.cont, prec: 0 });
        }
        break;
    }
  }
  return n;
}

function valTypeLength(t: ValType, prec: number): number {
  if (t.kind === 'prod') return 13 + valTypeLength(t.left, 1) + 1 + valTypeLength(t.right, 1) + (prec > 0 ? 2 : 0);
  if (t.kind === 'chan') return 13 + String(t.sid).length + 1 + t.role.length + 2 + (prec > 0 ? 2 : 0);
  return 8 + t.kind.length;
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

/**
 * Equal in every field the renderer reads (so the texts are equal); `false` may still print alike.
 * On an explicit stack: types may nest tens of thousands deep.
 */
function sameRendering(x: SessionType, y: SessionType): boolean {
  const stack: SessionType[] = [x, y];
  while (stack.length > 0) {
    const b = stack.pop() as SessionType;
    const a = stack.pop() as SessionType;
    if (a === b) continue;
    switch (a.kind) {
      case 'end':
        if (b.kind !== 'end') return false;
        break;
      case 'var':
        if (b.kind !== 'var' || a.index !== b.index) return false;
        break;
      case 'mu':
        if (b.kind !== 'mu') return false;
        stack.push(a.body, b.body);
        break;
      case 'send':
      case 'recv':
        if ((b.kind !== 'send' && b.kind !== 'recv') || b.kind !== a.kind || a.partner !== b.partner) return false;
        if (!sameValType(a.payload, b.payload)) return false;
        stack.push(a.cont, b.cont);
        break;
      case 'select':
      case 'branch': {
        if ((b.kind !== 'select' && b.kind !== 'branch') || b.kind !== a.kind) return false;
        if (a.partner !== b.partner || a.branches.length !== b.branches.length) return false;
        for (let i = 0; i < a.branches.length; i++) {
          const p = a.branches[i];
          const q = b.branches[i];
          if (p === undefined || q === undefined || p.label !== q.label) return false;
          stack.push(p.cont, q.cont);
        }
        break;
      }
    }
  }
  return true;
}

function sameValType(a: ValType, b: ValType): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  if (a.kind === 'prod') return b.kind === 'prod' && sameValType(a.left, b.left) && sameValType(a.right, b.right);
  if (a.kind === 'chan') return b.kind === 'chan' && a.sid === b.sid && a.role === b.role;
  return true;
}

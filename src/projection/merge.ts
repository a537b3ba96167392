import { err, ok, type Result } from '../types/result.js';
import type { LocalBranch, LocalType, MergeError, ValType } from '../types/session.js';
import { compareCodePoints } from './_internals/codePoint.js';
import { sortEqual, valTypeEqual } from './_internals/equal.js';
import { runDeep, type DeepCall } from './_internals/runDeep.js';
import { localEqual } from './localEqual.js';
import { encodeLocal } from './encodeLocal.js';

type Comm = Extract<LocalType, { kind: 'send' | 'recv' }>;

type WithoutMessage<T> = T extends unknown ? Omit<T, 'message'> : never;

/** Display text of a merge error (projection.md §7.3). */
function mergeError(e: WithoutMessage<MergeError>): MergeError {
  // Read by field name to build the message; every variant is an object.
  const f = e as Record<string, unknown>;
  let message: string;
  switch (e.error) {
    case 'EndMismatch':
      message = `cannot merge end with non-end type: ${JSON.stringify(f.other)}`;
      break;
    case 'PartnerMismatch':
      message = `partner mismatch in merge: expected ${String(f.expected)}, found ${String(f.found)}`;
      break;
    case 'DirectionMismatch':
      message = 'direction mismatch in merge: cannot merge send with recv';
      break;
    case 'IncompatibleContinuations':
      message = `incompatible continuations for label '${String(f.label)}'`;
      break;
    case 'PayloadAnnotationMismatch':
      message = `payload annotation mismatch for label '${String(f.label)}': left=${JSON.stringify(f.left)}, right=${JSON.stringify(f.right)}`;
      break;
    case 'SendLabelMismatch':
      message = `send branch label mismatch: cannot merge sends with different labels '${String(f.left)}' vs '${String(f.right)}'`;
      break;
    case 'SendBranchCountMismatch':
      message = `send branch count mismatch: ${String(f.left)} labels vs ${String(f.right)} labels`;
      break;
    case 'RecursiveVariableMismatch':
      message = `recursive variable mismatch: expected ${String(f.expected)}, found ${String(f.found)}`;
      break;
    case 'VariableMismatch':
      message = `type variable mismatch: expected ${String(f.expected)}, found ${String(f.found)}`;
      break;
    case 'IncompatibleTypes':
      message = 'cannot merge incompatible types';
      break;
  }
  return { ...e, message };
}

const byName = (a: LocalBranch, b: LocalBranch): number => compareCodePoints(a.label.name, b.label.name);

function annotation(v: ValType | undefined): ValType | null {
  return v ?? null;
}

function* mergeSends(a: Comm, b: Comm): DeepCall<Result<LocalType, MergeError>> {
  // Array.prototype.sort is stable, as Rust's sort_by is.
  const left = [...a.branches].sort(byName);
  const right = [...b.branches].sort(byName);
  if (left.length !== right.length)
    return err(mergeError({ error: 'SendBranchCountMismatch', left: left.length, right: right.length }));
  const out = new Array<LocalBranch>(left.length);
  for (let i = 0; i < left.length; i++) {
    const x = left[i];
    const y = right[i];
    if (x === undefined || y === undefined)
      return err(mergeError({ error: 'SendBranchCountMismatch', left: left.length, right: right.length }));
    if (x.label.name !== y.label.name)
      return err(mergeError({ error: 'SendLabelMismatch', left: x.label.name, right: y.label.name }));
    if (!sortEqual(x.label.sort, y.label.sort))
      return err(mergeError({ error: 'IncompatibleContinuations', label: x.label.name }));
    const cont = (yield mergeDeep(x.continuation, y.continuation)) as Result<LocalType, MergeError>;
    if (!cont.ok) return err(mergeError({ error: 'IncompatibleContinuations', label: x.label.name }));
    if (!valTypeEqual(x.payload, y.payload)) {
      return err(
        mergeError({
          error: 'PayloadAnnotationMismatch',
          label: x.label.name,
          left: annotation(x.payload),
          right: annotation(y.payload),
        }),
      );
    }
    out[i] =
      x.payload === undefined
        ? { label: x.label, continuation: cont.value }
        : { label: x.label, continuation: cont.value, payload: x.payload };
  }
  return ok({ kind: 'send', partner: a.partner, branches: out });
}

function* mergeRecvs(a: Comm, b: Comm): DeepCall<Result<LocalType, MergeError>> {
  const byLabel = new Map<string, LocalBranch>();
  for (const x of a.branches) byLabel.set(x.label.name, x);
  for (const y of b.branches) {
    const x = byLabel.get(y.label.name);
    if (x === undefined) {
      byLabel.set(y.label.name, y);
      continue;
    }
    const cont = (yield mergeDeep(x.continuation, y.continuation)) as Result<LocalType, MergeError>;
    if (!cont.ok) return err(mergeError({ error: 'IncompatibleContinuations', label: y.label.name }));
    if (!sortEqual(x.label.sort, y.label.sort))
      return err(mergeError({ error: 'IncompatibleContinuations', label: y.label.name }));
    if (!valTypeEqual(x.payload, y.payload)) {
      return err(
        mergeError({
          error: 'PayloadAnnotationMismatch',
          label: y.label.name,
          left: annotation(x.payload),
          right: annotation(y.payload),
        }),
      );
    }
    byLabel.set(
      y.label.name,
      y.payload === undefined
        ? { label: y.label, continuation: cont.value }
        : { label: y.label, continuation: cont.value, payload: y.payload },
    );
  }
  return ok({ kind: 'recv', partner: a.partner, branches: [...byLabel.values()].sort(byName) });
}

/**
 * Rust's merge of two local types (projection.md §7.2): identical inputs are returned unchanged;
 * sends need the same label set (result sorted by label name); receives take the union (sorted);
 * errors are `MergeError` objects with the spec's fields and text.
 * @example
 * ```ts
 * merge(recv('B', [['zeta', 'nat']]), recv('B', [['alpha', 'bool']])); // ?B{alpha:bool. end, zeta:nat. end}
 * merge({ kind: 'end' }, { kind: 'var', name: 't' });                 // EndMismatch
 * ```
 * @public
 */
export function merge(t1: LocalType, t2: LocalType): Result<LocalType, MergeError> {
  return runDeep(mergeDeep(t1, t2));
}

/** {@link merge} as a generator-encoded recursion ({@link runDeep}): stack-safe at any depth. @internal */
export function* mergeDeep(t1: LocalType, t2: LocalType): DeepCall<Result<LocalType, MergeError>> {
  if (localEqual(t1, t2)) return ok(t1);
  if (t1.kind === 'end') return err(mergeError({ error: 'EndMismatch', other: encodeLocal(t2) }));
  if (t2.kind === 'end') return err(mergeError({ error: 'EndMismatch', other: encodeLocal(t1) }));
  if ((t1.kind === 'send' || t1.kind === 'recv') && (t2.kind === 'send' || t2.kind === 'recv')) {
    if (t1.kind !== t2.kind) return err(mergeError({ error: 'DirectionMismatch' }));
    if (t1.partner !== t2.partner)
      return err(mergeError({ error: 'PartnerMismatch', expected: t1.partner, found: t2.partner }));
    return (yield t1.kind === 'send' ? mergeSends(t1, t2) : mergeRecvs(t1, t2)) as Result<LocalType, MergeError>;
  }
  if (t1.kind === 'rec' && t2.kind === 'rec') {
    if (t1.var !== t2.var)
      return err(mergeError({ error: 'RecursiveVariableMismatch', expected: t1.var, found: t2.var }));
    const body = (yield mergeDeep(t1.body, t2.body)) as Result<LocalType, MergeError>;
    return body.ok ? ok({ kind: 'rec', var: t1.var, body: body.value }) : body;
  }
  if (t1.kind === 'var' && t2.kind === 'var')
    return err(mergeError({ error: 'VariableMismatch', expected: t1.name, found: t2.name }));
  return err(mergeError({ error: 'IncompatibleTypes' }));
}

/**
 * Left fold of {@link merge} (projection.md §7.2): `[]` → `IncompatibleTypes`, `[t]` → t.
 * @example
 * ```ts
 * mergeAll([a, b, c]); // merge(merge(a, b), c)
 * ```
 * @public
 */
export function mergeAll(ts: readonly LocalType[]): Result<LocalType, MergeError> {
  return runDeep(mergeAllDeep(ts));
}

/** {@link mergeAll} as a generator-encoded recursion. @internal */
export function* mergeAllDeep(ts: readonly LocalType[]): DeepCall<Result<LocalType, MergeError>> {
  const first = ts[0];
  if (first === undefined) return err(mergeError({ error: 'IncompatibleTypes' }));
  let acc: LocalType = first;
  for (let i = 1; i < ts.length; i++) {
    const t = ts[i];
    if (t === undefined) continue; // i < ts.length
    const r = (yield mergeDeep(acc, t)) as Result<LocalType, MergeError>;
    if (!r.ok) return r;
    acc = r.value;
  }
  return ok(acc);
}

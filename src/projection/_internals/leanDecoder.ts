import type { BridgeError, DecodeErrorCode } from '../../types/errors.js';
import { err, ok, type Result } from '../../types/result.js';
import type { GlobalType, Label, LocalType, Sort } from '../../types/session.js';
import { child, render, type LazyPath } from './lazyPath.js';

/*
 * Lean-compatible decoder (projection.md §3.2): unknown keys ignored, `sort` required, `delegate`
 * accepted, no limits. Lean recurses; we walk with an explicit stack so that deep input cannot
 * overflow ours. Tasks are processed in Lean's order (a node's fields, then each branch's label,
 * sort and continuation, depth first), so the first failure is the one Lean reports.
 */

type JsonObject = Record<string, unknown>;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type AnyNode = Mutable<GlobalType> | Mutable<LocalType>;
type Slot = (node: AnyNode) => void;

type Task =
  | { readonly t: 'node'; readonly json: unknown; readonly path: LazyPath; readonly slot: Slot }
  | {
      readonly t: 'branch';
      readonly json: unknown;
      readonly path: LazyPath;
      readonly into: Array<{ label: Label; continuation: unknown }>;
      readonly index: number;
    };

class LeanFailure {
  constructor(readonly error: BridgeError<DecodeErrorCode>) {}
}

function fail(code: DecodeErrorCode, path: LazyPath, message: string): never {
  throw new LeanFailure({ code, path: render(path), message });
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function member(obj: JsonObject, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

function getString(obj: JsonObject, path: LazyPath, key: string): string {
  if (!Object.hasOwn(obj, key)) fail('MissingField', child(path, key), `property not found: ${key}`);
  const v = obj[key];
  if (typeof v !== 'string') fail('ExpectedString', child(path, key), 'String expected');
  return v;
}

function getArray(obj: JsonObject, path: LazyPath, key: string): readonly unknown[] {
  if (!Object.hasOwn(obj, key)) fail('MissingField', child(path, key), `property not found: ${key}`);
  const v = obj[key];
  if (!Array.isArray(v)) fail('ExpectedArray', child(path, key), 'array expected');
  return v;
}

function isNat(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

const kSortNames: ReadonlySet<string> = new Set(['unit', 'nat', 'bool', 'string', 'real']);

// Sorts nest rarely; an explicit stack here too keeps the no-overflow promise for any input.
function decodeSort(json: unknown, path: LazyPath): Sort {
  type Frame = { json: unknown; path: LazyPath; parts: Sort[] };
  const decodeLeaf = (j: unknown, p: LazyPath): Sort | Frame => {
    if (typeof j === 'string') {
      if (!kSortNames.has(j)) fail('InvalidSort', p, `invalid sort: ${j}`);
      // A member of kSortNames (checked above).
      return j as Sort;
    }
    if (isObject(j)) {
      const v = member(j, 'vector');
      if (isNat(v)) return { vector: v };
      const prod = member(j, 'prod');
      if (Array.isArray(prod)) {
        if (prod.length !== 2) fail('InvalidSort', p, 'prod must have 2 elements');
        return { json: j, path: p, parts: [] };
      }
    }
    fail('InvalidSort', p, `invalid sort: ${JSON.stringify(j) ?? 'null'}`);
  };
  const first = decodeLeaf(json, path);
  if (typeof first === 'string' || !('json' in first)) return first;
  const stack: Frame[] = [first];
  let done: Sort | undefined;
  for (let top = stack.at(-1); top !== undefined; top = stack.at(-1)) {
    if (done !== undefined) {
      top.parts.push(done);
      done = undefined;
    }
    const [left, right] = top.parts;
    if (left !== undefined && right !== undefined) {
      stack.pop();
      done = { prod: [left, right] };
      continue;
    }
    const i = top.parts.length;
    const childPath = child(child(top.path, 'prod'), i);
    // Frames are only pushed for objects whose `prod` is a 2-element array (decodeLeaf).
    const next = decodeLeaf(((top.json as JsonObject).prod as unknown[])[i], childPath);
    if (typeof next === 'string' || !('json' in next)) done = next;
    else stack.push(next);
  }
  // The loop ends when the outermost frame is popped, which sets `done`.
  if (done === undefined) throw new Error('decodeSort: no sort decoded');
  return done;
}

function decodeLabel(json: unknown, path: LazyPath): Label {
  if (!isObject(json)) fail('ExpectedObject', path, 'object expected');
  const name = getString(json, path, 'name');
  return { name, sort: decodeSort(member(json, 'sort') ?? null, child(path, 'sort')) };
}

function decode(root: unknown, local: boolean): AnyNode {
  let result: AnyNode | undefined;
  const stack: Task[] = [{ t: 'node', json: root, path: null, slot: (n) => (result = n) }];
  for (let task = stack.pop(); task !== undefined; task = stack.pop()) {
    if (task.t === 'branch') {
      const j = task.json;
      // A non-object branch reads as one whose label is null (§3.2).
      const label = decodeLabel(isObject(j) ? member(j, 'label') : null, child(task.path, 'label'));
      const entry = { label, continuation: undefined as unknown };
      task.into[task.index] = entry;
      stack.push({
        t: 'node',
        json: isObject(j) ? (member(j, 'continuation') ?? null) : null,
        path: child(task.path, 'continuation'),
        slot: (n) => (entry.continuation = n),
      });
      continue;
    }
    const { json, path, slot } = task;
    if (!isObject(json)) fail('ExpectedObject', path, 'object expected');
    const kind = getString(json, path, 'kind');
    switch (kind) {
      case 'end':
        slot({ kind: 'end' });
        continue;
      case 'var':
        slot({ kind: 'var', name: getString(json, path, 'name') });
        continue;
      case 'rec': {
        const node = { kind: 'rec', var: getString(json, path, 'var'), body: undefined as unknown } as Mutable<AnyNode>;
        slot(node);
        stack.push({
          t: 'node',
          json: member(json, 'body') ?? null,
          path: child(path, 'body'),
          // Filled in place while decoding; the node is complete before `decode` returns.
          slot: (n) => ((node as { body: unknown }).body = n),
        });
        continue;
      }
      case 'comm':
      case 'send':
      case 'recv': {
        if ((kind === 'comm') === local) break;
        const head =
          kind === 'comm'
            ? { kind, sender: getString(json, path, 'sender'), receiver: getString(json, path, 'receiver') }
            : { kind, partner: getString(json, path, 'partner') };
        const raw = getArray(json, path, 'branches');
        const branches = new Array<{ label: Label; continuation: unknown }>(raw.length);
        // Branches are filled in place by the branch tasks pushed below.
        slot({ ...head, branches } as unknown as AnyNode);
        const arrPath = child(path, 'branches');
        for (let i = raw.length - 1; i >= 0; i--)
          stack.push({ t: 'branch', json: raw[i], path: child(arrPath, i), into: branches, index: i });
        continue;
      }
      case 'delegate': {
        if (local) break;
        const delegator = getString(json, path, 'delegator');
        const delegatee = getString(json, path, 'delegatee');
        if (!Object.hasOwn(json, 'session_id'))
          fail('MissingField', child(path, 'session_id'), 'property not found: session_id');
        const sid = json.session_id;
        if (!isNat(sid)) fail('ExpectedNat', child(path, 'session_id'), 'Natural number expected');
        const role = getString(json, path, 'role');
        const node = {
          kind: 'delegate',
          delegator,
          delegatee,
          session_id: sid,
          role,
          // A placeholder, filled in place by the task pushed below.
          continuation: undefined as unknown,
        };
        // Its continuation is filled by the task pushed below.
        slot(node as unknown as AnyNode);
        stack.push({
          t: 'node',
          json: member(json, 'continuation') ?? null,
          path: child(path, 'continuation'),
          slot: (n) => (node.continuation = n),
        });
        continue;
      }
    }
    fail('InvalidKind', child(path, 'kind'), `invalid ${local ? 'LocalTypeR' : 'GlobalType'} kind: ${kind}`);
  }
  // The root task's slot always runs (or `fail` threw before).
  if (result === undefined) throw new Error('decode: no node decoded');
  return result;
}

function run<T>(f: () => T): Result<T, BridgeError<DecodeErrorCode>> {
  try {
    return ok(f());
  } catch (e) {
    if (e instanceof LeanFailure) return err(e.error);
    throw e;
  }
}

/** Lean-compatible decoding of a parsed global type. */
export function leanGlobalValue(json: unknown): Result<GlobalType, BridgeError<DecodeErrorCode>> {
  // decode(…, false) builds global nodes only.
  return run(() => decode(json, false) as GlobalType);
}

/** Lean-compatible decoding of a parsed local type. */
export function leanLocalValue(json: unknown): Result<LocalType, BridgeError<DecodeErrorCode>> {
  // decode(…, true) builds local nodes only.
  return run(() => decode(json, true) as LocalType);
}

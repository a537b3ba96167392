import type { BridgeError, DecodeErrorCode } from '../../types/errors.js';
import { err, ok, type Result } from '../../types/result.js';
import type { GlobalBranch, GlobalType, Label, LocalBranch, LocalType, Sort } from '../../types/session.js';
import { compareCodePoints } from './codePoint.js';
import { compactJson } from './compactJson.js';
import { child, render, type LazyPath } from './lazyPath.js';

/** `MAX_BRIDGE_JSON_BYTES` (projection.md §3.1). */
export const kMaxBridgeJsonBytes = 8388608;
/** `MAX_BRIDGE_JSON_DEPTH_COUNT` (projection.md §3.1). */
export const kMaxBridgeJsonDepth = 256;

/** Options of the strict decoders. @example `decodeGlobal(text, { allowLeanOnlyKinds: true })` @public */
export interface StrictDecodeOptions {
  /** Admit the Lean-only `delegate` kind (PRJ-D5). @defaultValue false */
  readonly allowLeanOnlyKinds?: boolean;
}

type JsonObject = Record<string, unknown>;

// Thrown only inside this module and turned into data by `runStrict`; keeps the happy path free of
// Result allocations (projection is benchmarked on decoded input).
class DecodeFailure {
  constructor(readonly error: BridgeError<DecodeErrorCode>) {}
}

function fail(code: DecodeErrorCode, path: LazyPath, message: string): never {
  throw new DecodeFailure({ code, path: render(path), message });
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkDepth(depth: number, path: LazyPath): void {
  if (depth > kMaxBridgeJsonDepth)
    fail('InputTooDeep', path, `Input too deep: JSON type depth exceeds ${kMaxBridgeJsonDepth}`);
}

function onlyFields(obj: unknown, path: LazyPath, context: string, allowed: readonly string[]): JsonObject {
  if (!isObject(obj)) fail('ExpectedObject', path, `Expected object, got: ${compactJson(obj)}`);
  let worst: string | undefined;
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key) && (worst === undefined || compareCodePoints(key, worst) < 0)) worst = key;
  }
  if (worst !== undefined) fail('UnexpectedField', child(path, worst), `Unexpected field '${worst}' in ${context}`);
  return obj;
}

function requiredField(obj: JsonObject, path: LazyPath, field: string): unknown {
  if (!Object.hasOwn(obj, field)) fail('MissingField', child(path, field), `Missing field: ${field}`);
  return obj[field];
}

function requiredString(obj: JsonObject, path: LazyPath, field: string): string {
  const v = requiredField(obj, path, field);
  if (typeof v !== 'string') fail('ExpectedString', child(path, field), `Expected string, got: ${compactJson(v)}`);
  return v;
}

function requiredArray(obj: JsonObject, path: LazyPath, field: string): readonly unknown[] {
  const v = requiredField(obj, path, field);
  if (!Array.isArray(v)) fail('ExpectedArray', child(path, field), `Expected array, got: ${compactJson(v)}`);
  return v;
}

function readKind(json: unknown, path: LazyPath): string {
  const kind = isObject(json) && Object.hasOwn(json, 'kind') ? json.kind : undefined;
  if (typeof kind !== 'string') fail('MissingField', child(path, 'kind'), 'Missing field: kind');
  return kind;
}

const kSortNames: ReadonlySet<string> = new Set(['unit', 'nat', 'bool', 'string', 'real']);

function decodeSort(json: unknown, path: LazyPath): Sort {
  if (typeof json === 'string') {
    if (!kSortNames.has(json)) fail('InvalidSort', path, `Invalid sort: ${json}`);
    // A member of kSortNames (checked above).
    return json as Sort;
  }
  if (isObject(json)) {
    const keys = Object.keys(json);
    if (keys.length !== 1) {
      const field = keys.sort(compareCodePoints).join(', ');
      fail('UnexpectedField', path, `Unexpected field '${field}' in sort`);
    }
    const prod = Object.hasOwn(json, 'prod') ? json.prod : undefined;
    if (Array.isArray(prod)) {
      if (prod.length !== 2) fail('InvalidSort', path, 'Invalid sort: prod must have 2 elements');
      const prodPath = child(path, 'prod');
      const left = decodeSort(prod[0], child(prodPath, 0));
      const right = decodeSort(prod[1], child(prodPath, 1));
      return { prod: [left, right] };
    }
    const n = Object.hasOwn(json, 'vector') ? json.vector : undefined;
    // u64 max (2^64 - 1) has no double; JSON text `18446744073709551615` parses to 2^64, which must pass.
    if (typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 2 ** 64) return { vector: n };
    fail('InvalidSort', path, `Invalid sort: ${compactJson(json)}`);
  }
  fail('InvalidSort', path, `Invalid sort: ${compactJson(json)}`);
}

function decodeLabel(json: unknown, path: LazyPath): Label {
  const obj = onlyFields(json, path, 'label', ['name', 'sort']);
  const name = Object.hasOwn(obj, 'name') ? obj.name : undefined;
  if (typeof name !== 'string') fail('MissingField', child(path, 'name'), 'Missing field: name in label');
  // PRJ-D4: the Rust bridge reads an omitted sort as unit.
  const sort: Sort = Object.hasOwn(obj, 'sort') ? decodeSort(obj.sort, child(path, 'sort')) : 'unit';
  return { name, sort };
}

function decodeBranchShell(
  json: unknown,
  path: LazyPath,
  context: string,
): { label: Label; cont: unknown; contPath: LazyPath } {
  const obj = onlyFields(json, path, context, ['label', 'continuation']);
  const labelPath = child(path, 'label');
  if (!Object.hasOwn(obj, 'label')) fail('MissingField', labelPath, 'Missing field: label in branch');
  const label = decodeLabel(obj.label, labelPath);
  const contPath = child(path, 'continuation');
  if (!Object.hasOwn(obj, 'continuation')) fail('MissingField', contPath, 'Missing field: continuation in branch');
  return { label, cont: obj.continuation, contPath };
}

function globalNode(json: unknown, path: LazyPath, depth: number, lean: boolean): GlobalType {
  checkDepth(depth, path);
  const kind = readKind(json, path);
  switch (kind) {
    case 'end':
      onlyFields(json, path, 'global end', ['kind']);
      return { kind: 'end' };
    case 'comm': {
      const obj = onlyFields(json, path, 'global comm', ['kind', 'sender', 'receiver', 'branches']);
      const sender = requiredString(obj, path, 'sender');
      const receiver = requiredString(obj, path, 'receiver');
      const raw = requiredArray(obj, path, 'branches');
      const arrPath = child(path, 'branches');
      checkDepth(depth + 2, arrPath);
      const branches: GlobalBranch[] = new Array<GlobalBranch>(raw.length);
      for (let i = 0; i < raw.length; i++) {
        const shell = decodeBranchShell(raw[i], child(arrPath, i), 'global branch');
        branches[i] = { label: shell.label, continuation: globalNode(shell.cont, shell.contPath, depth + 3, lean) };
      }
      return { kind: 'comm', sender, receiver, branches };
    }
    case 'rec': {
      const obj = onlyFields(json, path, 'global rec', ['kind', 'var', 'body']);
      const v = requiredString(obj, path, 'var');
      const body = requiredField(obj, path, 'body');
      return { kind: 'rec', var: v, body: globalNode(body, child(path, 'body'), depth + 2, lean) };
    }
    case 'var': {
      const obj = onlyFields(json, path, 'global var', ['kind', 'name']);
      return { kind: 'var', name: requiredString(obj, path, 'name') };
    }
    case 'delegate': {
      if (!lean) break;
      const obj = onlyFields(json, path, 'global delegate', [
        'kind',
        'delegator',
        'delegatee',
        'session_id',
        'role',
        'continuation',
      ]);
      const delegator = requiredString(obj, path, 'delegator');
      const delegatee = requiredString(obj, path, 'delegatee');
      const sid = requiredField(obj, path, 'session_id');
      if (typeof sid !== 'number' || !Number.isInteger(sid) || sid < 0) {
        fail('ExpectedNat', child(path, 'session_id'), `Expected natural number, got: ${compactJson(sid)}`);
      }
      const role = requiredString(obj, path, 'role');
      const cont = requiredField(obj, path, 'continuation');
      // Not in the Rust bridge; counted like a `rec` body so the limit stays meaningful.
      const continuation = globalNode(cont, child(path, 'continuation'), depth + 2, lean);
      return { kind: 'delegate', delegator, delegatee, session_id: sid, role, continuation };
    }
  }
  fail('InvalidKind', child(path, 'kind'), `Invalid kind: ${kind}`);
}

function localNode(json: unknown, path: LazyPath, depth: number): LocalType {
  checkDepth(depth, path);
  const kind = readKind(json, path);
  switch (kind) {
    case 'end':
      onlyFields(json, path, 'local end', ['kind']);
      return { kind: 'end' };
    case 'send':
    case 'recv': {
      const obj = onlyFields(json, path, `local ${kind}`, ['kind', 'partner', 'branches']);
      const partner = requiredString(obj, path, 'partner');
      const raw = requiredArray(obj, path, 'branches');
      const arrPath = child(path, 'branches');
      checkDepth(depth + 2, arrPath);
      const branches: LocalBranch[] = new Array<LocalBranch>(raw.length);
      for (let i = 0; i < raw.length; i++) {
        const shell = decodeBranchShell(raw[i], child(arrPath, i), 'local branch');
        branches[i] = { label: shell.label, continuation: localNode(shell.cont, shell.contPath, depth + 3) };
      }
      return { kind, partner, branches };
    }
    case 'rec': {
      const obj = onlyFields(json, path, 'local rec', ['kind', 'var', 'body']);
      const v = requiredString(obj, path, 'var');
      const body = requiredField(obj, path, 'body');
      return { kind: 'rec', var: v, body: localNode(body, child(path, 'body'), depth + 2) };
    }
    case 'var': {
      const obj = onlyFields(json, path, 'local var', ['kind', 'name']);
      return { kind: 'var', name: requiredString(obj, path, 'name') };
    }
  }
  fail('InvalidKind', child(path, 'kind'), `Invalid kind: ${kind}`);
}

function run<T>(f: () => T): Result<T, BridgeError<DecodeErrorCode>> {
  try {
    return ok(f());
  } catch (e) {
    if (e instanceof DecodeFailure) return err(e.error);
    // Only a pathologically nested sort (sorts have no depth counter in §3.1) can get here.
    if (e instanceof RangeError) {
      return err({
        code: 'InputTooDeep',
        path: '$',
        message: `Input too deep: JSON type depth exceeds ${kMaxBridgeJsonDepth}`,
      });
    }
    throw e;
  }
}

/** Strict decoding of a parsed global type (projection.md §3.1). */
export function strictGlobalValue(
  json: unknown,
  options: StrictDecodeOptions | undefined,
): Result<GlobalType, BridgeError<DecodeErrorCode>> {
  const lean = options?.allowLeanOnlyKinds === true;
  return run(() => globalNode(json, null, 0, lean));
}

/** Strict decoding of a parsed local type (projection.md §3.1). */
export function strictLocalValue(json: unknown): Result<LocalType, BridgeError<DecodeErrorCode>> {
  return run(() => localNode(json, null, 0));
}

const kUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Size check and JSON parse of a document given as text or raw bytes (§3.1, §11.3): too large →
 * `InputTooLarge`; invalid UTF-8 or invalid JSON → `ExpectedObject` (`invalid JSON`).
 */
export function parseDocument(
  input: string | Uint8Array,
  limit: boolean,
): Result<unknown, BridgeError<DecodeErrorCode>> {
  const bytes = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (limit && bytes > kMaxBridgeJsonBytes) {
    return err({
      code: 'InputTooLarge',
      path: '$',
      message: `Input too large: bridge JSON input is ${bytes} bytes, max is ${kMaxBridgeJsonBytes}`,
    });
  }
  const invalid = { code: 'ExpectedObject', path: '$', message: 'Expected object, got: invalid JSON' } as const;
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    try {
      text = kUtf8.decode(input);
    } catch {
      return err(invalid);
    }
  }
  try {
    return ok<unknown>(JSON.parse(text));
  } catch {
    return err(invalid);
  }
}

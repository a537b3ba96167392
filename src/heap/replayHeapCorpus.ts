/**
 * Heap corpora (heap.md §7.3–7.4): replay recorded operations on a fresh heap and compare every
 * step's `result` and `after`, then `final`, byte for byte.
 */
import type { HeapOp, ResourceId } from '../types/heap.js';
import { err, ok, type Result } from '../types/result.js';
import { toHex } from './_internals/bytes.js';
import {
  asObject,
  get,
  getArray,
  getObject,
  getString,
  pathIndex,
  pathKey,
  type JsonObject,
} from './_internals/json.js';
import { HeapSchemaError } from './HeapSchemaError.js';
import { diffJson } from './_internals/diffJson.js';
import type { HeapFieldMismatch } from '../types/heap.js';
import { readResource, readResourceId, resourceIdToJson, resourceToJson } from './decodeResource.js';
import { Heap } from './Heap.js';

/** A decoded corpus scenario; `result`/`after`/`final` stay JSON (compared field by field). @example `decodeHeapScenario(json).value?.steps.length` @public */
export interface HeapCorpusScenario {
  readonly name: string;
  readonly path: string;
  readonly steps: readonly {
    readonly op: HeapOp;
    readonly result?: unknown;
    readonly after?: unknown;
    readonly path: string;
  }[];
  readonly final: JsonObject;
}

/**
 * The first difference found by {@link replayHeapCorpus}, or why the scenario could not be read.
 * `step`/`op` are set for step mismatches; `path` is the JSON path of the differing field.
 * @example `{ code: 'StepMismatch', step: 3, op: 'consume 93ae398d:0', path: '$.operations[3].after.commitment_hash_hex', … }`
 * @public
 */
export interface HeapReplayMismatch {
  readonly code: 'StepMismatch' | 'FinalMismatch' | 'InvalidScenario';
  readonly path: string;
  readonly message: string;
  readonly step?: number;
  readonly op?: string;
  readonly expected?: string;
  readonly actual?: string;
}

/** @internal Reads one JSON operation (`{op, resource | resource_id | resource_ids}`). */
export function readHeapOp(value: unknown, path: string): HeapOp {
  const o = asObject(value, path);
  const op = getString(o, 'op', path);
  switch (op) {
    case 'alloc':
      return { op, resource: readResource(get(o, 'resource', path), pathKey(path, 'resource')) };
    case 'read':
    case 'consume':
    case 'remove':
      return { op, resourceId: readResourceId(get(o, 'resource_id', path), pathKey(path, 'resource_id')) };
    case 'consume_many':
      return {
        op,
        resourceIds: getArray(o, 'resource_ids', path).map((v, i) =>
          readResourceId(v, pathIndex(`${path}.resource_ids`, i)),
        ),
      };
    default:
      throw new HeapSchemaError(
        'UnknownOperation',
        `${path}.op`,
        `unknown heap operation ${JSON.stringify(op)} at ${path}.op; expected alloc, read, consume, consume_many or remove`,
      );
  }
}

/** @internal Decodes a scenario object or throws {@link HeapSchemaError}. */
export function readHeapScenario(value: unknown, path: string): HeapCorpusScenario {
  const o = asObject(value, path);
  const name = Object.hasOwn(o, 'name') ? getString(o, 'name', path) : '(unnamed)';
  const steps = getArray(o, 'operations', path).map((raw, i) => {
    const p = pathIndex(`${path}.operations`, i);
    const step = asObject(raw, p);
    return { op: readHeapOp(step, p), result: step.result, after: step.after, path: p };
  });
  return { name, path, steps, final: getObject(o, 'final', path) };
}

/** The JSON form of a typed operation. @public @example `heapOpToJson({ op: 'alloc', resource })` */
export function heapOpToJson(op: HeapOp): Record<string, unknown> {
  switch (op.op) {
    case 'alloc':
      return { op: op.op, resource: resourceToJson(op.resource) };
    case 'consume_many':
      return { op: op.op, resource_ids: op.resourceIds.map(resourceIdToJson) };
    default:
      return { op: op.op, resource_id: resourceIdToJson(op.resourceId) };
  }
}

/** Short label of an operation for messages (`consume 93ae398d:0`). @public @example `describeHeapOp(op)` */
export function describeHeapOp(op: HeapOp): string {
  const id = (r: ResourceId): string => `${r.digestHex.slice(0, 8)}:${r.counter}`;
  switch (op.op) {
    case 'alloc':
      return `alloc ${op.resource.kind}`;
    case 'consume_many':
      return `consume_many [${op.resourceIds.map(id).join(', ')}]`;
    default:
      return `${op.op} ${id(op.resourceId)}`;
  }
}

/**
 * Applies one operation and returns its `result` in the corpus JSON form
 * (`{"ok":true,…}` / `{"ok":false,"error":…,"resource_id":…}`).
 * @example `applyHeapOp(heap, { op: 'consume', resourceId: id }) // { ok: true }`
 * @public
 */
export function applyHeapOp(heap: Heap, op: HeapOp): Record<string, unknown> {
  let r: Result<unknown, { code: string; resourceId: ResourceId }>;
  switch (op.op) {
    case 'alloc':
      return { ok: true, resource_id: resourceIdToJson(heap.alloc(op.resource)) };
    case 'read': {
      const read = heap.read(op.resourceId);
      if (read.ok) return { ok: true, resource: resourceToJson(read.value) };
      r = read;
      break;
    }
    case 'consume':
      r = heap.consume(op.resourceId);
      break;
    case 'remove':
      r = heap.remove(op.resourceId);
      break;
    case 'consume_many':
      r = heap.consumeMany(op.resourceIds);
      break;
  }
  return r.ok ? { ok: true } : { ok: false, error: r.error.code, resource_id: resourceIdToJson(r.error.resourceId) };
}

/** `after` of a step: `{counter, size, nullified_count, commitment_hash_hex}`. @public @example `heapAfterJson(heap)` */
export function heapAfterJson(heap: Heap): Record<string, unknown> {
  return {
    counter: heap.counter,
    size: BigInt(heap.size),
    nullified_count: BigInt(heap.nullifiedCount),
    commitment_hash_hex: heap.commitment().hashHex,
  };
}

/** `final` of a scenario (heap.md §7.3) computed from a heap. @public @example `heapFinalJson(heap).resource_root_hex` */
export function heapFinalJson(heap: Heap): Record<string, unknown> {
  const proofs = (ids: readonly ResourceId[]): unknown[] =>
    ids.map((id) => {
      const p = heap.proveInclusion(id);
      if (!p.ok) return null;
      return {
        index: BigInt(p.value.index),
        leaf_hex: p.value.leafHex,
        path: p.value.path.map((s) => ({ direction: s.direction, sibling_hash_hex: s.siblingHex })),
        root_hex: p.value.rootHex,
      };
    });
  const commitment = heap.commitment();
  return {
    counter: heap.counter,
    size: BigInt(heap.size),
    nullified_count: BigInt(heap.nullifiedCount),
    active_resource_ids: heap.activeIds().map(resourceIdToJson),
    consumed_resource_ids: heap.consumedIds().map(resourceIdToJson),
    resource_levels_hex: heap.resourceLevels(),
    nullifier_levels_hex: heap.nullifierLevels(),
    resource_root_hex: commitment.resourceRootHex,
    nullifier_root_hex: commitment.nullifierRootHex,
    commitment_preimage_hex: toHex(heap.commitmentPreimage()),
    commitment_hash_hex: commitment.hashHex,
    resource_proofs: proofs(heap.activeIds()),
    nullifier_proofs: proofs(heap.consumedIds()),
  };
}

/** @internal Every mismatch of a replay, with the number of compared fields. */
export interface ReplayReport {
  readonly heap: Heap;
  readonly fields: number;
  readonly mismatches: (HeapFieldMismatch & { step?: number; op?: string })[];
}

/** @internal Replays `ops` (default: the scenario's own) and compares everything. */
export function replayAll(scenario: HeapCorpusScenario, ops?: readonly HeapOp[], stopAtFirst = false): ReplayReport {
  const heap = new Heap();
  const mismatches: ReplayReport['mismatches'] = [];
  let fields = 0;
  const count = { fields: 0 };
  const useOps = ops ?? scenario.steps.map((s) => s.op);
  if (useOps.length !== scenario.steps.length) {
    mismatches.push({
      path: `${scenario.path}.operations`,
      expected: `${scenario.steps.length} operations`,
      actual: `${useOps.length} operations`,
    });
    if (stopAtFirst) return { heap, fields: 1, mismatches };
  }
  for (const [i, step] of scenario.steps.entries()) {
    const op = useOps[i];
    if (op === undefined) break;
    const result = applyHeapOp(heap, op);
    const found: HeapFieldMismatch[] = [];
    if (step.result !== undefined) diffJson(step.result, result, pathKey(step.path, 'result'), found, count);
    if (step.after !== undefined) diffJson(step.after, heapAfterJson(heap), pathKey(step.path, 'after'), found, count);
    for (const m of found) mismatches.push({ ...m, step: i, op: describeHeapOp(op) });
    if (stopAtFirst && mismatches.length > 0) return { heap, fields: count.fields, mismatches };
  }
  diffJson(scenario.final, heapFinalJson(heap), pathKey(scenario.path, 'final'), mismatches, count);
  fields += count.fields;
  return { heap, fields, mismatches };
}

/** @internal Compares a heap's state with a scenario's `final` only. */
export function compareFinal(heap: Heap, scenario: HeapCorpusScenario): HeapFieldMismatch[] {
  const out: HeapFieldMismatch[] = [];
  diffJson(scenario.final, heapFinalJson(heap), pathKey(scenario.path, 'final'), out, { fields: 0 });
  return out;
}

/**
 * Decodes a corpus scenario (`{name, operations, final}`, heap.md §7.3; parsed with
 * {@link parseHeapJson} or `JSON.parse` for small numbers).
 * @example `decodeHeapScenario(doc.heap_scenarios[0])`
 * @public
 */
export function decodeHeapScenario(value: unknown, path = '$'): Result<HeapCorpusScenario, HeapReplayMismatch> {
  try {
    return ok(readHeapScenario(value, path));
  } catch (e) {
    if (e instanceof HeapSchemaError)
      return err({ code: 'InvalidScenario', path: e.path, message: `${e.code}: ${e.message}` });
    throw e;
  }
}

/**
 * Replays a heap corpus scenario on a fresh heap: each step's `result` and `after` must match,
 * then `final`. Returns the final heap, or the first difference (step index, operation, JSON
 * path, expected and actual values).
 * @param scenario - A scenario object (JSON) or an already decoded {@link HeapCorpusScenario}.
 * @param operations - Operations to run instead of the scenario's own (same count expected).
 * @example
 * ```ts
 * const r = replayHeapCorpus(doc.heap_scenarios[0]);
 * if (!r.ok) console.error(r.error.message); // 'step 3 (consume 93ae398d:0): $.operations[3].after.commitment_hash_hex expected … actual …'
 * ```
 * @public
 */
export function replayHeapCorpus(scenario: unknown, operations?: readonly HeapOp[]): Result<Heap, HeapReplayMismatch> {
  let decoded: HeapCorpusScenario;
  if (isDecodedScenario(scenario)) decoded = scenario;
  else {
    const d = decodeHeapScenario(scenario);
    if (!d.ok) return d;
    decoded = d.value;
  }
  const report = replayAll(decoded, operations, true);
  const first = report.mismatches[0];
  if (first === undefined) return ok(report.heap);
  const where = first.step === undefined ? '' : `step ${first.step} (${first.op}): `;
  return err({
    code: first.step === undefined && !first.path.endsWith('.operations') ? 'FinalMismatch' : 'StepMismatch',
    path: first.path,
    message: `${where}${first.path} expected ${first.expected} actual ${first.actual}`,
    ...(first.step === undefined ? {} : { step: first.step, op: first.op }),
    expected: first.expected,
    actual: first.actual,
  });
}

function isDecodedScenario(v: unknown): v is HeapCorpusScenario {
  return (
    // Read after the `in` checks of the same expression.
    typeof v === 'object' && v !== null && 'steps' in v && 'path' in v && Array.isArray((v as { steps: unknown }).steps)
  );
}

import { heapOpsArb } from '../../../arbitraries/heapOps.js';
import { MerkleTree } from '../../heap/MerkleTree.js';
import { canonicalBytes, nullifierLeafPreimage, resourceLeafPreimage } from '../../heap/canonicalBytes.js';
import { compareResourceIds, resourceIdKey } from '../../heap/resourceId.js';
import { contentHash } from '../../heap/contentHash.js';
import type { HeapOp, Resource, ResourceId } from '../../types/heap.js';
import type { FuzzProperty } from '../types.js';
import { failed, passed } from '../verdicts.js';
import { FeatureSet, heapFeatures } from '../_internals/features.js';

interface ModelEntry {
  readonly id: ResourceId;
  readonly resource: Resource;
  consumed: boolean;
}

/**
 * `heap-vs-model`: the heap against a plain map model of heap.md §6, operation by operation: the
 * same results and errors (`AlreadyConsumed` before `NotFound`; `consume_many` atomic and checked
 * against the unchanged heap), and after every operation the same counter, size, nullifier count
 * and set of active IDs; at the end the resource and nullifier Merkle roots equal the model's.
 * @example `await runCampaign({ properties: ['heap-vs-model'], runs: 200, seed: 1 })`
 * @public
 */
export const heapVsModel: FuzzProperty<HeapOp[]> = {
  id: 'heap-vs-model',
  description:
    'heap vs a map model of docs/spec/heap.md §6: same results, error precedence, atomic consume_many, counter/size/nullifiers/active set',
  arbitrary: () => heapOpsArb(),
  features: ['heap'],
  check(ops, { implementations: impl }) {
    const heap = impl.createHeap();
    const model = new Map<string, ModelEntry>();
    const errors: string[] = [];
    let counter = 0n;
    const expectError = (id: ResourceId): 'AlreadyConsumed' | 'NotFound' | null => {
      const entry = model.get(resourceIdKey(id));
      if (entry === undefined) return 'NotFound';
      return entry.consumed ? 'AlreadyConsumed' : null;
    };
    for (const [i, op] of ops.entries()) {
      const at = `op #${i} (${op.op})`;
      switch (op.op) {
        case 'alloc': {
          const id = heap.alloc(op.resource);
          if (id.counter !== counter) return failed(`${at}: allocated counter ${id.counter}, model expects ${counter}`);
          model.set(resourceIdKey(id), { id, resource: op.resource, consumed: false });
          counter += 1n;
          break;
        }
        case 'read':
        case 'consume':
        case 'remove': {
          const r =
            op.op === 'read'
              ? heap.read(op.resourceId)
              : op.op === 'consume'
                ? heap.consume(op.resourceId)
                : heap.remove(op.resourceId);
          const key = resourceIdKey(op.resourceId);
          const expected = op.op === 'remove' ? (model.has(key) ? null : 'NotFound') : expectError(op.resourceId);
          const got = r.ok ? null : r.error.code;
          if (got !== null) errors.push(got);
          if (got !== expected)
            return failed(`${at} on ${key}: heap gave ${got ?? 'ok'}, model expects ${expected ?? 'ok'}`);
          if (expected === null) {
            // The model accepted the operation, so it has the entry.
            if (op.op === 'consume') (model.get(key) as ModelEntry).consumed = true;
            if (op.op === 'remove') model.delete(key);
            if (
              op.op === 'read' &&
              r.ok &&
              JSON.stringify(r.value, bigintSafe) !== JSON.stringify(model.get(key)?.resource, bigintSafe)
            )
              return failed(`${at} on ${key}: read returned another resource`);
          }
          break;
        }
        case 'consume_many': {
          const r = heap.consumeMany(op.resourceIds);
          let expected: string | null = null;
          for (const id of op.resourceIds) {
            const e = expectError(id);
            if (e !== null) {
              expected = `${e}:${resourceIdKey(id)}`;
              break;
            }
          }
          const got = r.ok ? null : `${r.error.code}:${resourceIdKey(r.error.resourceId)}`;
          if (!r.ok) errors.push(r.error.code);
          if (got !== expected)
            return failed(
              `${at}: heap gave ${got ?? 'ok'}, model expects ${expected ?? 'ok'} (first failing id in list order, against the unchanged heap)`,
            );
          if (expected === null)
            // The model accepted every id of the operation.
            for (const id of op.resourceIds) (model.get(resourceIdKey(id)) as ModelEntry).consumed = true;
          break;
        }
      }
      const entries = [...model.values()];
      const nullified = entries.filter((e) => e.consumed).length;
      if (heap.counter !== counter) return failed(`${at}: counter ${heap.counter}, model ${counter}`);
      if (heap.size !== entries.length) return failed(`${at}: size ${heap.size}, model ${entries.length}`);
      if (heap.nullifiedCount !== nullified)
        return failed(`${at}: nullified count ${heap.nullifiedCount}, model ${nullified}`);
      const active = heap.activeIds().map(resourceIdKey).sort();
      const modelActive = entries
        .filter((e) => !e.consumed)
        .map((e) => resourceIdKey(e.id))
        .sort();
      if (JSON.stringify(active) !== JSON.stringify(modelActive))
        return failed(`${at}: active set differs: heap [${active.join(', ')}], model [${modelActive.join(', ')}]`);
    }
    // Merkle roots rebuilt from the model (heap.md §4-5): leaves in resource-id order, active
    // resources in the resource tree, consumed ids in the nullifier tree.
    const sorted = [...model.values()].sort((a, b) => compareResourceIds(a.id, b.id));
    const digest = (e: ModelEntry): Uint8Array => Uint8Array.from(Buffer.from(e.id.digestHex, 'hex'));
    const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
    const resourceRoot = hex(
      new MerkleTree(
        sorted
          .filter((e) => !e.consumed)
          .map((e) => contentHash(resourceLeafPreimage(digest(e), canonicalBytes(e.resource)))),
      ).root(),
    );
    const nullifierRoot = hex(
      new MerkleTree(sorted.filter((e) => e.consumed).map((e) => contentHash(nullifierLeafPreimage(digest(e))))).root(),
    );
    if (heap.resourceRoot() !== resourceRoot)
      return failed(`after ${ops.length} operations: resource root ${heap.resourceRoot()}, model ${resourceRoot}`);
    if (heap.nullifierRoot() !== nullifierRoot)
      return failed(`after ${ops.length} operations: nullifier root ${heap.nullifierRoot()}, model ${nullifierRoot}`);
    return passed({
      features: heapFeatures(ops, errors, new FeatureSet()).toArray(),
      stats: {
        operations: ops.length < 5 ? '0-4' : ops.length < 20 ? '5-19' : '20+',
        errors: errors.length === 0 ? 'none' : [...new Set(errors)].sort().join('+'),
      },
    });
  },
};

function bigintSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  return value;
}

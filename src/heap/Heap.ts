/** The content-addressed resource heap (heap.md §6). */
import type { HeapCommitment, HeapError, InclusionProof, Resource, ResourceId } from '../types/heap.js';
import { TelltaleError } from '../types/errors.js';
import { err, ok, type Result } from '../types/result.js';
import { U64_MAX, toHex } from './_internals/bytes.js';
import {
  canonicalBytes,
  heapCommitmentPreimage,
  nullifierLeafPreimage,
  resourceIdPreimage,
  resourceLeafPreimage,
} from './canonicalBytes.js';
import { contentHash } from './contentHash.js';
import { MerkleTree } from './MerkleTree.js';
import { compareResourceIds, formatResourceId, resourceIdKey } from './resourceId.js';

interface Entry {
  readonly id: ResourceId;
  readonly resource: Resource;
  readonly canonical: Uint8Array;
  readonly digest: Uint8Array;
  readonly leaf: Uint8Array;
  nullifierLeaf: Uint8Array | undefined;
}

// Leaf preimage prelude(0x51) ‖ u32(32) ‖ digest ‖ u32(len) ‖ canonical, built in one reusable
// buffer: the leaf hash is on the hot path of every alloc and of a full recomputation.
let leafScratch = new Uint8Array(256);
let leafView = new DataView(leafScratch.buffer);
function initLeafScratch(size: number): void {
  leafScratch = new Uint8Array(size);
  leafView = new DataView(leafScratch.buffer);
  leafScratch.set(resourceLeafPreimage(new Uint8Array(32), new Uint8Array(0)).subarray(0, 11));
}
initLeafScratch(256);

function leafHash(digest: Uint8Array, canonical: Uint8Array): Uint8Array {
  const size = 47 + canonical.length;
  if (size > leafScratch.length) initLeafScratch(size * 2);
  leafScratch.set(digest, 11);
  leafView.setUint32(43, canonical.length, true);
  leafScratch.set(canonical, 47);
  return contentHash(leafScratch.subarray(0, size));
}

// Nullifier preimage prelude(0x52) ‖ u32(32) ‖ digest: fixed 43 bytes.
const NULL_SCRATCH = nullifierLeafPreimage(new Uint8Array(32));
function nullifierHash(digest: Uint8Array): Uint8Array {
  NULL_SCRATCH.set(digest, 11);
  return contentHash(NULL_SCRATCH);
}

/** Index where `id` is or would be inserted in an ID-sorted entry list. */
function lowerBound(list: readonly Entry[], id: ResourceId): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    // lo <= mid < hi <= list.length.
    if (compareResourceIds((list[mid] as Entry).id, id) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function notFound(id: ResourceId): HeapError {
  return {
    code: 'NotFound',
    resourceId: id,
    message: `resource ${formatResourceId(id)} not found: it was never allocated, was removed, or carries another counter`,
  };
}

function alreadyConsumed(id: ResourceId): HeapError {
  return {
    code: 'AlreadyConsumed',
    resourceId: id,
    message: `resource ${formatResourceId(id)} was already consumed; allocate a new resource instead`,
  };
}

/**
 * The resource heap of heap.md §6: allocation counter, retained resources, nullifiers, and the
 * two Merkle trees behind {@link Heap.commitment}, updated incrementally. Failed operations
 * return a {@link HeapError} and leave the heap unchanged.
 * @example
 * ```ts
 * const heap = new Heap();
 * const ch = heap.allocChannel('Alice', 'Bob');
 * heap.alloc({ kind: 'session', role: 'Alice', typeHash: 12345n });
 * heap.consume(ch);              // { ok: true, value: undefined }
 * heap.consume(ch).ok;           // false: AlreadyConsumed
 * heap.commitment().hashHex;
 * ```
 * @public
 */
export class Heap {
  private readonly entries = new Map<string, Entry>();
  private readonly active: Entry[] = [];
  private readonly nullified: Entry[] = [];
  private readonly resourceTree = new MerkleTree();
  private readonly nullifierTree = new MerkleTree();
  private next = 0n;

  /** The allocation counter: total allocations ever made; never decreases. */
  get counter(): bigint {
    return this.next;
  }

  /** Retained entries (consumed-but-not-removed ones included). */
  get size(): number {
    return this.entries.size;
  }

  /** Number of nullifiers (consumed IDs still retained). */
  get nullifiedCount(): number {
    return this.nullified.length;
  }

  /**
   * Allocates a resource at the current counter and returns its ID. Throws `TelltaleError`
   * `HeapCounterOverflow` at counter 2^64-1 and `HeapEncodingError` for unencodable resources,
   * in both cases before changing anything.
   */
  alloc(resource: Resource): ResourceId {
    if (this.next >= U64_MAX) {
      throw new TelltaleError(
        'HeapCounterOverflow',
        `HeapCounterOverflow: the allocation counter is at 2^64-1; this heap cannot allocate any more resources`,
      );
    }
    const canonical = canonicalBytes(resource);
    const digest = contentHash(resourceIdPreimage(canonical, this.next));
    const id: ResourceId = { digestHex: toHex(digest), counter: this.next };
    const entry: Entry = {
      id,
      resource,
      canonical,
      digest,
      leaf: leafHash(digest, canonical),
      nullifierLeaf: undefined,
    };
    const at = lowerBound(this.active, id);
    this.active.splice(at, 0, entry);
    this.resourceTree.insert(at, entry.leaf);
    this.entries.set(resourceIdKey(id), entry);
    this.next += 1n;
    return id;
  }

  /** Allocates each resource in order (consecutive counters) and returns their IDs. */
  allocMany(resources: readonly Resource[]): ResourceId[] {
    return resources.map((r) => this.alloc(r));
  }

  /** `alloc_channel(sender, receiver)`: a channel with an empty queue. */
  allocChannel(sender: string, receiver: string): ResourceId {
    return this.alloc({ kind: 'channel', sender, receiver, queue: [] });
  }

  private check(id: ResourceId): Result<Entry, HeapError> {
    const entry = this.entries.get(resourceIdKey(id));
    if (entry?.nullifierLeaf !== undefined) return err(alreadyConsumed(id));
    if (entry === undefined) return err(notFound(id));
    return ok(entry);
  }

  /** The resource behind `id`: `AlreadyConsumed` first, then `NotFound`. */
  read(id: ResourceId): Result<Resource, HeapError> {
    const r = this.check(id);
    return r.ok ? ok(r.value.resource) : r;
  }

  /** True when `id` is retained and not consumed. */
  isActive(id: ResourceId): boolean {
    return this.check(id).ok;
  }

  /** Adds `id` to the nullifiers; the resource stays retained. */
  consume(id: ResourceId): Result<undefined, HeapError> {
    return this.consumeMany([id]);
  }

  /**
   * Atomic multi-consume: every ID (in list order) is checked against the unchanged heap and the
   * first failure is returned with nothing changed; duplicates are nullified once.
   */
  consumeMany(ids: readonly ResourceId[]): Result<undefined, HeapError> {
    const todo = new Map<string, Entry>();
    for (const id of ids) {
      const r = this.check(id);
      if (!r.ok) return r;
      todo.set(resourceIdKey(id), r.value);
    }
    for (const entry of todo.values()) {
      const at = lowerBound(this.active, entry.id);
      this.active.splice(at, 1);
      this.resourceTree.removeAt(at);
      entry.nullifierLeaf = nullifierHash(entry.digest);
      const nat = lowerBound(this.nullified, entry.id);
      this.nullified.splice(nat, 0, entry);
      this.nullifierTree.insert(nat, entry.nullifierLeaf);
    }
    return ok(undefined);
  }

  /** Deletes a retained entry, active or consumed (a consumed one also loses its nullifier). */
  remove(id: ResourceId): Result<undefined, HeapError> {
    const key = resourceIdKey(id);
    const entry = this.entries.get(key);
    if (entry === undefined) return err(notFound(id));
    if (entry.nullifierLeaf !== undefined) {
      const at = lowerBound(this.nullified, id);
      this.nullified.splice(at, 1);
      this.nullifierTree.removeAt(at);
    } else {
      const at = lowerBound(this.active, id);
      this.active.splice(at, 1);
      this.resourceTree.removeAt(at);
    }
    this.entries.delete(key);
    return ok(undefined);
  }

  /** Active IDs (retained, not consumed) in ID order. */
  activeIds(): ResourceId[] {
    return this.active.map((e) => e.id);
  }

  /** Consumed IDs still retained, in ID order. */
  consumedIds(): ResourceId[] {
    return this.nullified.map((e) => e.id);
  }

  /** Root of the resource tree over active resources (hex). */
  resourceRoot(): string {
    return toHex(this.resourceTree.root());
  }

  /** Root of the nullifier tree (hex). */
  nullifierRoot(): string {
    return toHex(this.nullifierTree.root());
  }

  /** Resource-tree levels, leaves first, root last, unpadded (hex). */
  resourceLevels(): string[][] {
    return this.resourceTree.levels().map((l) => l.map(toHex));
  }

  /** Nullifier-tree levels (hex). */
  nullifierLevels(): string[][] {
    return this.nullifierTree.levels().map((l) => l.map(toHex));
  }

  /** The commitment preimage (87 bytes) of the current state. */
  commitmentPreimage(): Uint8Array {
    return heapCommitmentPreimage(this.resourceTree.root(), this.nullifierTree.root(), this.next);
  }

  /** The state commitment (heap.md §6.1); depends on the state only, not on its history. */
  commitment(): HeapCommitment {
    return {
      resourceRootHex: this.resourceRoot(),
      nullifierRootHex: this.nullifierRoot(),
      counter: this.next,
      hashHex: toHex(contentHash(this.commitmentPreimage())),
    };
  }

  /**
   * The commitment recomputed from scratch (every leaf rehashed from the canonical bytes, both
   * trees rebuilt), ignoring the incremental caches. Equal to {@link Heap.commitment}; used to
   * cross-check the incremental trees and as the baseline of the heap bench.
   */
  fullCommitment(): HeapCommitment {
    const leaves = this.active.map((e) => leafHash(e.digest, e.canonical));
    const nulls = this.nullified.map((e) => nullifierHash(e.digest));
    const rRoot = new MerkleTree(leaves).root();
    const nRoot = new MerkleTree(nulls).root();
    return {
      resourceRootHex: toHex(rRoot),
      nullifierRootHex: toHex(nRoot),
      counter: this.next,
      hashHex: toHex(contentHash(heapCommitmentPreimage(rRoot, nRoot, this.next))),
    };
  }

  /**
   * Inclusion proof of an ID: a resource-tree proof for an active ID, a nullifier-tree proof for a
   * consumed one, `NotFound` otherwise.
   */
  proveInclusion(id: ResourceId): Result<InclusionProof, HeapError> {
    const entry = this.entries.get(resourceIdKey(id));
    if (entry === undefined) return err(notFound(id));
    const consumed = entry.nullifierLeaf !== undefined;
    const index = lowerBound(consumed ? this.nullified : this.active, id);
    const raw = (consumed ? this.nullifierTree : this.resourceTree).prove(index);
    if (raw === undefined) return err(notFound(id));
    return ok({
      tree: consumed ? 'nullifier' : 'resource',
      index,
      leafHex: toHex(raw.leaf),
      path: raw.path.map((s) => ({ direction: s.direction, siblingHex: toHex(s.sibling) })),
      rootHex: toHex(raw.root),
    });
  }
}

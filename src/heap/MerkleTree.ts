/**
 * Positional Merkle tree over an ordered list of 32-byte leaves (heap.md §5), kept up to date
 * incrementally: an insert or removal at leaf index i only rehashes the nodes at or right of i's
 * ancestors, and only when a root, level or proof is next asked for.
 */
import type { ProofDirection } from '../types/heap.js';
import { contentHash } from './contentHash.js';
import { HeapTag, HEAP_ENCODING_VERSION } from './canonicalBytes.js';

/** Root of the empty tree: `H("")` (heap.md §5). @example `new Heap().resourceRoot() === EMPTY_MERKLE_ROOT_HEX // true` @public */
export const EMPTY_MERKLE_ROOT_HEX = 'af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262';
const EMPTY_ROOT = contentHash(new Uint8Array(0));

// One reusable node preimage: prelude(0x53) ‖ u32(32) ‖ left ‖ u32(32) ‖ right = 79 bytes.
const NODE = new Uint8Array(79);
NODE.set([0x54, 0x54, 0x48, 0x50, HEAP_ENCODING_VERSION, 0x00, HeapTag.MerkleNode, 32, 0, 0, 0]);
NODE.set([32, 0, 0, 0], 43);

/** `H(prelude(0x53) ‖ bytes(left) ‖ bytes(right))` for two 32-byte hashes. @internal */
export function hashNode(left: Uint8Array, right: Uint8Array): Uint8Array {
  NODE.set(left, 11);
  NODE.set(right, 47);
  return contentHash(NODE);
}

/** A proof step with raw bytes. @example `tree.prove(0)?.path[0] // { direction: 'Right', sibling: Uint8Array(32) }` @public */
export interface RawProofStep {
  readonly direction: ProofDirection;
  readonly sibling: Uint8Array;
}

/**
 * Incrementally maintained Merkle tree (heap.md §5): empty → `H("")`, one leaf → the leaf,
 * odd levels pair their last node with itself, levels stored unpadded.
 * @example
 * ```ts
 * const tree = new MerkleTree([leafA, leafB]);
 * tree.insert(1, leafC);
 * toHex(tree.root());
 * ```
 * @public
 */
export class MerkleTree {
  private readonly leaves: Uint8Array[];
  private upper: Uint8Array[][] = [];
  /** Smallest leaf index whose ancestors are stale; `Infinity` when clean. */
  private dirtyFrom = 0;

  constructor(leaves: readonly Uint8Array[] = []) {
    this.leaves = [...leaves];
  }

  /** Number of leaves. */
  get size(): number {
    return this.leaves.length;
  }

  /** Inserts a leaf so that it ends up at `index` (0 ≤ index ≤ size). */
  insert(index: number, leaf: Uint8Array): void {
    this.leaves.splice(index, 0, leaf);
    this.dirtyFrom = Math.min(this.dirtyFrom, index);
  }

  /** Removes the leaf at `index`. */
  removeAt(index: number): void {
    this.leaves.splice(index, 1);
    this.dirtyFrom = Math.min(this.dirtyFrom, index);
  }

  /** Leaf at `index`, or `undefined`. */
  leaf(index: number): Uint8Array | undefined {
    return this.leaves[index];
  }

  private refresh(): void {
    if (this.dirtyFrom === Infinity) return;
    let start = this.dirtyFrom;
    let cur: Uint8Array[] = this.leaves;
    let level = 0;
    while (cur.length > 1) {
      const size = Math.ceil(cur.length / 2);
      const next = this.upper[level] ?? [];
      next.length = Math.min(next.length, size);
      const from = Math.floor(start / 2);
      for (let p = from; p < size; p++) {
        // p < size, so 2p < the level's length; an odd last node is paired with itself below.
        const left = cur[2 * p] as Uint8Array;
        next[p] = hashNode(left, cur[2 * p + 1] ?? left);
      }
      this.upper[level] = next;
      cur = next;
      start = from;
      level++;
    }
    this.upper.length = level;
    this.dirtyFrom = Infinity;
  }

  /** The root: `H("")` when empty, the leaf itself for one leaf. */
  root(): Uint8Array {
    if (this.leaves.length === 0) return EMPTY_ROOT;
    this.refresh();
    const top = this.upper[this.upper.length - 1] ?? this.leaves;
    // refresh() leaves at least one node at the top (the empty root when there are no leaves).
    return top[0] as Uint8Array;
  }

  /** All levels, leaves first, root last, unpadded; `[]` when empty. */
  levels(): Uint8Array[][] {
    if (this.leaves.length === 0) return [];
    this.refresh();
    return [[...this.leaves], ...this.upper.map((l) => [...l])];
  }

  /** Inclusion proof of the leaf at `index` (heap.md §5.1), or `undefined` when out of range. */
  prove(index: number): { leaf: Uint8Array; path: RawProofStep[]; root: Uint8Array } | undefined {
    const leaf = this.leaves[index];
    if (leaf === undefined || !Number.isInteger(index)) return undefined;
    this.refresh();
    const all = [this.leaves, ...this.upper];
    const path: RawProofStep[] = [];
    let i = index;
    for (const level of all.slice(0, -1)) {
      const even = i % 2 === 0;
      // An odd last node is paired with itself (heap.md §5.1); `i` is always inside its level.
      const sibling = level[even ? i + 1 : i - 1] ?? level[i];
      if (sibling === undefined) return undefined;
      path.push({ direction: even ? 'Right' : 'Left', sibling });
      i = Math.floor(i / 2);
    }
    return { leaf, path, root: this.root() };
  }
}

/** Proof verification (heap.md §5.1). */
import type { InclusionProof, ProofStep } from '../types/heap.js';
import { fromHex, toHex } from './_internals/bytes.js';
import { hashNode } from './MerkleTree.js';

/**
 * Folds a proof from its leaf: `Right` → `node(cur, sibling)`, `Left` → `node(sibling, cur)`.
 * Returns the root hex, or `undefined` when a hash is not 32 bytes of valid hex.
 * @example `foldProof(proof.leafHex, proof.path) === proof.rootHex`
 * @public
 */
export function foldProof(leafHex: string, path: readonly ProofStep[]): string | undefined {
  let cur = fromHex(leafHex);
  if (cur === undefined || cur.length !== 32) return undefined;
  for (const step of path) {
    const sibling = fromHex(step.siblingHex);
    if (sibling === undefined || sibling.length !== 32) return undefined;
    if (step.direction === 'Right') cur = hashNode(cur, sibling);
    else if (step.direction === 'Left') cur = hashNode(sibling, cur);
    else return undefined;
  }
  return toHex(cur);
}

/**
 * True iff the proof's path folds from its leaf to exactly `rootHex` (case-insensitive hex).
 * Never throws: malformed proofs are simply not valid.
 * @param proof - A proof from {@link Heap.proveInclusion} (only `leafHex` and `path` are used).
 * @param rootHex - The root to check against, e.g. `heap.resourceRoot()`.
 * @example
 * ```ts
 * const p = heap.proveInclusion(id);
 * if (p.ok) verifyInclusion(p.value, heap.resourceRoot()); // true
 * ```
 * @public
 */
export function verifyInclusion(proof: Pick<InclusionProof, 'leafHex' | 'path'>, rootHex: string): boolean {
  if (typeof rootHex !== 'string') return false;
  const folded = foldProof(proof.leafHex, proof.path);
  return folded !== undefined && folded === rootHex.toLowerCase();
}

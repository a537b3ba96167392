import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { heapOpsArb } from '../../arbitraries/heapOps.js';
import { Heap } from '../../src/heap/Heap.js';
import { MerkleTree } from '../../src/heap/MerkleTree.js';
import { applyHeapOp } from '../../src/heap/replayHeapCorpus.js';
import { contentHash } from '../../src/heap/contentHash.js';
import { verifyInclusion } from '../../src/heap/verifyInclusion.js';
import type { InclusionProof } from '../../src/types/heap.js';
import { testSeed } from '../_helpers/seed.js';

const SEED = testSeed(20261125);
const flip = (hex: string, byte: number): string => {
  const b = Buffer.from(hex, 'hex');
  b[byte] = (b[byte] as number) ^ 0x01;
  return b.toString('hex');
};

/** Every one-byte change of the leaf, of any sibling, or of the root must break the proof. */
function tamperings(p: InclusionProof, root: string): { proof: InclusionProof; root: string }[] {
  const out: { proof: InclusionProof; root: string }[] = [];
  for (let i = 0; i < 32; i++) {
    out.push({ proof: { ...p, leafHex: flip(p.leafHex, i) }, root });
    out.push({ proof: p, root: flip(root, i) });
    p.path.forEach((_s, k) =>
      out.push({
        proof: { ...p, path: p.path.map((s, j) => (j === k ? { ...s, siblingHex: flip(s.siblingHex, i) } : s)) },
        root,
      }),
    );
  }
  return out;
}

describe(`inclusion proofs (seed ${SEED})`, () => {
  test('verify for every live leaf and every nullifier leaf, and fail after any one-byte change', () => {
    fc.assert(
      fc.property(heapOpsArb({ maxLength: 30 }), (ops) => {
        const heap = new Heap();
        for (const op of ops) applyHeapOp(heap, op);
        const rRoot = heap.resourceRoot();
        const nRoot = heap.nullifierRoot();
        for (const [ids, root] of [
          [heap.activeIds(), rRoot],
          [heap.consumedIds(), nRoot],
        ] as const) {
          ids.forEach((id, index) => {
            const p = heap.proveInclusion(id);
            expect(p.ok).toBe(true);
            if (!p.ok) return;
            expect(p.value.index).toBe(index);
            expect(p.value.rootHex).toBe(root);
            expect(verifyInclusion(p.value, root)).toBe(true);
            for (const t of tamperings(p.value, root)) expect(verifyInclusion(t.proof, t.root)).toBe(false);
          });
        }
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  test('merkle levels follow the odd-level rule for every size up to 17', () => {
    for (let n = 0; n <= 17; n++) {
      const leaves = Array.from({ length: n }, (_, i) => contentHash(new Uint8Array([i, 0, 0, 0])));
      const levels = new MerkleTree(leaves).levels();
      const sizes = levels.map((l) => l.length);
      const expected: number[] = [];
      for (let s = n; n > 0; s = Math.ceil(s / 2)) {
        expected.push(s);
        if (s === 1) break;
      }
      expect(sizes).toEqual(expected);
      const tree = new MerkleTree(leaves);
      for (let i = 0; i < n; i++) {
        const p = tree.prove(i)!;
        expect(p.path.length).toBe(Math.max(0, levels.length - 1));
      }
      expect(tree.prove(n)).toBeUndefined();
    }
  });

  test('rejects malformed proofs without throwing', () => {
    const leaf = 'aa'.repeat(32);
    expect(verifyInclusion({ leafHex: leaf, path: [] }, leaf)).toBe(true);
    expect(verifyInclusion({ leafHex: leaf, path: [] }, leaf.toUpperCase())).toBe(true);
    expect(verifyInclusion({ leafHex: 'zz', path: [] }, leaf)).toBe(false);
    expect(verifyInclusion({ leafHex: leaf, path: [{ direction: 'Right', siblingHex: 'aa' }] }, leaf)).toBe(false);
    expect(verifyInclusion({ leafHex: leaf, path: [{ direction: 'Up' as 'Left', siblingHex: leaf }] }, leaf)).toBe(
      false,
    );
  });
});

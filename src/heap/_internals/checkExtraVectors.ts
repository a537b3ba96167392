/** `heap check` of the `heap_vectors_extra.v1` schema (heap.md §7.4). */
import { fromHex, toHex } from './bytes.js';
import {
  asHex,
  asIndex,
  asObject,
  get,
  getArray,
  getHex,
  getString,
  getU64,
  pathIndex,
  pathKey,
  type JsonObject,
} from './json.js';
import { heapCommitmentPreimage } from '../canonicalBytes.js';
import { readResource } from '../decodeResource.js';
import { MerkleTree } from '../MerkleTree.js';
import { readHeapScenario, replayAll } from '../replayHeapCorpus.js';
import { foldProof } from '../verifyInclusion.js';

import type { HeapCheckGroup } from '../checkHeapVectors.js';
import { Group, H, derive, checkProofPath, fileProofSteps, checkConstants } from './vectorCheck.js';

function u32le(i: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, i, true);
  return b;
}

function named(o: JsonObject, path: string, fallback: string): string {
  return Object.hasOwn(o, 'name') ? `${fallback} (${getString(o, 'name', path)})` : fallback;
}

export function checkExtra(
  doc: JsonObject,
  base: string,
  label: string,
): { groups: HeapCheckGroup[]; vectors: number } {
  const groups: HeapCheckGroup[] = [];
  const g0 = new Group(`${label}header`);
  checkConstants(g0, doc, true);
  groups.push(g0.done());
  let vectors = 0;
  const list = (key: string): readonly unknown[] => (Object.hasOwn(doc, key) ? getArray(doc, key, base) : []);

  list('resource_vectors').forEach((raw, i) => {
    const p = pathIndex(pathKey(base, 'resource_vectors'), i);
    const o = asObject(raw, p);
    const g = new Group(`${label}${named(o, p, `resource_vectors[${i}]`)}`);
    const d = derive(readResource(get(o, 'resource', p), pathKey(p, 'resource')), getU64(o, 'allocation_counter', p));
    g.hex(o, 'canonical_bytes_hex', p, d.canonical);
    g.hex(o, 'resource_id_preimage_hex', p, d.ridPreimage);
    g.hex(o, 'resource_id_digest_hex', p, d.digest);
    g.hex(o, 'resource_leaf_preimage_hex', p, d.leafPreimage);
    g.hex(o, 'resource_leaf_hex', p, d.leaf);
    g.hex(o, 'nullifier_leaf_preimage_hex', p, d.nullPreimage);
    g.hex(o, 'nullifier_leaf_hex', p, d.nullLeaf);
    groups.push(g.done());
    vectors++;
  });

  list('merkle_vectors').forEach((raw, i) => {
    const p = pathIndex(pathKey(base, 'merkle_vectors'), i);
    const o = asObject(raw, p);
    const g = new Group(`${label}${named(o, p, `merkle_vectors[${i}]`)}`);
    const lp = pathKey(p, 'leaves_hex');
    const leaves = getArray(o, 'leaves_hex', p).map((v, j) => asHex(v, pathIndex(lp, j), 32));
    leaves.forEach((leaf, j) => g.eq(pathIndex(lp, j), leaf, toHex(H(u32le(j)))));
    // asHex validated the hex (and its length) above.
    const tree = new MerkleTree(leaves.map((l) => fromHex(l) as Uint8Array));
    g.json(
      pathKey(p, 'levels_hex'),
      get(o, 'levels_hex', p),
      tree.levels().map((l) => l.map(toHex)),
    );
    g.hex(o, 'root_hex', p, tree.root());
    const proofs = getArray(o, 'proofs', p);
    g.eq(`${pathKey(p, 'proofs')}.length`, BigInt(proofs.length), BigInt(leaves.length));
    proofs.forEach((pr, j) => {
      const pp = pathIndex(pathKey(p, 'proofs'), j);
      const po = asObject(pr, pp);
      const idx = asIndex(get(po, 'index', pp), pathKey(pp, 'index'));
      const raw2 = tree.prove(idx);
      const actual =
        raw2 === undefined
          ? undefined
          : {
              leafHex: toHex(raw2.leaf),
              rootHex: toHex(raw2.root),
              path: raw2.path.map((s) => ({ direction: s.direction, siblingHex: toHex(s.sibling) })),
            };
      g.eq(pathKey(pp, 'index'), BigInt(idx), BigInt(j));
      g.hex(po, 'leaf_hex', pp, actual?.leafHex ?? '(no proof: index out of range)');
      checkProofPath(g, po, pp, 'path', actual?.path ?? []);
      g.hex(po, 'root_hex', pp, actual?.rootHex ?? '(no proof: index out of range)');
      g.eq(
        `${pp}.path(fold)`,
        getHex(po, 'root_hex', pp, 32),
        foldProof(getHex(po, 'leaf_hex', pp, 32), fileProofSteps(po, 'path', pp)) ?? '(invalid)',
      );
    });
    groups.push(g.done());
    vectors++;
  });

  list('commitment_vectors').forEach((raw, i) => {
    const p = pathIndex(pathKey(base, 'commitment_vectors'), i);
    const o = asObject(raw, p);
    const g = new Group(`${label}${named(o, p, `commitment_vectors[${i}]`)}`);
    const pre = heapCommitmentPreimage(
      // getHex validated both hex strings (32 bytes).
      fromHex(getHex(o, 'resource_root_hex', p, 32)) as Uint8Array,
      fromHex(getHex(o, 'nullifier_root_hex', p, 32)) as Uint8Array,
      getU64(o, 'counter', p),
    );
    g.hex(o, 'commitment_preimage_hex', p, pre);
    g.hex(o, 'commitment_hash_hex', p, H(pre));
    groups.push(g.done());
    vectors++;
  });

  list('heap_scenarios').forEach((raw, i) => {
    const p = pathIndex(pathKey(base, 'heap_scenarios'), i);
    const scenario = readHeapScenario(raw, p);
    const g = new Group(`${label}${named(asObject(raw, p), p, `heap_scenarios[${i}]`)}`);
    const report = replayAll(scenario);
    g.fields += report.fields;
    g.mismatches.push(...report.mismatches.map((m) => ({ path: m.path, expected: m.expected, actual: m.actual })));
    groups.push(g.done());
    vectors++;
  });
  return { groups, vectors };
}

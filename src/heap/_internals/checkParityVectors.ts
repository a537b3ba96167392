/** `heap check` of the `heap_vectors_v1` and `heap_parity.v1` schemas (heap.md §7.4). */
import type { Resource } from '../../types/heap.js';
import {
  asArray,
  asHex,
  asIndex,
  asObject,
  get,
  getArray,
  getHex,
  getObject,
  getString,
  getU64,
  pathIndex,
  pathKey,
  type JsonObject,
} from './json.js';
import { HeapSchemaError } from '../HeapSchemaError.js';
import { merkleNodePreimage } from '../canonicalBytes.js';
import { readResource } from '../decodeResource.js';
import { Heap } from '../Heap.js';
import { foldProof } from '../verifyInclusion.js';

import type { HeapCheckGroup } from '../checkHeapVectors.js';
import { Group, message, derive, scenarioS, checkProofPath, fileProofSteps, checkConstants } from './vectorCheck.js';

export function checkV1(doc: JsonObject, base: string, label: string): HeapCheckGroup[] {
  const rp = pathKey(base, 'resource_fixture');
  const rf = getObject(doc, 'resource_fixture', base);
  const g1 = new Group(`${label}resource_fixture`);
  checkConstants(g1, doc, true);
  const d = derive(message(rf, rp), getU64(rf, 'allocation_counter', rp));
  g1.hex(rf, 'canonical_bytes_hex', rp, d.canonical);
  g1.hex(rf, 'resource_id_digest_hex', rp, d.digest);
  g1.hex(rf, 'resource_leaf_hex', rp, d.leaf);
  g1.hex(rf, 'nullifier_leaf_hex', rp, d.nullLeaf);

  const hp = pathKey(base, 'heap_fixture');
  const hf = getObject(doc, 'heap_fixture', base);
  const g2 = new Group(`${label}heap_fixture`);
  const s = scenarioS();
  const [active] = s.activeIds();
  const [consumed] = s.consumedIds();
  // Scenario S is hard-coded with one active and one consumed resource (heap.md §6.2).
  if (active === undefined || consumed === undefined) throw new Error('scenario S lost a resource');
  const proof = s.proveInclusion(active);
  if (!proof.ok) throw new Error('scenario S has no active leaf');
  g2.hex(hf, 'consumed_resource_id_hex', hp, consumed.digestHex);
  // telltale compares this with the ID derived from resource_fixture, not with the heap (§7.1).
  g2.hex(hf, 'active_resource_id_hex', hp, d.digest);
  g2.hex(hf, 'proof_leaf_hex', hp, proof.value.leafHex);
  g2.hex(hf, 'proof_root_hex', hp, proof.value.rootHex);
  checkProofPath(g2, hf, hp, 'proof_path', proof.value.path);
  g2.eq(
    `${hp}.proof_path(fold)`,
    getHex(hf, 'proof_root_hex', hp, 32),
    foldProof(getHex(hf, 'proof_leaf_hex', hp, 32), fileProofSteps(hf, 'proof_path', hp)) ?? '(invalid)',
  );
  const c = s.commitment();
  g2.hex(hf, 'resource_root_hex', hp, c.resourceRootHex);
  g2.hex(hf, 'nullifier_root_hex', hp, c.nullifierRootHex);
  g2.hex(hf, 'commitment_hash_hex', hp, c.hashHex);
  return [g1.done(), g2.done()];
}

export function checkParity(doc: JsonObject, base: string, label: string): HeapCheckGroup[] {
  const rp = pathKey(base, 'resource_fixture');
  const sp = pathKey(base, 'session_fixture');
  const cp = pathKey(base, 'channel_fixture');
  const rf = getObject(doc, 'resource_fixture', base);
  const sf = getObject(doc, 'session_fixture', base);
  const cf = getObject(doc, 'channel_fixture', base);
  const msg = derive(message(rf, rp), getU64(rf, 'allocation_counter', rp));
  const ses = derive(
    { kind: 'session', role: getString(sf, 'role', sp), typeHash: getU64(sf, 'type_hash', sp) },
    getU64(sf, 'allocation_counter', sp),
  );
  const chan = derive(
    { kind: 'channel', sender: getString(cf, 'sender', cp), receiver: getString(cf, 'receiver', cp), queue: [] },
    getU64(cf, 'allocation_counter', cp),
  );

  const g1 = new Group(`${label}resource_fixture`);
  checkConstants(g1, doc, false);
  g1.identity(rf, rp, msg, true);
  // TRAP (§7.2): in this schema the resource fixture's nullifier is the CHANNEL's.
  g1.hex(rf, 'nullifier_leaf_preimage_hex', rp, chan.nullPreimage);
  g1.hex(rf, 'nullifier_leaf_hex', rp, chan.nullLeaf);

  const g2 = new Group(`${label}session_fixture`);
  g2.identity(sf, sp, ses, true);

  const g3 = new Group(`${label}channel_fixture`);
  g3.identity(cf, cp, chan, false);
  g3.hex(cf, 'nullifier_leaf_preimage_hex', cp, chan.nullPreimage);
  g3.hex(cf, 'nullifier_leaf_hex', cp, chan.nullLeaf);

  const hp = pathKey(base, 'heap_fixture');
  const hf = getObject(doc, 'heap_fixture', base);
  const g4 = new Group(`${label}heap_fixture`);
  const heap = new Heap();
  getArray(hf, 'operations', hp).forEach((raw, i) => {
    const op = pathIndex(`${hp}.operations`, i);
    const o = asObject(raw, op);
    const kind = getString(o, 'kind', op);
    let r: Resource;
    switch (kind) {
      case 'alloc_channel':
        r = { kind: 'channel', sender: getString(o, 'sender', op), receiver: getString(o, 'receiver', op), queue: [] };
        break;
      case 'alloc_message':
        r = readResource({ ...o, kind: 'message' }, op);
        break;
      case 'alloc_session':
        r = { kind: 'session', role: getString(o, 'role', op), typeHash: getU64(o, 'type_hash', op) };
        break;
      case 'consume': {
        const ridPath = pathKey(op, 'resource_id');
        const rid = asObject(get(o, 'resource_id', op), ridPath);
        const res = heap.consume({
          digestHex: getHex(rid, 'digest_hex', ridPath, 32),
          counter: getU64(rid, 'counter', ridPath),
        });
        g4.eq(op, 'ok', res.ok ? 'ok' : res.error.code);
        return;
      }
      default:
        throw new HeapSchemaError(
          'UnknownOperation',
          `${op}.kind`,
          `unknown heap operation kind ${JSON.stringify(kind)} at ${op}.kind; expected alloc_channel, alloc_message, alloc_session or consume`,
        );
    }
    g4.hex(o, 'resource_id_digest_hex', op, heap.alloc(r).digestHex);
  });
  const strings = (key: string): unknown =>
    getArray(hf, key, hp).map((v, i) => asHex(v, pathIndex(pathKey(hp, key), i), 32));
  const levels = (key: string): unknown =>
    getArray(hf, key, hp).map((lvl, i) =>
      asArray(lvl, pathIndex(pathKey(hp, key), i)).map((v, j) =>
        asHex(v, pathIndex(pathIndex(pathKey(hp, key), i), j), 32),
      ),
    );
  g4.json(
    pathKey(hp, 'active_resource_ids_hex'),
    strings('active_resource_ids_hex'),
    heap.activeIds().map((x) => x.digestHex),
  );
  g4.json(
    pathKey(hp, 'consumed_resource_ids_hex'),
    strings('consumed_resource_ids_hex'),
    heap.consumedIds().map((x) => x.digestHex),
  );
  g4.json(pathKey(hp, 'resource_levels_hex'), levels('resource_levels_hex'), heap.resourceLevels());
  g4.json(pathKey(hp, 'nullifier_levels_hex'), levels('nullifier_levels_hex'), heap.nullifierLevels());
  const index = asIndex(get(hf, 'proof_index', hp), pathKey(hp, 'proof_index'));
  const id = heap.activeIds()[index];
  const proof = id === undefined ? undefined : heap.proveInclusion(id);
  const pv = proof?.ok === true ? proof.value : undefined;
  g4.hex(hf, 'proof_leaf_hex', hp, pv?.leafHex ?? '(no proof: index out of range)');
  g4.hex(hf, 'proof_root_hex', hp, pv?.rootHex ?? '(no proof: index out of range)');
  checkProofPath(g4, hf, hp, 'proof_path', pv?.path ?? []);
  const c = heap.commitment();
  g4.hex(hf, 'resource_root_hex', hp, c.resourceRootHex);
  g4.hex(hf, 'nullifier_root_hex', hp, c.nullifierRootHex);
  // Rust builds this preimage from the message and session leaves it computed (telltale's test).
  g4.hex(hf, 'merkle_node_preimage_hex', hp, merkleNodePreimage(msg.leaf, ses.leaf));
  g4.hex(hf, 'commitment_preimage_hex', hp, heap.commitmentPreimage());
  g4.hex(hf, 'commitment_hash_hex', hp, c.hashHex);
  return [g1.done(), g2.done(), g3.done(), g4.done()];
}

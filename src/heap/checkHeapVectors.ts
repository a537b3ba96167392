/**
 * `heap check` core (heap.md §7.1–7.4): recognise a vector document by content, recompute every
 * field, and report each mismatch with its JSON path.
 */
import { TelltaleError, type BridgeError, type HeapDocumentErrorCode } from '../types/errors.js';
import type { Resource } from '../types/heap.js';
import { err, ok, type Result } from '../types/result.js';
import { fromHex, toHex } from './_internals/bytes.js';
import { diffJson, render } from './_internals/diffJson.js';
import type { HeapFieldMismatch } from '../types/heap.js';
import {
  asArray,
  asHex,
  asIndex,
  asObject,
  describe,
  get,
  getArray,
  getHex,
  getObject,
  getString,
  getU64,
  parseLossless,
  pathIndex,
  pathKey,
  type JsonObject,
} from './_internals/json.js';
import { HeapSchemaError } from './HeapSchemaError.js';
import {
  canonicalBytes,
  heapCommitmentPreimage,
  merkleNodePreimage,
  nullifierLeafPreimage,
  resourceIdPreimage,
  resourceLeafPreimage,
} from './canonicalBytes.js';
import { contentHash } from './contentHash.js';
import { readResource } from './decodeResource.js';
import { Heap } from './Heap.js';
import { MerkleTree } from './MerkleTree.js';
import { readHeapScenario, replayAll } from './replayHeapCorpus.js';
import { foldProof } from './verifyInclusion.js';

/** The three vector schemas `heap check` knows (heap.md §7.4). @example `report.schema // 'heap_parity.v1'` @public */
export type HeapVectorSchema = 'heap_vectors_v1' | 'heap_parity.v1' | 'heap_vectors_extra.v1';

/** One checked vector group (a line of `heap check` output). @example `{ name: 'heap_fixture', fields: 11, mismatches: [] }` @public */
export interface HeapCheckGroup {
  /** Label, e.g. `resource_fixture` or `resource_vectors[0] (channel/alice-bob-empty@0)`. */
  readonly name: string;
  readonly fields: number;
  readonly mismatches: readonly HeapFieldMismatch[];
}

/** What {@link checkHeapVectors} found in one document or file. @example `{ schema: 'heap_vectors_v1', vectors: 1, fields: 17, mismatches: 0, groups }` @public */
export interface HeapCheckReport {
  readonly schema: HeapVectorSchema;
  readonly vectors: number;
  readonly fields: number;
  readonly mismatches: number;
  readonly groups: readonly HeapCheckGroup[];
}

/** Fields that hold one 32-byte digest (ids, leaves, roots, hashes); preimages have any length. */
const DIGEST_KEY = /(digest|leaf|root|hash|_id)_hex$/;

class Group {
  fields = 0;
  readonly mismatches: HeapFieldMismatch[] = [];
  constructor(readonly name: string) {}
  /** Compares an expected value from the file with the computed one. */
  eq(path: string, expected: string | bigint, actual: string | bigint): void {
    this.fields++;
    if (String(expected) !== String(actual))
      this.mismatches.push({ path, expected: String(expected), actual: String(actual) });
  }
  hex(o: JsonObject, key: string, path: string, actual: Uint8Array | string): void {
    this.eq(
      pathKey(path, key),
      getHex(o, key, path, DIGEST_KEY.test(key) ? 32 : undefined),
      typeof actual === 'string' ? actual : toHex(actual),
    );
  }
  json(path: string, expected: unknown, actual: unknown): void {
    const count = { fields: 0 };
    diffJson(expected, actual, path, this.mismatches, count);
    this.fields += count.fields;
  }
  done(): HeapCheckGroup {
    return { name: this.name, fields: this.fields, mismatches: this.mismatches };
  }
}

const H = contentHash;

function message(o: JsonObject, path: string): Resource {
  const kind = getString(o, 'kind', path);
  if (kind !== 'message') {
    if (!['channel', 'session', 'value'].includes(kind)) {
      throw new HeapSchemaError(
        'UnknownResourceKind',
        `${path}.kind`,
        `unknown resource kind ${JSON.stringify(kind)} at ${path}.kind; this schema describes a message`,
      );
    }
    throw new HeapSchemaError(
      'InvalidKind',
      `${path}.kind`,
      `${path}.kind must be "message" in this schema, got ${JSON.stringify(kind)}`,
    );
  }
  return readResource({ ...o, kind }, path);
}

interface Derived {
  canonical: Uint8Array;
  ridPreimage: Uint8Array;
  digest: Uint8Array;
  leafPreimage: Uint8Array;
  leaf: Uint8Array;
  nullPreimage: Uint8Array;
  nullLeaf: Uint8Array;
}

function derive(r: Resource, counter: bigint): Derived {
  const canonical = canonicalBytes(r);
  const ridPreimage = resourceIdPreimage(canonical, counter);
  const digest = H(ridPreimage);
  const leafPreimage = resourceLeafPreimage(digest, canonical);
  const nullPreimage = nullifierLeafPreimage(digest);
  return {
    canonical,
    ridPreimage,
    digest,
    leafPreimage,
    leaf: H(leafPreimage),
    nullPreimage,
    nullLeaf: H(nullPreimage),
  };
}

/** Scenario S of heap.md §6.2, hard-coded as telltale's test does (HEAP-D7). */
function scenarioS(): Heap {
  const heap = new Heap();
  const ch = heap.allocChannel('Alice', 'Bob');
  heap.alloc({
    kind: 'message',
    source: 'Alice',
    dest: 'Bob',
    content: { label: 'Hello', payload: new Uint8Array([1, 2, 3]) },
    seqNo: 7n,
  });
  heap.alloc({ kind: 'session', role: 'Alice', typeHash: 12345n });
  heap.consume(ch);
  return heap;
}

function checkProofPath(
  g: Group,
  o: JsonObject,
  path: string,
  key: string,
  actual: readonly { direction: string; siblingHex: string }[],
): void {
  const steps = getArray(o, key, path);
  const p = pathKey(path, key);
  g.eq(`${p}.length`, BigInt(steps.length), BigInt(actual.length));
  steps.forEach((raw, i) => {
    const sp = pathIndex(p, i);
    const s = asObject(raw, sp);
    const dir = getString(s, 'direction', sp);
    if (dir !== 'Left' && dir !== 'Right')
      throw new HeapSchemaError(
        'InvalidDirection',
        `${sp}.direction`,
        `${sp}.direction must be "Left" or "Right", got ${JSON.stringify(dir)}`,
      );
    const a = actual[i];
    g.eq(`${sp}.direction`, dir, a?.direction ?? '(absent)');
    g.hex(s, 'sibling_hash_hex', sp, a?.siblingHex ?? '(absent)');
  });
}

function fileProofSteps(
  o: JsonObject,
  key: string,
  path: string,
): { direction: 'Left' | 'Right'; siblingHex: string }[] {
  return getArray(o, key, path).map((raw, i) => {
    const sp = pathIndex(pathKey(path, key), i);
    const s = asObject(raw, sp);
    const d = getString(s, 'direction', sp);
    return { direction: d === 'Left' ? 'Left' : 'Right', siblingHex: getHex(s, 'sibling_hash_hex', sp, 32) };
  });
}

function checkConstants(g: Group, doc: JsonObject, requireVersion: boolean): void {
  if (requireVersion || Object.hasOwn(doc, 'heap_encoding_version'))
    g.eq('$.heap_encoding_version', render(get(doc, 'heap_encoding_version', '$')), '1');
  g.eq('$.hasher', getString(doc, 'hasher', '$'), 'blake3');
}

function checkV1(doc: JsonObject, base: string, label: string): HeapCheckGroup[] {
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

function checkParity(doc: JsonObject, base: string, label: string): HeapCheckGroup[] {
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
  g1.hex(rf, 'canonical_bytes_hex', rp, msg.canonical);
  g1.hex(rf, 'resource_id_preimage_hex', rp, msg.ridPreimage);
  g1.hex(rf, 'resource_id_digest_hex', rp, msg.digest);
  g1.hex(rf, 'resource_leaf_preimage_hex', rp, msg.leafPreimage);
  g1.hex(rf, 'resource_leaf_hex', rp, msg.leaf);
  // TRAP (§7.2): in this schema the resource fixture's nullifier is the CHANNEL's.
  g1.hex(rf, 'nullifier_leaf_preimage_hex', rp, chan.nullPreimage);
  g1.hex(rf, 'nullifier_leaf_hex', rp, chan.nullLeaf);

  const g2 = new Group(`${label}session_fixture`);
  g2.hex(sf, 'canonical_bytes_hex', sp, ses.canonical);
  g2.hex(sf, 'resource_id_preimage_hex', sp, ses.ridPreimage);
  g2.hex(sf, 'resource_id_digest_hex', sp, ses.digest);
  g2.hex(sf, 'resource_leaf_preimage_hex', sp, ses.leafPreimage);
  g2.hex(sf, 'resource_leaf_hex', sp, ses.leaf);

  const g3 = new Group(`${label}channel_fixture`);
  g3.hex(cf, 'canonical_bytes_hex', cp, chan.canonical);
  g3.hex(cf, 'resource_id_preimage_hex', cp, chan.ridPreimage);
  g3.hex(cf, 'resource_id_digest_hex', cp, chan.digest);
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

function u32le(i: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, i, true);
  return b;
}

function named(o: JsonObject, path: string, fallback: string): string {
  return Object.hasOwn(o, 'name') ? `${fallback} (${getString(o, 'name', path)})` : fallback;
}

function checkExtra(doc: JsonObject, base: string, label: string): { groups: HeapCheckGroup[]; vectors: number } {
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

function schemaOf(v: unknown, path: string): HeapVectorSchema {
  const o = asObject(v, path);
  if (Object.hasOwn(o, 'schema_version')) {
    const s = o.schema_version;
    if (s === 'heap_parity.v1' || s === 'heap_vectors_extra.v1') return s;
    throw new HeapSchemaError(
      'UnknownSchema',
      `${path}.schema_version`,
      `unknown schema_version ${describe(s)} at ${path}.schema_version; expected "heap_parity.v1" or "heap_vectors_extra.v1" (or none for heap_vectors_v1)`,
    );
  }
  if (Object.hasOwn(o, 'resource_fixture') || Object.hasOwn(o, 'heap_fixture')) return 'heap_vectors_v1';
  throw new HeapSchemaError(
    'UnknownSchema',
    path,
    `${path} fits no heap vector schema: expected heap_vectors_v1 (resource_fixture, heap_fixture), heap_parity.v1 or heap_vectors_extra.v1`,
  );
}

/**
 * Checks a parsed vector document, or an array of documents of one schema (heap.md §7.4).
 * Schema problems (missing field, bad hex, wrong length, u64 out of range, unknown resource kind,
 * unknown schema) are a `BridgeError` with the JSON path of the first problem; mismatches are data.
 * @example
 * ```ts
 * const r = checkHeapVectors(parseHeapJson(text).value);
 * if (r.ok) console.log(r.value.mismatches); // 0
 * ```
 * @public
 */
export function checkHeapVectors(value: unknown): Result<HeapCheckReport, BridgeError<HeapDocumentErrorCode>> {
  try {
    const docs = Array.isArray(value) ? value : [value];
    if (docs.length === 0)
      throw new HeapSchemaError('UnknownSchema', '$', 'an empty array holds no heap vector document');
    const base = (i: number): string => (Array.isArray(value) ? `$[${i}]` : '$');
    const schema = schemaOf(docs[0], base(0));
    const groups: HeapCheckGroup[] = [];
    let vectors = 0;
    docs.forEach((d, i) => {
      const s = schemaOf(d, base(i));
      if (s !== schema)
        throw new HeapSchemaError(
          'MixedSchemas',
          base(i),
          `${base(i)} is a ${s} document but ${base(0)} is ${schema}; one file holds documents of one schema`,
        );
      const doc = asObject(d, base(i));
      const label = Array.isArray(value) ? `[${i}].` : '';
      if (s === 'heap_vectors_v1') groups.push(...checkV1(doc, base(i), label));
      else if (s === 'heap_parity.v1') groups.push(...checkParity(doc, base(i), label));
      else {
        const r = checkExtra(doc, base(i), label);
        groups.push(...r.groups);
        vectors += r.vectors - 1;
      }
      vectors++;
    });
    const fields = groups.reduce((n, g) => n + g.fields, 0);
    const mismatches = groups.reduce((n, g) => n + g.mismatches.length, 0);
    return ok({ schema, vectors, fields, mismatches, groups });
  } catch (e) {
    if (e instanceof HeapSchemaError) return err(e.toBridgeError());
    // Encoding limits (lone surrogate, …) hit while building a fixture's resource: still data.
    if (e instanceof TelltaleError && (e.code === 'HeapEncodingError' || e.code === 'HeapCounterOverflow'))
      return err({ code: e.code, path: e.path ?? '$', message: e.message });
    throw e;
  }
}

/**
 * Parses heap vector JSON losslessly (u64 values past 2^53 stay exact as `bigint`).
 * @example `parseHeapJson('{"seq_no":18446744073709551615}') // { ok: true, value: { seq_no: 18446744073709551615n } }`
 * @public
 */
export function parseHeapJson(text: string): Result<unknown, BridgeError<'InvalidJSON'>> {
  try {
    return ok(parseLossless(text));
  } catch (e) {
    return err({
      code: 'InvalidJSON',
      path: '$',
      message: `invalid JSON: ${e instanceof Error ? e.message : String(e)}`,
    });
  }
}

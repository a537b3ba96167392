/**
 * `telltale-lean-ref heap-parity FIXTURE` (heap.md §8.2): a drop-in for telltale's Lean
 * `heap_parity_runner`. It is deliberately a second, independent model (like Lean's
 * `HeapModel.lean`), not a call into `src/heap`: it has no BLAKE3, trusts and echoes every digest
 * of the fixture (HEAP-D1), replays consume as a no-op when repeated (HEAP-D2) and without an
 * existence check (HEAP-D3), knows only the four Lean op kinds (HEAP-D4), encodes unbounded
 * naturals modulo 2^32/2^64 (HEAP-D5) and orders IDs by digest hex string (HEAP-D6).
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'lossless-json';
import { compress, leanNumber } from './_internals/leanJson.js';

/** Where the runner writes; defaults to the process streams. @example `{ stdout: process.stdout, stderr: process.stderr }` @public */
export interface HeapParityIo {
  readonly stdout: { write(chunk: string): unknown };
  readonly stderr: { write(chunk: string): unknown };
}

// --- Lean's Except String, as a thrown value -------------------------------------------------

class LeanError {
  constructor(readonly message: string) {}
}
type Json = unknown;
const isObj = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `Json.getObjValD`: the value or `null`. */
function getD(v: Json, key: string): Json {
  return isObj(v) && Object.hasOwn(v, key) ? v[key] : null;
}
function getVal(v: Json, key: string): Json {
  if (!isObj(v)) throw new LeanError('object expected');
  if (!Object.hasOwn(v, key)) throw new LeanError(`property not found: ${key}`);
  return v[key];
}
function getStr(v: Json, key: string): string {
  const x = getVal(v, key);
  if (typeof x !== 'string') throw new LeanError('String expected');
  return x;
}
function getNat(v: Json, key: string): bigint {
  const x = getVal(v, key);
  if (typeof x !== 'bigint') throw new LeanError('Natural number expected');
  return x;
}
function getArr(v: Json, key: string): Json[] {
  const x = getVal(v, key);
  if (!Array.isArray(x)) throw new LeanError('array expected');
  return x;
}
function arrayStrings(v: Json): string[] {
  if (!Array.isArray(v)) throw new LeanError('expected JSON array of strings');
  return v.map((s) => {
    if (typeof s !== 'string') throw new LeanError('String expected');
    return s;
  });
}
function arrayArraysStrings(v: Json): string[][] {
  if (!Array.isArray(v)) throw new LeanError('expected JSON array of string arrays');
  return v.map(arrayStrings);
}

// --- bytes, Lean-style (unbounded naturals keep only their low bytes) ------------------------

type Bytes = number[];
function bytesOfHex(hex: string): Bytes | undefined {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return undefined;
  const out: Bytes = [];
  for (let i = 0; i < hex.length; i += 2) out.push(parseInt(hex.slice(i, i + 2), 16));
  return out;
}
const hexOf = (b: Bytes): string => b.map((x) => x.toString(16).padStart(2, '0')).join('');
function le(width: number, value: bigint | number): Bytes {
  let v = BigInt(value);
  const out: Bytes = [];
  for (let i = 0; i < width; i++) {
    out.push(Number(v % 256n));
    v /= 256n;
  }
  return out;
}
const prelude = (tag: number): Bytes => [0x54, 0x54, 0x48, 0x50, ...le(2, 1), tag];
const slice = (b: Bytes): Bytes => [...le(4, b.length), ...b];
const str = (s: string): Bytes => slice([...new TextEncoder().encode(s)]);

interface LeanMessage {
  source: string;
  dest: string;
  label: string;
  payload: Bytes;
  seqNo: bigint;
}
const messageResourceBytes = (m: LeanMessage): Bytes => [
  ...prelude(0x41),
  ...prelude(0x30),
  ...str(m.source),
  ...str(m.dest),
  ...prelude(0x10),
  ...str(m.label),
  ...slice(m.payload),
  ...le(8, m.seqNo),
];

// --- fixture parsing, in Lean's field order --------------------------------------------------

interface Rid {
  digestHex: string;
  counter: bigint;
}
type Op = { kind: 'alloc'; digestHex: string } | { kind: 'consume'; rid: Rid };

function payloadOf(v: Json): Bytes {
  const hex = getStr(v, 'payload_hex');
  const b = bytesOfHex(hex);
  if (b === undefined) throw new LeanError(`invalid payload hex: ${hex}`);
  return b;
}

function parseOp(v: Json): Op {
  const kind = getStr(v, 'kind');
  switch (kind) {
    case 'alloc_channel':
      getStr(v, 'sender');
      getStr(v, 'receiver');
      return { kind: 'alloc', digestHex: getStr(v, 'resource_id_digest_hex') };
    case 'alloc_message':
      payloadOf(v);
      getStr(v, 'source');
      getStr(v, 'dest');
      getStr(v, 'label');
      getNat(v, 'seq_no');
      return { kind: 'alloc', digestHex: getStr(v, 'resource_id_digest_hex') };
    case 'alloc_session':
      getStr(v, 'role');
      getNat(v, 'type_hash');
      return { kind: 'alloc', digestHex: getStr(v, 'resource_id_digest_hex') };
    case 'consume': {
      const rid = getD(v, 'resource_id');
      return { kind: 'consume', rid: { digestHex: getStr(rid, 'digest_hex'), counter: getNat(rid, 'counter') } };
    }
    default:
      throw new LeanError(`unsupported heap op kind: ${kind}`);
  }
}

function parseFixture(v: Json) {
  const schemaVersion = getStr(v, 'schema_version');
  const hasher = getStr(v, 'hasher');
  const rf = getD(v, 'resource_fixture');
  const payload = payloadOf(rf);
  getStr(rf, 'kind'); // read, but the resource is always built as a message (§8.2)
  const message: LeanMessage = {
    source: getStr(rf, 'source'),
    dest: getStr(rf, 'dest'),
    label: getStr(rf, 'label'),
    payload,
    seqNo: getNat(rf, 'seq_no'),
  };
  const resource = {
    message,
    allocationCounter: getNat(rf, 'allocation_counter'),
    digestHex: getStr(rf, 'resource_id_digest_hex'),
    leafHex: getStr(rf, 'resource_leaf_hex'),
    nullifierLeafHex: getStr(rf, 'nullifier_leaf_hex'),
  };
  const channelDigestHex = getStr(getD(v, 'channel_fixture'), 'resource_id_digest_hex');
  const hf = getD(v, 'heap_fixture');
  const operations = getArr(hf, 'operations').map(parseOp);
  const heap = {
    operations,
    activeIdsHex: arrayStrings(getD(hf, 'active_resource_ids_hex')),
    consumedIdsHex: arrayStrings(getD(hf, 'consumed_resource_ids_hex')),
    resourceLevels: arrayArraysStrings(getD(hf, 'resource_levels_hex')),
    nullifierLevels: arrayArraysStrings(getD(hf, 'nullifier_levels_hex')),
    proofIndex: getNat(hf, 'proof_index'),
    proofRootHex: getStr(hf, 'proof_root_hex'),
    resourceRootHex: getStr(hf, 'resource_root_hex'),
    nullifierRootHex: getStr(hf, 'nullifier_root_hex'),
    commitmentHashHex: getStr(hf, 'commitment_hash_hex'),
  };
  return { schemaVersion, hasher, resource, channelDigestHex, heap };
}

// --- the replay model of HeapModel.lean ------------------------------------------------------

interface State {
  entries: Rid[];
  nullifiers: Rid[];
  counter: bigint;
}
const sameRid = (a: Rid, b: Rid): boolean => a.digestHex === b.digestHex && a.counter === b.counter;
// Lean compares digest hex *strings*, then counters (HEAP-D6).
const ridCompare = (a: Rid, b: Rid): number =>
  a.digestHex === b.digestHex
    ? a.counter < b.counter
      ? -1
      : a.counter > b.counter
        ? 1
        : 0
    : a.digestHex < b.digestHex
      ? -1
      : 1;

function applyOps(ops: readonly Op[]): State {
  const s: State = { entries: [], nullifiers: [], counter: 0n };
  for (const op of ops) {
    if (op.kind === 'alloc') {
      s.entries.push({ digestHex: op.digestHex, counter: s.counter });
      s.counter += 1n;
    } else if (!s.nullifiers.some((n) => sameRid(n, op.rid))) {
      // No existence check: Lean nullifies unknown IDs too (HEAP-D3); a repeat is a no-op (HEAP-D2).
      s.nullifiers.push(op.rid);
    }
  }
  return s;
}
const activeIds = (s: State): Rid[] =>
  s.entries.filter((e) => !s.nullifiers.some((n) => sameRid(n, e))).sort(ridCompare);
const consumedIds = (s: State): Rid[] => [...s.nullifiers].sort(ridCompare);

function proofFromLevels(levels: readonly string[][], index: bigint): object | null {
  const leaves = levels[0];
  const rootLevel = levels[levels.length - 1];
  if (leaves === undefined || rootLevel === undefined || index >= BigInt(leaves.length)) return null;
  const root = rootLevel[0];
  if (root === undefined) return null;
  const path: object[] = [];
  let i = index;
  for (let l = 0; l < levels.length - 1; l++) {
    // l < levels.length - 1.
    const level = levels[l] as string[];
    const even = i % 2n === 0n;
    const sibling = level[Number(even ? i + 1n : i - 1n)] ?? level[Number(i)] ?? '';
    path.push({ direction: even ? 'Right' : 'Left', sibling_hash_hex: sibling });
    i /= 2n;
  }
  return { leaf_hash_hex: leaves[Number(index)], path, root_hex: root };
}

// --- output: Lean's Json.compress (keys sorted, naturals as plain digits) ---------------------

function runFixture(f: ReturnType<typeof parseFixture>, io: HeapParityIo): string {
  const digestBytes = (hex: string): Bytes => {
    const b = bytesOfHex(hex);
    if (b !== undefined) return b;
    // Lean's `panic!` prints and continues with the default value (an empty byte list).
    io.stderr.write(`PANIC at Runtime.Tests.HeapParityRunner.digestBytes!: invalid digest hex fixture: ${hex}\n`);
    return [];
  };
  const canonical = messageResourceBytes(f.resource.message);
  const ridPre = [...prelude(0x50), ...slice(canonical), ...le(8, f.resource.allocationCounter)];
  const leafPre = [...prelude(0x51), ...slice(digestBytes(f.resource.digestHex)), ...slice(canonical)];
  const nullPre = [...prelude(0x52), ...slice(digestBytes(f.channelDigestHex))];
  const first = applyOps(f.heap.operations);
  const second = applyOps(f.heap.operations);
  const commitPre = [
    ...prelude(0x54),
    ...slice(digestBytes(f.heap.resourceRootHex)),
    ...slice(digestBytes(f.heap.nullifierRootHex)),
    ...le(8, first.counter),
  ];
  const activeHex = activeIds(first).map((r) => r.digestHex);
  const consumedHex = consumedIds(first).map((r) => r.digestHex);
  const sessionLeafHex = f.heap.resourceLevels[0]?.[1] ?? '';
  const nodePre = [...prelude(0x53), ...slice(digestBytes(f.resource.leafHex)), ...slice(digestBytes(sessionLeafHex))];
  const summary = (s: State): object => ({
    active_resource_ids: activeIds(s).map((r) => ({ digest_hex: r.digestHex, counter: r.counter })),
    consumed_resource_ids: consumedIds(s).map((r) => ({ digest_hex: r.digestHex, counter: r.counter })),
    counter: s.counter,
  });
  const eqList = (a: readonly string[], b: readonly string[]): boolean =>
    a.length === b.length && a.every((x, i) => x === b[i]);
  return compress({
    schema_version: 'lean_heap_parity.v1',
    heap_encoding_version: 1n,
    hasher: f.hasher,
    resource_fixture: {
      canonical_bytes_hex: hexOf(canonical),
      resource_id_preimage_hex: hexOf(ridPre),
      resource_leaf_preimage_hex: hexOf(leafPre),
      nullifier_leaf_preimage_hex: hexOf(nullPre),
      resource_id_digest_hex: f.resource.digestHex,
      nullifier_leaf_hex: f.resource.nullifierLeafHex,
    },
    heap_fixture: {
      active_resource_ids_hex: activeHex,
      consumed_resource_ids_hex: consumedHex,
      proof_index: f.heap.proofIndex,
      resource_proof: proofFromLevels(f.heap.resourceLevels, f.heap.proofIndex),
      nullifier_proof: proofFromLevels(f.heap.nullifierLevels, 0n),
      merkle_node_preimage_hex: hexOf(nodePre),
      heap_commitment: {
        resource_root_hex: f.heap.resourceRootHex,
        nullifier_root_hex: f.heap.nullifierRootHex,
        counter: first.counter,
      },
      heap_commitment_preimage_hex: hexOf(commitPre),
      commitment_hash_hex: f.heap.commitmentHashHex,
    },
    replay: {
      first_run: summary(first),
      second_run: summary(second),
      stable: compress(summary(first)) === compress(summary(second)),
      active_ids_match_fixture: eqList(activeHex, f.heap.activeIdsHex),
      consumed_ids_match_fixture: eqList(consumedHex, f.heap.consumedIdsHex),
    },
  });
}

/**
 * `telltale-lean-ref heap-parity PATH` (`argv` = the words after `heap-parity`): prints one line
 * of `lean_heap_parity.v1` JSON and returns 0, or writes the Lean runner's error to stderr and
 * returns 1 (`usage: heap_parity_runner <fixture-path>`, `invalid JSON: …`,
 * `invalid heap parity fixture: …`, `uncaught exception: …` for an unreadable file).
 * @param argv - `[PATH, ...ignored]`.
 * @param io - Output streams (tests pass buffers). @defaultValue the process streams
 * @example
 * ```ts
 * const code = await runHeapParity(['test/fixtures/heap/heap_lean_parity_v1.json']); // prints one line, 0
 * ```
 * @public
 */
export async function runHeapParity(
  argv: readonly string[],
  io: HeapParityIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const path = argv[0];
  if (path === undefined) {
    io.stderr.write('usage: heap_parity_runner <fixture-path>\n');
    return 1;
  }
  let input: string;
  try {
    input = await readFile(path, 'utf8');
  } catch (e) {
    // Lean's IO.FS.readFile throws out of main; the runtime prints it and exits 1.
    const code = typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : '';
    const text =
      code === 'ENOENT'
        ? 'no such file or directory (error code: 2)'
        : code === 'EISDIR'
          ? 'is a directory (error code: 21)'
          : e instanceof Error
            ? e.message
            : String(e);
    io.stderr.write(`uncaught exception: ${text}\n  file: ${path}\n`);
    return 1;
  }
  let json: Json;
  try {
    json = parse(input, null, leanNumber);
  } catch (e) {
    io.stderr.write(`invalid JSON: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  let fixture: ReturnType<typeof parseFixture>;
  try {
    fixture = parseFixture(json);
  } catch (e) {
    if (e instanceof LeanError) {
      io.stderr.write(`invalid heap parity fixture: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  io.stdout.write(`${runFixture(fixture, io)}\n`);
  return 0;
}

/**
 * Shared pieces of `heap check` (heap.md §7.1–7.4): field groups that count and compare, the
 * derivations every vector schema recomputes, and the proof and constants checks.
 */
import type { Resource } from '../../types/heap.js';
import { toHex } from './bytes.js';
import { diffJson, render } from './diffJson.js';
import type { HeapFieldMismatch } from '../../types/heap.js';
import { asObject, get, getArray, getHex, getString, pathIndex, pathKey, type JsonObject } from './json.js';
import { HeapSchemaError } from '../HeapSchemaError.js';
import { canonicalBytes, nullifierLeafPreimage, resourceIdPreimage, resourceLeafPreimage } from '../canonicalBytes.js';
import { contentHash } from '../contentHash.js';
import { readResource } from '../decodeResource.js';
import { Heap } from '../Heap.js';

import type { HeapCheckGroup } from '../checkHeapVectors.js';

export const DIGEST_KEY = /(digest|leaf|root|hash|_id)_hex$/;

export class Group {
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
  /** A fixture's identity fields: canonical bytes, resource id preimage and digest, and its leaf if it has one. */
  identity(o: JsonObject, path: string, d: Derived, withLeaf: boolean): void {
    this.hex(o, 'canonical_bytes_hex', path, d.canonical);
    this.hex(o, 'resource_id_preimage_hex', path, d.ridPreimage);
    this.hex(o, 'resource_id_digest_hex', path, d.digest);
    if (!withLeaf) return;
    this.hex(o, 'resource_leaf_preimage_hex', path, d.leafPreimage);
    this.hex(o, 'resource_leaf_hex', path, d.leaf);
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

export const H = contentHash;

export function message(o: JsonObject, path: string): Resource {
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

export interface Derived {
  canonical: Uint8Array;
  ridPreimage: Uint8Array;
  digest: Uint8Array;
  leafPreimage: Uint8Array;
  leaf: Uint8Array;
  nullPreimage: Uint8Array;
  nullLeaf: Uint8Array;
}

export function derive(r: Resource, counter: bigint): Derived {
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
export function scenarioS(): Heap {
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

export function checkProofPath(
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

export function fileProofSteps(
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

export function checkConstants(g: Group, doc: JsonObject, requireVersion: boolean): void {
  if (requireVersion || Object.hasOwn(doc, 'heap_encoding_version'))
    g.eq('$.heap_encoding_version', render(get(doc, 'heap_encoding_version', '$')), '1');
  g.eq('$.hasher', getString(doc, 'hasher', '$'), 'blake3');
}

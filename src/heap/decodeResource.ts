/** JSON ↔ resource conversion in the vector-file shape (heap.md §2, §7.3). */
import type { BridgeError } from '../types/errors.js';
import type { MessagePayload, Resource, ResourceId } from '../types/heap.js';
import { err, ok, type Result } from '../types/result.js';
import { TelltaleError } from '../types/errors.js';
import { toHex } from './_internals/bytes.js';
import {
  asObject,
  getArray,
  getBytes,
  getHex,
  getString,
  getU64,
  pathIndex,
  asObject as obj,
} from './_internals/json.js';
import { HeapSchemaError } from './HeapSchemaError.js';
import { canonicalBytes } from './canonicalBytes.js';

/** @internal Decodes a resource or throws {@link HeapSchemaError}. */
export function readResource(value: unknown, path: string): Resource {
  const o = asObject(value, path);
  const kind = getString(o, 'kind', path);
  let r: Resource;
  switch (kind) {
    case 'channel': {
      const queue = getArray(o, 'queue', path).map((item, i): MessagePayload => {
        const p = pathIndex(`${path}.queue`, i);
        const q = obj(item, p);
        return { label: getString(q, 'label', p), payload: getBytes(q, 'payload_hex', p) };
      });
      r = { kind, sender: getString(o, 'sender', path), receiver: getString(o, 'receiver', path), queue };
      break;
    }
    case 'message':
      r = {
        kind,
        source: getString(o, 'source', path),
        dest: getString(o, 'dest', path),
        content: { label: getString(o, 'label', path), payload: getBytes(o, 'payload_hex', path) },
        seqNo: getU64(o, 'seq_no', path),
      };
      break;
    case 'session':
      r = { kind, role: getString(o, 'role', path), typeHash: getU64(o, 'type_hash', path) };
      break;
    case 'value':
      r = { kind, tag: getString(o, 'tag', path), data: getBytes(o, 'data_hex', path) };
      break;
    default:
      throw new HeapSchemaError(
        'UnknownResourceKind',
        `${path}.kind`,
        `unknown resource kind ${JSON.stringify(kind)} at ${path}.kind; expected channel, message, session or value`,
      );
  }
  try {
    canonicalBytes(r);
  } catch (e) {
    // A JSON "\ud800" escape yields a lone surrogate: report it here instead of at allocation.
    if (e instanceof TelltaleError && (e.code === 'HeapEncodingError' || e.code === 'HeapCounterOverflow'))
      throw new HeapSchemaError(e.code, path, `${e.message} (at ${path})`);
    throw e;
  }
  return r;
}

/** @internal Decodes `{digest_hex, counter}` or throws {@link HeapSchemaError}. */
export function readResourceId(value: unknown, path: string): ResourceId {
  const o = asObject(value, path);
  return { digestHex: getHex(o, 'digest_hex', path, 32), counter: getU64(o, 'counter', path) };
}

/**
 * Decodes a resource from the JSON shape of heap.md §2 (`{"kind":"message","source",…}`).
 * u64 fields accept `bigint` (lossless parse) or safe integers.
 * @param value - Parsed JSON.
 * @param path - JSON path used in errors. @defaultValue `'$'`
 * @example
 * ```ts
 * decodeResource({ kind: 'value', tag: 'blob', data_hex: '090807' });
 * // { ok: true, value: { kind: 'value', tag: 'blob', data: Uint8Array[9, 8, 7] } }
 * ```
 * @public
 */
export function decodeResource(value: unknown, path = '$'): Result<Resource, BridgeError> {
  try {
    return ok(readResource(value, path));
  } catch (e) {
    if (e instanceof HeapSchemaError) return err(e.toBridgeError());
    throw e;
  }
}

/**
 * The JSON shape of a resource (heap.md §2), u64 fields as `bigint`.
 * @example `resourceToJson({ kind: 'session', role: 'A', typeHash: 1n }) // { kind: 'session', role: 'A', type_hash: 1n }`
 * @public
 */
export function resourceToJson(r: Resource): Record<string, unknown> {
  switch (r.kind) {
    case 'channel':
      return {
        kind: r.kind,
        sender: r.sender,
        receiver: r.receiver,
        queue: r.queue.map((q) => ({ label: q.label, payload_hex: toHex(q.payload) })),
      };
    case 'message':
      return {
        kind: r.kind,
        source: r.source,
        dest: r.dest,
        label: r.content.label,
        payload_hex: toHex(r.content.payload),
        seq_no: r.seqNo,
      };
    case 'session':
      return { kind: r.kind, role: r.role, type_hash: r.typeHash };
    case 'value':
      return { kind: r.kind, tag: r.tag, data_hex: toHex(r.data) };
  }
}

/**
 * `{digest_hex, counter}` of an ID.
 * @example `resourceIdToJson(id) // { digest_hex: '93ae…', counter: 0n }`
 * @public
 */
export function resourceIdToJson(id: ResourceId): { digest_hex: string; counter: bigint } {
  return { digest_hex: id.digestHex, counter: id.counter };
}

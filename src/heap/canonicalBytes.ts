/**
 * Canonical "TTHP" version-1 encoding of resources and of every hash preimage (heap.md §1, §3, §4).
 */
import type { MessagePayload, Resource } from '../types/heap.js';
import { ByteWriter } from './_internals/bytes.js';

/** Tags of encoding version 1 (heap.md §1.2). @example `HeapTag.ResourceMessage // 0x41` @public */
export const HeapTag = {
  MessagePayload: 0x10,
  ChannelState: 0x20,
  Message: 0x30,
  ResourceChannel: 0x40,
  ResourceMessage: 0x41,
  ResourceSession: 0x42,
  ResourceValue: 0x43,
  ResourceIdPreimage: 0x50,
  ResourceLeaf: 0x51,
  NullifierLeaf: 0x52,
  MerkleNode: 0x53,
  HeapCommitment: 0x54,
} as const;

/** The heap encoding version written into every prelude (u16le after `TTHP`). @example `HEAP_ENCODING_VERSION // 1` @public */
export const HEAP_ENCODING_VERSION = 1;

function prelude(w: ByteWriter, tag: number): ByteWriter {
  return w.u8(0x54).u8(0x54).u8(0x48).u8(0x50).u16(HEAP_ENCODING_VERSION).u8(tag);
}

function writePayload(w: ByteWriter, p: MessagePayload): void {
  prelude(w, HeapTag.MessagePayload).str(p.label).bytes(p.payload);
}

/**
 * Canonical bytes of a resource (`canonical_bytes_hex`, heap.md §1.4). Throws `TelltaleError`
 * code `HeapEncodingError` for a lone surrogate, a length past 2^32-1 or a u64 out of range.
 * @param resource - The resource to encode.
 * @example
 * ```ts
 * toHex(canonicalBytes({ kind: 'session', role: 'Alice', typeHash: 12345n }));
 * // '5454485001004205000000416c6963653930000000000000'
 * ```
 * @public
 */
export function canonicalBytes(resource: Resource): Uint8Array {
  const w = new ByteWriter();
  switch (resource.kind) {
    case 'channel':
      prelude(w, HeapTag.ResourceChannel);
      prelude(w, HeapTag.ChannelState).str(resource.sender).str(resource.receiver).u32(resource.queue.length);
      for (const item of resource.queue) writePayload(w, item);
      break;
    case 'message':
      prelude(w, HeapTag.ResourceMessage);
      prelude(w, HeapTag.Message).str(resource.source).str(resource.dest);
      writePayload(w, resource.content);
      w.u64(resource.seqNo);
      break;
    case 'session':
      prelude(w, HeapTag.ResourceSession).str(resource.role).u64(resource.typeHash);
      break;
    case 'value':
      prelude(w, HeapTag.ResourceValue).str(resource.tag).bytes(resource.data);
      break;
  }
  return w.finish();
}

/**
 * `prelude(0x50) ‖ bytes(canonical) ‖ u64(counter)` (heap.md §3).
 * @example `resourceIdPreimage(canonicalBytes(r), 1n)`
 * @public
 */
export function resourceIdPreimage(canonical: Uint8Array, counter: bigint): Uint8Array {
  return prelude(new ByteWriter(), HeapTag.ResourceIdPreimage).bytes(canonical).u64(counter).finish();
}

/**
 * `prelude(0x51) ‖ bytes(digest) ‖ bytes(canonical)` (heap.md §4).
 * @example `resourceLeafPreimage(digest, canonicalBytes(r))`
 * @public
 */
export function resourceLeafPreimage(digest: Uint8Array, canonical: Uint8Array): Uint8Array {
  return prelude(new ByteWriter(), HeapTag.ResourceLeaf).bytes(digest).bytes(canonical).finish();
}

/**
 * `prelude(0x52) ‖ bytes(digest)` (heap.md §4).
 * @example `nullifierLeafPreimage(digest).length // 43`
 * @public
 */
export function nullifierLeafPreimage(digest: Uint8Array): Uint8Array {
  return prelude(new ByteWriter(), HeapTag.NullifierLeaf).bytes(digest).finish();
}

/**
 * `prelude(0x53) ‖ bytes(left) ‖ bytes(right)` (heap.md §4).
 * @example `merkleNodePreimage(leftLeaf, rightLeaf).length // 79`
 * @public
 */
export function merkleNodePreimage(left: Uint8Array, right: Uint8Array): Uint8Array {
  return prelude(new ByteWriter(), HeapTag.MerkleNode).bytes(left).bytes(right).finish();
}

/**
 * `prelude(0x54) ‖ bytes(resource_root) ‖ bytes(nullifier_root) ‖ u64(counter)` (heap.md §6.1).
 * @example `heapCommitmentPreimage(resourceRoot, nullifierRoot, 3n).length // 87`
 * @public
 */
export function heapCommitmentPreimage(
  resourceRoot: Uint8Array,
  nullifierRoot: Uint8Array,
  counter: bigint,
): Uint8Array {
  return prelude(new ByteWriter(), HeapTag.HeapCommitment)
    .bytes(resourceRoot)
    .bytes(nullifierRoot)
    .u64(counter)
    .finish();
}

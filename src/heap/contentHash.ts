/** The one place BLAKE3 is called (ecosystem.md §5): switching hash libraries is a one-file change. */
import { hash } from 'blake3-wasm';

/**
 * BLAKE3 (32-byte output, unkeyed) of a byte string, as heap.md writes `H(x)`.
 * @param bytes - The preimage.
 * @returns The 32-byte digest.
 * @example
 * ```ts
 * toHex(contentHash(new Uint8Array())); // 'af1349b9…41f3262'
 * ```
 * @public
 */
export function contentHash(bytes: Uint8Array): Uint8Array {
  // blake3-wasm returns a Buffer in Node (its types say Uint8Array | string).
  return hash(bytes) as Buffer;
}

/**
 * {@link contentHash} as lowercase hex.
 * @example `contentHashHex(new TextEncoder().encode('abc'))`
 * @public
 */
export function contentHashHex(bytes: Uint8Array): string {
  // blake3-wasm returns a Buffer in Node (its types say Uint8Array | string).
  return (hash(bytes) as Buffer).toString('hex');
}

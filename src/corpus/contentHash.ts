import { contentHashHex } from '../heap/contentHash.js';

/**
 * BLAKE3 hex digest of some bytes, as corpus file names use it. It is the heap's one hashing entry
 * point (`contentHashHex`), so a change of hashing library stays a one-file change.
 *
 * @example
 * ```ts
 * contentHash(new Uint8Array()); // 'af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262'
 * ```
 * @public
 */
export const contentHash: (bytes: Uint8Array) => string = contentHashHex;

import { hash } from 'blake3-wasm';

/**
 * BLAKE3 hex digest of some bytes: the one hashing entry point of the corpus, so that a change of
 * hashing library touches one file.
 *
 * @example
 * ```ts
 * contentHash(new Uint8Array()); // 'af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262'
 * ```
 * @public
 */
export function contentHash(bytes: Uint8Array): string {
  return (hash(bytes) as Buffer).toString('hex');
}

import { contentHash } from '../../heap/contentHash.js';

/** Campaign seeds are kept as strings so 64-bit and textual seeds survive the CLI and the report. */
export function normalizeSeed(seed: number | string | undefined): string {
  if (seed === undefined) return String(Date.now() % 2_147_483_647);
  return String(seed).trim();
}

/**
 * The fast-check seed of one chunk, derived from (campaign seed, property, chunk index) only, so a
 * case is the same whatever the number of workers or shards that runs it.
 */
export function chunkSeed(campaignSeed: string, property: string, chunk: number): number {
  const digest = contentHash(
    new TextEncoder().encode(`telltale-parity/chunk\u0000${campaignSeed}\u0000${property}\u0000${chunk}`),
  );
  return new DataView(digest.buffer, digest.byteOffset, digest.byteLength).getInt32(0, true);
}

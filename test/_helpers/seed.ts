/**
 * The seed of a file's property tests (after fast-check's `test/e2e/seed.ts`). Each file keeps a
 * fixed default so `npm test` is deterministic; `TELLTALE_TEST_SEED=<integer>` shifts every file's
 * seed for one exploratory run (files still get different seeds). A failure prints fast-check's seed
 * and path, which replay it as `{ seed, path }`.
 *
 * @example
 * ```ts
 * const SEED = testSeed(4242);
 * fc.assert(property, { seed: SEED, numRuns: 200 });
 * ```
 */
export function testSeed(defaultSeed: number): number {
  const raw = process.env.TELLTALE_TEST_SEED;
  if (raw === undefined || raw.trim() === '') return defaultSeed;
  const shift = Number(raw);
  if (!Number.isSafeInteger(shift)) throw new Error(`TELLTALE_TEST_SEED must be an integer, got '${raw}'`);
  // fast-check seeds are 32-bit integers.
  return (defaultSeed + shift) | 0;
}

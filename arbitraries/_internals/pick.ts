/**
 * `xs[i mod xs.length]`: how the arbitraries turn a drawn number into a name or role. The lists are
 * non-empty (checked when the arbitrary is built), so the throw only guards that check.
 * @example `pick(['A', 'B'], 3) // 'B'`
 * @internal
 */
export function pick<T>(xs: readonly T[], i: number): T {
  const x = xs[i % xs.length];
  if (x === undefined) throw new RangeError(`pick: empty list (index ${i})`);
  return x;
}

/**
 * One dimension of a property's statistics as table rows: each bucket with its count and share,
 * largest first (ties by name).
 * @example `statisticsRows({ accepted: 3, rejected: 1 }) // [{ bucket: 'accepted', count: 3, percent: '75.0' }, …]`
 * @public
 */
export function statisticsRows(
  buckets: Readonly<Record<string, number>>,
): { readonly bucket: string; readonly count: number; readonly percent: string }[] {
  const total = Object.values(buckets).reduce((sum, n) => sum + n, 0);
  return Object.entries(buckets)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .map(([bucket, count]) => ({ bucket, count, percent: total === 0 ? '0.0' : ((count * 100) / total).toFixed(1) }));
}

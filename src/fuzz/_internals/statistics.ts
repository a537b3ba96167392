/**
 * Statistics of what a campaign generated, per property: dimension → bucket → count, as
 * fast-check's `fc.statistics` prints them (issue #11 §3), and the `--stats` text.
 */
import type { PropertyReport } from '../types.js';

/** Dimension → bucket → count. */
export type StatisticsTable = Record<string, Record<string, number>>;

/** Counts one case's buckets. */
export function addStats(table: StatisticsTable, stats: Readonly<Record<string, string>>): void {
  for (const [dimension, bucket] of Object.entries(stats)) {
    const row = (table[dimension] ??= {});
    row[bucket] = (row[bucket] ?? 0) + 1;
  }
}

/** Adds `from` into `into`. */
export function mergeStats(
  into: StatisticsTable,
  from: Readonly<Record<string, Readonly<Record<string, number>>>>,
): void {
  for (const [dimension, buckets] of Object.entries(from)) {
    const row = (into[dimension] ??= {});
    for (const [bucket, n] of Object.entries(buckets)) row[bucket] = (row[bucket] ?? 0) + n;
  }
}

/** A copy with dimensions and buckets in a stable order (buckets by count, then name). */
export function sortedStats(table: StatisticsTable): Record<string, Record<string, number>> {
  return Object.fromEntries(
    Object.keys(table)
      .sort()
      .map((dimension) => [
        dimension,
        Object.fromEntries(
          Object.entries(table[dimension] ?? {}).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0)),
        ),
      ]),
  );
}

/**
 * The `--stats` text: per property its cases, then per dimension each bucket with its share and
 * count (as `fc.statistics` prints them), then the coverage line ("not exercised" first).
 * @example
 * ```
 * cooperative-vs-reference (1200 cases)
 *   verdict
 *     accepted .................... 84.50% (1014)
 * ```
 */
export function formatStatistics(properties: readonly PropertyReport[]): string {
  const lines: string[] = [];
  for (const p of properties) {
    if (p.statistics === undefined && p.coverage === undefined) continue;
    lines.push(`${p.id} (${p.cases} cases${p.skipped === undefined ? '' : `, SKIPPED: ${p.skipped}`})`);
    for (const [dimension, buckets] of Object.entries(p.statistics ?? {})) {
      lines.push(`  ${dimension}`);
      const total = Object.values(buckets).reduce((a, b) => a + b, 0);
      const width = Math.max(24, ...Object.keys(buckets).map((b) => b.length + 2));
      for (const [bucket, n] of Object.entries(buckets)) {
        const share = total === 0 ? 0 : (100 * n) / total;
        lines.push(`    ${`${bucket} `.padEnd(width, '.')} ${share.toFixed(2).padStart(6)}% (${n})`);
      }
    }
    if (p.coverage !== undefined) {
      const { seen, notSeen } = p.coverage;
      lines.push(
        `  not exercised (${notSeen.length} known features): ${notSeen.length === 0 ? 'none' : notSeen.join(', ')}`,
      );
      lines.push(`  exercised (${seen.length} features): ${seen.join(', ')}`);
    }
    if (p.pool !== undefined) lines.push(`  seed pool: ${p.pool.replayed} replayed first, ${p.pool.added} added`);
    lines.push('');
  }
  return lines.join('\n');
}

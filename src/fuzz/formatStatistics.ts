import type { PropertyReport } from './types.js';
import { formatStatistics as format } from './_internals/statistics.js';

/**
 * The `fuzz --stats` text (issue #11 §3): per property, every statistics dimension with each
 * bucket's share and count as `fc.statistics` prints them, the known behavioural features it did not
 * exercise, and its seed pool.
 * @example
 * ```ts
 * const report = await runCampaign({ runs: 200, seed: 1 });
 * process.stdout.write(formatStatistics(report.properties));
 * ```
 * @public
 */
export function formatStatistics(properties: readonly PropertyReport[]): string {
  return format(properties);
}

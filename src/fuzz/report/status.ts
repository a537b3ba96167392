import type { CampaignReport, CampaignStatus, PropertyReport, PropertyStatus } from '../types.js';

/**
 * A property's status: the one the campaign recorded, else derived from its counts (reports built by
 * hand): `skipped` with a reason, `failed` with a failure, `no-cases` with no case, else `passed`.
 * @example `propertyStatus({ id: 'p', description: '', cases: 0, failures: 0, seconds: 0, casesPerSecond: 0, counterexamples: [] }) // 'no-cases'`
 * @public
 */
export function propertyStatus(p: PropertyReport): PropertyStatus {
  if (p.status !== undefined) return p.status;
  if (p.skipped !== undefined) return 'skipped';
  if (p.failures > 0) return 'failed';
  return p.cases === 0 ? 'no-cases' : 'passed';
}

/**
 * The campaign's status: the recorded one, else derived from the properties: `failed` when one
 * failed or a counterexample exists, `passed` when some property ran cases, else `nothing-checked`.
 * @example `campaignStatus(report) === 'passed'`
 * @public
 */
export function campaignStatus(report: CampaignReport): CampaignStatus {
  if (report.status !== undefined) return report.status;
  const statuses = report.properties.map(propertyStatus);
  if (report.counterexamples.length > 0 || statuses.includes('failed')) return 'failed';
  return report.properties.some((p) => propertyStatus(p) === 'passed') ? 'passed' : 'nothing-checked';
}

/**
 * "1 case", "2 cases": a count with its noun in the right number (`plural` defaults to noun + s).
 * @example `counted(1, 'entry', 'entries') // '1 entry'`
 * @public
 */
/**
 * How every output describes a counterexample whose shrinking was cut short (`fullyShrunk: false`).
 * @example `` `shrunk 3 times, ${kNotFullyShrunk}` ``
 */
export const kNotFullyShrunk = 'not fully shrunk: the time budget ran out or the campaign was stopped while shrinking';

export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

/**
 * A duration for people: `850 ms`, `12.3 s`, `4 min 5 s`, `2 h 3 min`.
 * @example `formatDuration(61_000) // '1 min 1 s'`
 * @public
 */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 === 0 ? '' : ` ${s % 60} s`}`;
  const m = Math.round(s / 60);
  return `${Math.floor(m / 60)} h${m % 60 === 0 ? '' : ` ${m % 60} min`}`;
}

/**
 * The budget in words: `60 s`, `200 runs per property`, with the shard when there is one.
 * @example `describeBudget({ runs: null, timeMs: 60000, shard: '1/4', workers: 2 }) // '60 s, shard 1/4'`
 * @public
 */
export function describeBudget(budget: CampaignReport['budget']): string {
  const main =
    budget.runs === null ? formatDuration(budget.timeMs ?? 0) : `${counted(budget.runs, 'run')} per property`;
  return budget.shard === null ? main : `${main}, shard ${budget.shard}`;
}

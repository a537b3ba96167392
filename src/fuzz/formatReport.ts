import type { CampaignReport } from './types.js';

/**
 * The report file: JSON `{version, seed, budget, properties}` (counterexample details stay out:
 * they are in the corpus files the report names), or the same as a Markdown table.
 *
 * @example
 * ```ts
 * writeFileSync('fuzz.md', formatReport(report, 'markdown'));
 * ```
 * @public
 */
export function formatReport(report: CampaignReport, format: 'json' | 'markdown'): string {
  const properties = report.properties.map((p) => ({
    id: p.id,
    description: p.description,
    cases: p.cases,
    failures: p.failures,
    seconds: p.seconds,
    casesPerSecond: p.casesPerSecond,
    ...(p.skipped === undefined ? {} : { skipped: p.skipped }),
    counterexamples: [...p.counterexamples],
    ...(p.statistics === undefined ? {} : { statistics: p.statistics }),
    ...(p.coverage === undefined ? {} : { coverage: p.coverage }),
    ...(p.pool === undefined ? {} : { pool: p.pool }),
  }));
  if (format === 'json')
    return `${JSON.stringify({ version: report.version, seed: report.seed, budget: report.budget, properties }, null, 2)}\n`;
  const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const budget =
    report.budget.runs === null ? `${(report.budget.timeMs ?? 0) / 1000} s` : `${report.budget.runs} runs per property`;
  const lines = [
    '# telltale-parity fuzz report',
    '',
    `- version: ${report.version}`,
    `- seed: ${report.seed}`,
    `- budget: ${budget}${report.budget.shard === null ? '' : `, shard ${report.budget.shard}`}, workers ${report.budget.workers}`,
    '',
    '| property | description | cases | failures | seconds | cases/s | skipped | counterexamples |',
    '|---|---|---:|---:|---:|---:|---|---|',
    ...properties.map(
      (p) =>
        `| ${cell(p.id)} | ${cell(p.description)} | ${p.cases} | ${p.failures} | ${p.seconds} | ${p.casesPerSecond} | ${cell(p.skipped ?? '')} | ${cell(p.counterexamples.join(', '))} |`,
    ),
    '',
  ];
  // What was generated and exercised (issue #11 §3-4): one section per property that has it.
  for (const p of properties) {
    if (p.statistics === undefined && p.coverage === undefined) continue;
    lines.push(`## ${p.id}`, '');
    if (p.coverage !== undefined) {
      lines.push(
        `What this campaign did not exercise: ${p.coverage.notSeen.length === 0 ? 'nothing known' : p.coverage.notSeen.map((f) => `\`${f}\``).join(', ')}`,
        '',
      );
      lines.push(`Exercised: ${p.coverage.seen.map((f) => `\`${f}\``).join(', ')}`, '');
    }
    for (const [dimension, buckets] of Object.entries(p.statistics ?? {})) {
      const total = Object.values(buckets).reduce((a, b) => a + b, 0);
      lines.push(`| ${cell(dimension)} | cases | share |`, '|---|---:|---:|');
      for (const [bucket, n] of Object.entries(buckets))
        lines.push(`| ${cell(bucket)} | ${n} | ${total === 0 ? '0.00' : ((100 * n) / total).toFixed(2)}% |`);
      lines.push('');
    }
  }
  return lines.join('\n');
}

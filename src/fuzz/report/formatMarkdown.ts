import { stringifyExact, toReportDocument, type FuzzReportDocument } from './reportDocument.js';
import { counted, describeBudget, formatDuration, kNotFullyShrunk } from './status.js';
import type { CampaignReport } from '../types.js';
import { statisticsRows } from './statisticsRows.js';

const kStatusWord: Readonly<Record<FuzzReportDocument['status'], string>> = {
  passed: 'PASSED',
  failed: 'FAILED',
  interrupted: 'INTERRUPTED',
  'nothing-checked': 'NOTHING CHECKED',
};

/** A table cell: pipes escaped, one line. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Inline code that survives backticks in the text. */
function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${fence.length > 1 ? ' ' : ''}${text}${fence.length > 1 ? ' ' : ''}${fence}`;
}

/**
 * The campaign's verdict in one line: status, counterexamples, and how many properties passed,
 * were skipped or interrupted.
 * @example `verdictLine(toReportDocument(report)) // 'FAILED: 1 counterexample; 3 properties passed, 1 skipped'`
 * @public
 */
export function verdictLine(doc: FuzzReportDocument): string {
  const t = doc.totals;
  const parts = [
    t.passed > 0 ? `${t.passed} passed` : '',
    t.failed > 0 ? `${t.failed} failed` : '',
    t.skipped > 0 ? `${t.skipped} skipped` : '',
    t.interrupted > 0 ? `${t.interrupted} interrupted` : '',
    t['no-cases'] > 0 ? `${t['no-cases']} with no case run` : '',
  ].filter((p) => p !== '');
  const by = doc.interruptedBy === undefined ? '' : ` by ${doc.interruptedBy}`;
  return `${kStatusWord[doc.status]}${by}: ${counted(t.counterexamples, 'counterexample')}; ${counted(t.properties, 'property', 'properties')}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}, ${counted(t.cases, 'case')}`;
}

/**
 * The Markdown report (`--report FILE.md`): verdict, campaign numbers, a table of the properties,
 * each counterexample with its divergence and the commands that reproduce it, then statistics and
 * coverage when the campaign collected them.
 * @example `writeFileSync('fuzz.md', formatMarkdown(report))`
 * @public
 */
export function formatMarkdown(report: CampaignReport): string {
  const doc = toReportDocument(report);
  const lines: string[] = ['# telltale-parity fuzz report', '', `**${verdictLine(doc)}**`, ''];
  const facts: [string, string][] = [
    ['seed', code(doc.seed)],
    ['budget', describeBudget(doc.budget)],
    ['workers', String(doc.budget.workers)],
    ...(doc.startedAt === null ? [] : ([['started', doc.startedAt]] as [string, string][])),
    ...(doc.wallMs === null ? [] : ([['wall time', formatDuration(doc.wallMs)]] as [string, string][])),
    ['tool', `telltale-parity ${doc.version}${doc.node === null ? '' : `, Node.js ${doc.node}`}`],
    ...Object.entries(doc.lanes).map(([name, command]): [string, string] => [`lane ${name}`, code(command)]),
    ...(doc.corpusDir === null ? [] : ([['corpus', code(doc.corpusDir)]] as [string, string][])),
  ];
  lines.push('| campaign | |', '|---|---|', ...facts.map(([k, v]) => `| ${cell(k)} | ${cell(v)} |`), '');
  lines.push(
    '## Properties',
    '',
    '| property | description | status | cases | failures | seconds | cases/s | notes |',
    '|---|---|---|---:|---:|---:|---:|---|',
    ...doc.properties.map((p) => {
      const notes = p.skipped ?? (p.counterexamples.length > 0 ? p.counterexamples.join(', ') : '');
      return `| ${cell(p.id)} | ${cell(p.description)} | ${p.status} | ${p.cases} | ${p.failures} | ${p.seconds} | ${p.casesPerSecond} | ${cell(notes)} |`;
    }),
    '',
  );
  if (doc.counterexamples.length > 0) lines.push('## Counterexamples', '');
  for (const c of doc.counterexamples) {
    const explanation =
      typeof c.divergence === 'object' && c.divergence !== null && 'explanation' in c.divergence
        ? String(c.divergence.explanation)
        : null;
    lines.push(
      `### ${c.property}`,
      '',
      `- failure: ${c.summary}`,
      ...(explanation !== null && explanation !== c.summary ? [`- first divergence: ${explanation}`] : []),
      `- fast-check: ${code(`{ seed: ${c.seed}, path: "${c.path}" }`)}, shrunk ${counted(c.numShrinks, 'time')}${c.fullyShrunk ? '' : ` (${kNotFullyShrunk})`}`,
      `- corpus file: ${c.corpusFile === null ? 'not saved' : code(c.corpusFile)}`,
      ...(c.replay === null ? [] : [`- replay: ${code(c.replay)}`]),
      ...c.run.map((command) => `- run: ${code(command)}`),
      ...(c.hint === undefined ? [] : [`- hint: ${c.hint}`]),
      '',
      '<details><summary>input and divergence (JSON)</summary>',
      '',
      '```json',
      stringifyExact({ input: c.input, divergence: c.divergence }, 2),
      '```',
      '',
      '</details>',
      '',
    );
  }
  const withStats = doc.properties.filter((p) => p.statistics !== undefined || p.coverage !== undefined);
  if (withStats.length > 0) lines.push('## What was generated', '');
  for (const p of withStats) {
    lines.push(`### ${p.id}`, '');
    if (p.coverage !== undefined) {
      lines.push(
        `- not exercised by this campaign: ${p.coverage.notSeen.length === 0 ? 'nothing (every known feature was seen)' : p.coverage.notSeen.map(code).join(', ')}`,
        `- exercised: ${p.coverage.seen.length === 0 ? 'none' : p.coverage.seen.map(code).join(', ')}`,
        '',
      );
    }
    if (p.pool !== undefined)
      lines.push(`- seed pool: ${p.pool.replayed} replayed first, ${p.pool.added} added by this campaign`, '');
    for (const [dimension, rows] of Object.entries(p.statistics ?? {})) {
      lines.push(`| ${cell(dimension)} | count | % |`, '|---|---:|---:|');
      for (const row of statisticsRows(rows)) lines.push(`| ${cell(row.bucket)} | ${row.count} | ${row.percent} |`);
      lines.push('');
    }
  }
  if (doc.warnings.length > 0) lines.push('## Warnings', '', ...doc.warnings.map((w) => `- ${w}`), '');
  return lines.join('\n');
}

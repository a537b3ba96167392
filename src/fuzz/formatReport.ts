import { formatHtml } from './report/formatHtml.js';
import { formatMarkdown } from './report/formatMarkdown.js';
import { stringifyExact, toReportDocument } from './report/reportDocument.js';
import type { CampaignReport } from './types.js';

/**
 * The formats of the report file: JSON (the versioned document of docs/report.md), Markdown, or a
 * self-contained HTML page with sequence charts.
 * @example `const format: ReportFormat = 'html';`
 * @public
 */
export type ReportFormat = 'json' | 'markdown' | 'html';

/**
 * The report format a file name asks for: `.md` Markdown, `.html` / `.htm` HTML, anything else JSON.
 * @example `reportFormatOf('nightly/report.html') // 'html'`
 * @public
 */
export function reportFormatOf(file: string): ReportFormat {
  const lower = file.toLowerCase();
  if (lower.endsWith('.md')) return 'markdown';
  if (lower.endsWith('.html') || lower.endsWith('.htm')) return 'html';
  return 'json';
}

/**
 * The report file's text: the JSON document of docs/report.md (schema `telltale-parity/fuzz-report`,
 * versioned), Markdown, or HTML.
 *
 * @example
 * ```ts
 * writeFileSync('fuzz.md', formatReport(report, 'markdown'));
 * ```
 * @public
 */
export function formatReport(report: CampaignReport, format: ReportFormat): string {
  if (format === 'markdown') return formatMarkdown(report);
  if (format === 'html') return formatHtml(report);
  return `${stringifyExact(toReportDocument(report), 2)}\n`;
}

import type { BridgeEvent } from '../../types/bridge.js';
import type { CampaignReport, Counterexample, Execution } from '../types.js';
import { escapeHtml as h } from './_internals/html.js';
import {
  kChartDefs,
  sequenceChart,
  sessionRoles,
  splitBySession,
  type ChartEvent,
} from './_internals/sequenceChart.js';
import { kReportCss } from './_internals/reportCss.js';
import { verdictLine } from './formatMarkdown.js';
import { stringifyExact, toReportDocument, type FuzzReportDocument } from './reportDocument.js';
import { statisticsRows } from './statisticsRows.js';
import { counted, describeBudget, formatDuration, kNotFullyShrunk } from './status.js';

/**
 * The HTML report (`--report FILE.html`): one self-contained page — no script, no network, styles
 * inline — with the verdict and the campaign's numbers, every property's status, and each
 * counterexample as message sequence charts (SVG), one per session, of the two executions side by
 * side, the first divergence highlighted with its explanation beside the charts. Statistics and
 * coverage are rendered when the campaign collected them.
 * @example `writeFileSync('report.html', formatHtml(report))`
 * @public
 */
export function formatHtml(report: CampaignReport): string {
  const doc = toReportDocument(report);
  const body = [
    `<header class="verdict ${doc.status}"><h1>telltale-parity fuzz report</h1><p class="status" data-status="${doc.status}">${h(verdictLine(doc))}</p></header>`,
    campaignFacts(doc),
    propertyTable(doc),
    ...report.counterexamples.map((c, i) => counterexampleSection(c, doc.counterexamples[i], i)),
    statisticsSection(doc),
    doc.warnings.length === 0
      ? ''
      : `<section><h2>Warnings</h2><ul class="warnings">${doc.warnings.map((w) => `<li>${h(w)}</li>`).join('')}</ul></section>`,
  ];
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // No network and no script: the page is a document, nothing it shows is fetched.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>telltale-parity fuzz report: ${h(doc.status)} (seed ${h(doc.seed)})</title>`,
    `<style>${kReportCss}</style>`,
    '</head><body>',
    kChartDefs,
    '<main>',
    ...body,
    `<footer>telltale-parity ${h(doc.version)} · report schema ${h(doc.schema)} v${doc.schemaVersion}</footer>`,
    '</main></body></html>',
    '',
  ].join('\n');
}

function campaignFacts(doc: FuzzReportDocument): string {
  const rate = doc.wallMs !== null && doc.wallMs > 0 ? Math.round((doc.totals.cases * 1000) / doc.wallMs) : null;
  const facts: [string, string][] = [
    ['seed', doc.seed],
    ['budget', describeBudget(doc.budget)],
    [
      'cases',
      `${doc.totals.cases.toLocaleString('en-US')}${rate === null ? '' : ` (${rate.toLocaleString('en-US')}/s)`}`,
    ],
    ['wall time', doc.wallMs === null ? '—' : formatDuration(doc.wallMs)],
    ['workers', String(doc.budget.workers)],
    ['started', doc.startedAt ?? '—'],
    ['tool', `telltale-parity ${doc.version}${doc.node === null ? '' : ` · Node.js ${doc.node}`}`],
    ...Object.entries(doc.lanes).map(([name, command]): [string, string] => [`lane ${name}`, command]),
    ['corpus', doc.corpusDir ?? 'not saved'],
  ];
  return `<section><h2>Campaign</h2><dl class="facts">${facts.map(([k, v]) => `<div><dt>${h(k)}</dt><dd>${h(v)}</dd></div>`).join('')}</dl></section>`;
}

function propertyTable(doc: FuzzReportDocument): string {
  const rows = doc.properties.map((p) => {
    const notes =
      p.skipped ??
      (p.counterexamples.length > 0
        ? p.counterexamples.join(', ')
        : p.status === 'no-cases'
          ? 'the time budget was spent before its turn'
          : '');
    return `<tr class="property ${p.status}" data-property="${h(p.id)}"><td><code>${h(p.id)}</code><div class="desc">${h(p.description)}</div></td><td><span class="pill ${p.status}">${h(p.status)}</span></td><td class="num">${p.cases.toLocaleString('en-US')}</td><td class="num">${p.seconds}</td><td class="num">${p.casesPerSecond.toLocaleString('en-US')}</td><td>${h(notes)}</td></tr>`;
  });
  return `<section><h2>Properties</h2><table class="properties"><thead><tr><th>property</th><th>status</th><th>cases</th><th>seconds</th><th>cases/s</th><th>reason / counterexample</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function explanationOf(divergence: unknown, fallback: string): string {
  return typeof divergence === 'object' && divergence !== null && 'explanation' in divergence
    ? String(divergence.explanation)
    : fallback;
}

/** The trace indices of the divergent event on each side (`null` when that side has none there). */
function divergentIndices(divergence: unknown): { left: number | null; right: number | null } {
  if (typeof divergence !== 'object' || divergence === null) return { left: null, right: null };
  const d = divergence as { leftIndex?: unknown; rightIndex?: unknown; kind?: unknown };
  if (d.kind !== 'different' && d.kind !== 'missing' && d.kind !== 'extra') return { left: null, right: null };
  const index = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);
  return { left: index(d.leftIndex), right: index(d.rightIndex) };
}

function counterexampleSection(
  c: Counterexample,
  doc: FuzzReportDocument['counterexamples'][number] | undefined,
  i: number,
): string {
  const explanation = explanationOf(c.divergence, c.summary);
  const commands = [
    ...(doc?.replay === null || doc?.replay === undefined ? [] : [['replay', doc.replay]]),
    ...(doc?.run ?? []).map((command) => ['run', command]),
  ];
  const facts = [
    ['failure', c.summary],
    ['fast-check', `{ seed: ${c.seed}, path: "${c.path}" }`],
    ['shrunk', `${counted(c.numShrinks, 'time')}${c.fullyShrunk === false ? ` — ${kNotFullyShrunk}` : ''}`],
    ['corpus file', c.corpusFile ?? 'not saved'],
    ...(c.hint === undefined ? [] : [['hint', c.hint]]),
  ];
  return [
    `<section class="counterexample" id="counterexample-${i + 1}" data-property="${h(c.property)}">`,
    `<h2>Counterexample: <code>${h(c.property)}</code></h2>`,
    // With charts, the explanation stands beside the divergent session instead.
    c.executions !== undefined && c.executions.length >= 2
      ? ''
      : `<div class="explanation" role="note"><strong>First divergence</strong><p>${h(explanation)}</p></div>`,
    `<dl class="facts">${facts.map(([k, v]) => `<div><dt>${h(k ?? '')}</dt><dd>${h(v ?? '')}</dd></div>`).join('')}</dl>`,
    commands.length === 0
      ? ''
      : `<div class="commands">${commands.map(([k, v]) => `<div><span>${h(k ?? '')}</span><pre><code>${h(v ?? '')}</code></pre></div>`).join('')}</div>`,
    charts(c.executions, c.divergence, explanation),
    `<details><summary>input and divergence (JSON)</summary><pre class="json">${h(stringifyExact({ input: c.input, divergence: c.divergence }, 2))}</pre></details>`,
    '</section>',
  ].join('\n');
}

/** One row per session: the two executions' charts side by side, the divergent session first. */
function charts(executions: readonly Execution[] | undefined, divergence: unknown, explanation: string): string {
  const [left, right] = executions ?? [];
  if (left === undefined || right === undefined)
    return '<p class="no-charts">No sequence chart: this property compares no two runs (the input and the failure above say what went wrong).</p>';
  const a = splitBySession(left.trace);
  const b = splitBySession(right.trace);
  const at = divergentIndices(divergence);
  const sessionOf = (split: ReturnType<typeof splitBySession>, index: number | null): number | null => {
    if (index === null) return null;
    for (const [sid, events] of split.sessions) if (events.some((e) => e.traceIndex === index)) return sid;
    return null;
  };
  const divergentSession = sessionOf(a, at.left) ?? sessionOf(b, at.right);
  const sids = [...new Set([...a.sessions.keys(), ...b.sessions.keys()])].sort((x, y) =>
    x === divergentSession ? -1 : y === divergentSession ? 1 : x - y,
  );
  const rows = sids.map((sid) => {
    const le = a.sessions.get(sid) ?? [];
    const re = b.sessions.get(sid) ?? [];
    const roles = sessionRoles([...le, ...re]);
    const divergent = sid === divergentSession;
    const side = (
      execution: Execution,
      events: readonly ChartEvent[],
      index: number | null,
      other: number | null,
    ): string =>
      `<figure class="side"><figcaption><strong>${h(execution.lane)}</strong>${execution.status === undefined ? '' : ` · ${h(execution.status)}`} · ${counted(events.length, 'event')}</figcaption>${sequenceChart(
        {
          title: `session ${sid}, ${execution.lane}`,
          roles,
          events,
          highlight: index,
          // This side has no event where the other side's divergent event is: mark where it ends.
          missingAfter: divergent && index === null && other !== null,
        },
      )}</figure>`;
    return [
      `<div class="session${divergent ? ' divergent-session' : ''}" data-session="${sid}">`,
      `<h3>Session ${sid}${divergent ? ' <span class="pill failed">first divergence</span>' : ''}</h3>`,
      '<div class="session-body">',
      `<div class="pair">${side(left, le, divergent ? at.left : null, at.right)}${side(right, re, divergent ? at.right : null, at.left)}</div>`,
      divergent
        ? `<aside class="beside explanation" role="note"><strong>First divergence</strong><p>${h(explanation)}</p></aside>`
        : '',
      '</div></div>',
    ].join('');
  });
  const loose = (
    execution: Execution,
    events: readonly { traceIndex: number; event: BridgeEvent }[],
    index: number | null,
  ): string =>
    events.length === 0
      ? ''
      : `<div><strong>${h(execution.lane)}</strong><ol>${events.map((e) => `<li${e.traceIndex === index ? ' class="divergent" data-divergent="true"' : ''}>#${e.traceIndex} ${h(JSON.stringify(e.event))}</li>`).join('')}</ol></div>`;
  const sessionless =
    a.sessionless.length + b.sessionless.length === 0
      ? ''
      : `<div class="sessionless"><h3>Events outside sessions</h3><div class="pair">${loose(left, a.sessionless, at.left)}${loose(right, b.sessionless, at.right)}</div></div>`;
  const none =
    divergentSession === null
      ? `<aside class="beside explanation" role="note"><strong>First divergence</strong><p>${h(explanation)}</p></aside>`
      : '';
  return `<div class="charts">${none}${rows.join('')}${sessionless}</div>`;
}

function statisticsSection(doc: FuzzReportDocument): string {
  const withStats = doc.properties.filter((p) => p.statistics !== undefined || p.coverage !== undefined);
  if (withStats.length === 0) return '';
  const blocks = withStats.map((p) => {
    const coverage =
      p.coverage === undefined
        ? ''
        : `<div class="coverage"><h4>What this campaign did not exercise</h4>${p.coverage.notSeen.length === 0 ? '<p>Nothing: every known feature was seen.</p>' : `<ul class="not-seen">${p.coverage.notSeen.map((f) => `<li><code>${h(f)}</code></li>`).join('')}</ul>`}<h4>Exercised</h4>${p.coverage.seen.length === 0 ? '<p>none</p>' : `<ul class="seen">${p.coverage.seen.map((f) => `<li><code>${h(f)}</code></li>`).join('')}</ul>`}</div>`;
    const tables = Object.entries(p.statistics ?? {}).map(
      ([dimension, buckets]) =>
        `<table class="stats"><thead><tr><th>${h(dimension)}</th><th>count</th><th>%</th></tr></thead><tbody>${statisticsRows(
          buckets,
        )
          .map(
            (r) =>
              `<tr><td>${h(r.bucket)}</td><td class="num">${r.count}</td><td class="num"><span class="bar" style="width:${Math.max(1, Math.round(Number(r.percent)))}px"></span>${r.percent}</td></tr>`,
          )
          .join('')}</tbody></table>`,
    );
    return `<div class="property-stats" data-property="${h(p.id)}"><h3><code>${h(p.id)}</code></h3>${coverage}<div class="stat-tables">${tables.join('')}</div></div>`;
  });
  return `<section><h2>What was generated</h2>${blocks.join('')}</section>`;
}

import { describe, expect, test } from 'vitest';
import { formatReport, reportFormatOf } from '../../src/fuzz/formatReport.js';
import { stringifyExact, toReportDocument } from '../../src/fuzz/report/reportDocument.js';
import type { CampaignReport, Counterexample } from '../../src/fuzz/types.js';
import type { BridgeEvent } from '../../src/types/bridge.js';

const ev = (kind: string, tick: number, fields: Record<string, unknown> = {}): BridgeEvent => ({
  schema_version: 'lean_bridge.v1',
  kind,
  tick,
  ...fields,
});
const opened = ev('opened', 0, { session: 0, role: 'A,B', roles: ['A', 'B'] });
const send = (tick: number, label: string) => ev('sent', tick, { session: 0, sender: 'A', receiver: 'B', label });
const recv = (tick: number, label: string) => ev('received', tick, { session: 0, sender: 'A', receiver: 'B', label });
const cooperative = [opened, send(1, 'c'), recv(2, 'c'), send(3, 'c'), recv(4, 'c'), ev('halted', 5, { target: '0' })];
const buggy = [opened, send(1, 'c'), recv(2, 'c'), ev('halted', 5, { target: '0' })];
const divergence = {
  kind: 'different',
  leftIndex: 3,
  rightIndex: 3,
  session: null,
  left: cooperative[3],
  right: buggy[3],
  leftLane: 'cooperative',
  rightLane: 'buggy',
  explanation: 'event 3 differs: cooperative sent A->B "c", buggy halted coroutine 0',
};
const counterexample: Counterexample = {
  property: 'lane-buggy-vs-cooperative',
  seed: -5,
  path: '1:0',
  input: { schema_version: 'lean_bridge.v1', choreographies: [], concurrency: 1, max_steps: 2n ** 64n },
  summary: divergence.explanation,
  divergence,
  numShrinks: 3,
  fullyShrunk: true,
  corpusFile: 'corpora/lane-buggy-vs-cooperative/ab.msgpack',
  chunk: 0,
  lanes: { buggy: 'node runner.mjs' },
  replay: "telltale-parity replay corpora/lane-buggy-vs-cooperative/ab.msgpack --lane 'buggy=node runner.mjs'",
  executions: [
    { lane: 'cooperative', status: 'completed', trace: cooperative },
    { lane: 'buggy', status: 'completed', trace: buggy },
  ],
};
const report: CampaignReport = {
  status: 'failed',
  version: '0.1.0',
  node: 'v20.19.0',
  startedAt: '2026-01-02T03:04:05.000Z',
  wallMs: 61_500,
  lanes: { buggy: 'node runner.mjs' },
  corpusDir: 'corpora',
  seed: '7',
  budget: { runs: null, timeMs: 60_000, shard: null, workers: 2 },
  properties: [
    {
      id: 'lane-buggy-vs-cooperative',
      description: 'buggy vs cooperative',
      status: 'failed',
      cases: 12,
      failures: 1,
      seconds: 1.5,
      casesPerSecond: 8,
      counterexamples: ['corpora/lane-buggy-vs-cooperative/ab.msgpack'],
      statistics: { verdict: { accepted: 9, 'rejected: bad roles': 3 }, roles: { '2': 12 } },
      coverage: { seen: ['send', 'recursion'], notSeen: ['choice', 'delegation'] },
    },
    {
      id: 'lean-vs-cooperative',
      description: 'lean',
      status: 'skipped',
      skipped: 'no Lean runner',
      cases: 0,
      failures: 0,
      seconds: 0,
      casesPerSecond: 0,
      counterexamples: [],
    },
  ],
  counterexamples: [counterexample],
  warnings: ["lane 'buggy' was slow: one request took 6.0 s"],
};

describe('report files (issue #13 §3)', () => {
  test('the format follows the file name', () => {
    expect(['r.json', 'r.md', 'R.HTML', 'r.htm', 'r'].map(reportFormatOf)).toStrictEqual([
      'json',
      'markdown',
      'html',
      'html',
      'json',
    ]);
  });

  test('JSON: statistics and coverage are kept; bigints print as exact numbers', () => {
    const text = formatReport(report, 'json');
    expect(text).toContain('"max_steps": 18446744073709551616');
    const doc = toReportDocument(report);
    expect(doc.properties[0]).toMatchObject({
      statistics: report.properties[0]?.statistics,
      coverage: report.properties[0]?.coverage,
    });
    expect(doc.totals).toMatchObject({ properties: 2, cases: 12, counterexamples: 1, failed: 1, skipped: 1 });
    expect(doc.counterexamples[0]).toMatchObject({ replay: counterexample.replay, lanes: counterexample.lanes });
    expect(stringifyExact({ a: -3n, b: 'x\u0000y' })).toBe('{"a":-3,"b":"x\\u0000y"}');
  });

  test('Markdown: statistics as tables with percentages, coverage with what was not exercised first', () => {
    const md = formatReport(report, 'markdown');
    expect(md).toContain('| verdict | count | % |');
    expect(md).toContain('| accepted | 9 | 75.0 |');
    expect(md).toContain('| rejected: bad roles | 3 | 25.0 |');
    expect(md.indexOf('not exercised by this campaign: `choice`, `delegation`')).toBeGreaterThan(-1);
    expect(md.indexOf('not exercised')).toBeLessThan(md.indexOf('- exercised:'));
    expect(md).toContain(
      "- replay: `telltale-parity replay corpora/lane-buggy-vs-cooperative/ab.msgpack --lane 'buggy=node runner.mjs'`",
    );
    expect(md).toContain('## Warnings');
  });

  test('HTML: one self-contained page; per session both runs as SVG charts, the divergence marked and explained', () => {
    const html = formatReport(report, 'html');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    // nothing is fetched: no script, no external resource, a CSP that forbids the network
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|url\(\s*['"]?https?:/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    // the campaign's numbers and every property's status
    expect(html).toMatch(/<dt>seed<\/dt><dd>7<\/dd>/);
    expect(html).toMatch(/<dt>wall time<\/dt><dd>1 min 2 s<\/dd>/);
    expect(html).toContain('<span class="pill failed">failed</span>');
    expect(html).toContain('<span class="pill skipped">skipped</span>');
    // one session, two charts side by side, lifelines A and B, the divergent event on the left
    expect(html.match(/<svg class="msc"/g)).toHaveLength(2);
    expect(html).toContain('<figcaption><strong>cooperative</strong> · completed · 5 events</figcaption>');
    expect(html).toContain('<figcaption><strong>buggy</strong> · completed · 3 events</figcaption>');
    expect(html).toMatch(/<g class="event divergent" data-divergent="true" data-trace-index="3">/);
    expect(html).toContain('◀ first divergence');
    // the explanation beside the charts, the commands, the input
    expect(html).toMatch(
      /<aside class="beside explanation" role="note"><strong>First divergence<\/strong><p>event 3 differs: cooperative sent A-&gt;B &quot;c&quot;, buggy halted coroutine 0<\/p><\/aside>/,
    );
    expect(html).toContain(
      'telltale-parity replay corpora/lane-buggy-vs-cooperative/ab.msgpack --lane &#39;buggy=node runner.mjs&#39;',
    );
    expect(html).toContain('&quot;max_steps&quot;: 18446744073709551616');
    // session-less events (halted) are listed apart, the divergent one marked
    expect(html).toContain('<h3>Events outside sessions</h3>');
    // statistics and coverage, "not exercised" first
    expect(html).toContain(
      '<h4>What this campaign did not exercise</h4><ul class="not-seen"><li><code>choice</code></li>',
    );
    expect(html).toMatch(
      /<td>accepted<\/td><td class="num">9<\/td><td class="num"><span class="bar" style="width:75px"><\/span>75\.0<\/td>/,
    );
  });

  test('HTML: text from the run is escaped, a property without two runs gets no chart', () => {
    const hostile: CampaignReport = {
      ...report,
      counterexamples: [
        {
          ...counterexample,
          property: '<b>x</b>',
          summary: '</pre><script>alert(1)</script>',
          executions: [],
          divergence: null,
        },
      ],
    };
    const html = formatReport(hostile, 'html');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;/pre&gt;&lt;script&gt;');
    expect(html).toContain('No sequence chart');
  });
});

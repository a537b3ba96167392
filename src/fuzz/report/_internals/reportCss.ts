/** The HTML report's styles (inline: the page fetches nothing). */
export const kReportCss = `
:root { --ink: #1d2733; --muted: #5d6b7a; --line: #d8dee6; --bg: #f6f8fa; --card: #fff;
  --pass: #1f7a3d; --fail: #c0262d; --skip: #8a6d00; --stop: #7048b6; --none: #5d6b7a; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 1400px; margin: 0 auto; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 0 0 12px; } h3 { font-size: 15px; margin: 16px 0 8px; }
h4 { font-size: 13px; margin: 8px 0 4px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
section, header.verdict { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin-bottom: 16px; }
header.verdict { border-left: 6px solid var(--none); }
header.verdict.passed { border-left-color: var(--pass); } header.verdict.failed { border-left-color: var(--fail); }
header.verdict.interrupted { border-left-color: var(--stop); }
.status { font-size: 16px; font-weight: 600; margin: 0; }
.verdict.passed .status { color: var(--pass); } .verdict.failed .status { color: var(--fail); } .verdict.interrupted .status { color: var(--stop); }
dl.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 8px 24px; margin: 0; }
dl.facts dt { color: var(--muted); font-size: 12px; } dl.facts dd { margin: 0; word-break: break-word; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; color: var(--muted); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.desc { color: var(--muted); font-size: 12px; max-width: 620px; }
.pill { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff; background: var(--none); white-space: nowrap; }
.pill.passed { background: var(--pass); } .pill.failed { background: var(--fail); } .pill.skipped { background: var(--skip); }
.pill.interrupted { background: var(--stop); }
.counterexample { border-left: 6px solid var(--fail); }
.explanation, aside.beside { background: #fdecec; border: 1px solid #f3b9bc; border-radius: 6px; padding: 10px 14px; margin: 0 0 12px; }
.explanation p, aside.beside p { margin: 4px 0 0; }
.commands > div { display: flex; gap: 8px; align-items: baseline; margin: 6px 0; }
.commands span { color: var(--muted); min-width: 48px; font-size: 12px; }
.commands pre { margin: 0; padding: 6px 10px; background: #0f1720; color: #e6edf3; border-radius: 4px; white-space: pre-wrap; word-break: break-all; flex: 1; }
.session { border-top: 1px dashed var(--line); padding-top: 4px; }
.session-body { display: flex; gap: 16px; align-items: flex-start; flex-wrap: wrap; }
.session-body aside.beside { flex: 0 1 320px; margin: 0; position: sticky; top: 12px; }
.pair { display: flex; gap: 16px; flex-wrap: wrap; align-items: flex-start; }
figure.side { margin: 0; background: #fbfcfd; border: 1px solid var(--line); border-radius: 6px; padding: 8px; overflow-x: auto; max-width: 100%; }
figcaption { font-size: 12px; color: var(--muted); margin-bottom: 4px; }
svg.msc { display: block; }
svg.msc .lifeline { stroke: #9aa7b4; stroke-dasharray: 4 4; }
svg.msc .role { fill: #e8eef5; stroke: #9aa7b4; }
svg.msc .role-name { font: 600 12px system-ui, sans-serif; fill: var(--ink); }
svg.msc .index { font: 11px ui-monospace, monospace; fill: #8795a3; }
svg.msc .message { stroke: #3b4a5e; stroke-width: 1.5; }
svg.msc .message.in-flight { stroke-dasharray: 5 3; }
svg.msc .label { font: 12px ui-monospace, monospace; fill: var(--ink); }
svg.msc .receive { fill: #3b4a5e; }
svg.msc .note { fill: #fff8dc; stroke: #d9c98a; }
svg.msc .note-text { font: 11px system-ui, sans-serif; fill: #5a4b16; }
svg.msc .band { fill: #fbd5d7; }
svg.msc .divergent .message { stroke: var(--fail); stroke-width: 2.5; }
svg.msc .divergent .label, svg.msc .divergent .note-text, svg.msc .marker { fill: var(--fail); font-weight: 700; }
svg.msc .marker { font: 700 11px system-ui, sans-serif; }
svg.msc .divergent .receive { fill: var(--fail); }
.sessionless ol { margin: 4px 0; padding-left: 20px; font: 12px ui-monospace, monospace; }
.sessionless li.divergent { color: var(--fail); font-weight: 700; }
details { margin-top: 12px; } pre.json { background: var(--bg); padding: 10px; border-radius: 4px; overflow: auto; max-height: 420px; }
.no-charts { color: var(--muted); }
.property-stats { margin-bottom: 16px; } .stat-tables { display: flex; flex-wrap: wrap; gap: 16px; }
table.stats { width: auto; min-width: 260px; }
.bar { display: inline-block; height: 8px; background: #7aa7d8; margin-right: 6px; vertical-align: middle; }
ul.not-seen li code { color: var(--fail); }
ul.warnings li { color: var(--skip); }
footer { color: var(--muted); font-size: 12px; text-align: center; padding: 8px; }
`;

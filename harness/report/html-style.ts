/** The HTML report's stylesheet, inlined into the page (nothing is fetched at view time). */

export const HTML_STYLE = `
:root {
  --bg: #f4f5f7; --card: #fff; --ink: #1d2330; --muted: #6b7280; --line: #e3e6eb; --soft: #f8f9fb;
  --ok: #1f8a4c; --ok-bg: #e6f4ec; --bad: #c62f2f; --bad-bg: #fdecec; --warn: #a86500; --warn-bg: #fff4e0;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace;
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 22px; margin: 0 0 4px; letter-spacing: -0.01em; }
h2 { font-size: 18px; margin: 0 0 6px; }
h3 { font-size: 14px; margin: 18px 0 8px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
h4 { font-size: 14px; margin: 0 0 10px; }
h4 .muted { font-weight: normal; font-size: 12px; margin-left: 4px; }
.mono { font-family: var(--mono); font-size: 12.5px; }
.muted { color: var(--muted); }
.small { font-size: 12px; }
.sep { color: #b3b8c2; margin: 0 2px; }
.run-header { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 16px; align-items: flex-end; margin-bottom: 18px; }
.run-header p { margin: 0; color: var(--muted); }
.tiles { display: flex; gap: 10px; }
.tile { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 8px 14px; min-width: 88px; text-align: center; }
.tile b { display: block; font-size: 22px; line-height: 1.2; }
.tile span { font-size: 12px; color: var(--muted); }
.tile.ok b { color: var(--ok); } .tile.bad b { color: var(--bad); } .tile.warn b { color: var(--warn); }
.card, .variant { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 18px 20px; margin-bottom: 18px;
  box-shadow: 0 1px 2px rgba(16, 24, 40, .04); }
.variant { border-left: 5px solid var(--ok); }
.variant.failed { border-left-color: var(--bad); }
.variant.error, .variant.inconclusive { border-left-color: var(--warn); }
.variant header .facts { margin: 0; color: var(--muted); }
.badge { display: inline-block; font-size: 12px; font-weight: 600; padding: 2px 9px; border-radius: 999px; vertical-align: 2px; margin-right: 6px; }
.badge.passed { background: var(--ok-bg); color: var(--ok); }
.badge.failed { background: var(--bad-bg); color: var(--bad); }
.badge.error, .badge.inconclusive { background: var(--warn-bg); color: var(--warn); }
.pills { margin: 8px 0 0; display: flex; flex-wrap: wrap; gap: 6px; align-items: center; font-size: 12px; color: var(--muted); }
.pill { display: inline-flex; align-items: center; gap: 5px; font-size: 12px; padding: 1px 8px; border-radius: 999px;
  background: var(--soft); border: 1px solid var(--line); color: var(--ink); font-weight: 500; }
.pill.bad { background: var(--bad-bg); border-color: #f5c2c2; }
.pill.warn { background: var(--warn-bg); border-color: #f3d8a6; }
.pill.ok { background: var(--ok-bg); border-color: #bfe3cd; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; }
.swatch.dot { border-radius: 50%; } .swatch.diamond { transform: rotate(45deg) scale(.8); }
.swatch.band { background: #dbe8f7; border: 1px solid #b9d1ee; width: 18px; border-radius: 5px; }
.count { font-size: 12px; text-transform: none; letter-spacing: 0; margin-left: 6px; padding: 1px 8px; border-radius: 999px; }
.count.bad { background: var(--bad-bg); color: var(--bad); } .count.ok { background: var(--ok-bg); color: var(--ok); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: baseline; }
thead th { font-size: 12px; font-weight: 600; color: var(--muted); background: var(--soft); }
tr:last-child td, tr:last-child th { border-bottom: 0; }
.summary td a { color: inherit; text-decoration: none; border-bottom: 1px dotted #9aa3ad; }
.verdicts { border: 1px solid var(--line); border-radius: 8px; overflow: hidden; border-collapse: separate; border-spacing: 0; }
.verdicts td:first-child { width: 84px; white-space: nowrap; }
tr.fail td { background: var(--bad-bg); }
.versions td.fail { background: var(--bad-bg); } .versions td.errored { background: var(--warn-bg); }
.versions td a { border-bottom: 0; }
tr.errored td { background: var(--warn-bg); }
tr.errored td:first-child { box-shadow: inset 4px 0 0 #e0a21b; }
tr.fail td:first-child { box-shadow: inset 4px 0 0 var(--bad); }
tr.fail .measured { color: var(--bad); font-weight: 600; }
.mark { font-weight: 600; font-size: 12px; } .mark.ok { color: var(--ok); } .mark.bad { color: var(--bad); } .mark.warn { color: var(--warn); }
.grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 14px; margin-top: 18px; }
.panel { border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; background: #fff; min-width: 0; }
.panel.wide { grid-column: 1 / -1; }
@media (max-width: 820px) { .grid { grid-template-columns: 1fr; } }
.chart { display: block; width: 100%; height: auto; overflow: visible; }
.chart text { font-size: 11px; fill: #4b5563; }
.chart .axis { fill: #8a919c; font-size: 10.5px; }
.chart .label { fill: #374151; font-size: 12px; }
.chart .mono { font-family: var(--mono); font-size: 11.5px; }
.chart .value { fill: #111827; font-weight: 600; }
.chart .grid { stroke: #edf0f3; stroke-width: 1; }
.chart .axis-line { stroke: #b7bec8; stroke-width: 1; }
.chart .track { stroke: #c7ced8; stroke-width: 2; }
.chart .band { fill: #dbe8f7; stroke: #b9d1ee; stroke-width: 1; }
.chart .value-note { fill: #6b7280; font-size: 11px; }
.chart .strong { fill: #111827; font-weight: 600; }
.chart .marker line { stroke: #111827; stroke-width: 1.2; stroke-dasharray: 4 3; }
.chart .marker text { fill: #111827; font-weight: 600; }
.chart .muted { fill: var(--muted); }
.legend { list-style: none; margin: 8px 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12px; }
.legend li { display: inline-flex; align-items: center; gap: 5px; }
.numbers td, .numbers th { text-align: right; font-variant-numeric: tabular-nums; padding: 4px 8px; font-size: 12.5px; }
.numbers th[scope=row], .numbers.left td, .numbers.left th { text-align: left; }
.empty { color: var(--muted); font-style: italic; margin: 6px 0; }
.empty.ok { color: var(--ok); font-style: normal; }
.details { margin-top: 14px; display: grid; gap: 8px; }
details { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; background: var(--soft); }
details > summary { cursor: pointer; font-weight: 600; font-size: 13px; }
details[open] > summary { margin-bottom: 8px; }
pre { margin: 0; white-space: pre-wrap; word-break: break-word; font-family: var(--mono); font-size: 12px; }
pre.log { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; max-height: 360px; overflow: auto; }
.error-box { background: var(--warn-bg); border: 1px solid #f3d8a6; border-radius: 8px; padding: 10px 14px; margin-top: 12px; }
.error-box p { margin: 0 0 6px; } .error-box .hint { margin: 8px 0 0; }
.note { border-radius: 8px; padding: 8px 12px; background: var(--soft); border: 1px solid var(--line); }
.note.warn { background: var(--warn-bg); border-color: #f3d8a6; }
.note ul { margin: 4px 0 0; padding-left: 18px; }
footer { color: var(--muted); font-size: 12px; text-align: center; margin-top: 24px; }
`;

/**
 * The HTML report (`report.html`): one self-contained page, with the stylesheet and every chart
 * (inline SVG drawn here, no script) in the file and a Content-Security-Policy that forbids
 * fetching anything, so it opens the same offline, from a CI artifact or an email.
 * Pure: a RunReport in, the page out.
 */
import { gateCard } from './gate-html.js';
import { formatMs } from '../scenario/units.js';
import { HTML_STYLE } from './html-style.js';
import { versionTableHtml } from './html-version-table.js';
import { renderVariantSection, variantAnchor } from './html-variant.js';
import { failureHeadline, requestCount, runDurationMs, statusMixText } from './report-facts.js';
import type { RunReport, VariantResult } from './run-report.js';
import type { ChartMarker } from './svg-status-chart.js';
import { escapeHtml as esc } from './text-escape.js';

export const HTML_REPORT_FILE = 'report.html';

/** Nothing may be fetched: no scripts, styles only inline, images only from data: URLs. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export interface HtmlReportOptions {
  /** moments to mark on a variant's status chart (chaos actions), in ms since load start */
  markers?: (result: VariantResult) => ChartMarker[];
}

export function renderHtmlReport(report: RunReport, options: HtmlReportOptions = {}): string {
  const s = report.summary;
  const title = `badgateway ${s.failed + s.errored + s.inconclusive > 0 ? '✘' : '✔'} ${s.passed}/${s.variants} passed · ${report.runId}`;
  const sections = report.results.map((result, i) => renderVariantSection(result, i, options.markers?.(result) ?? []));
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<link rel="icon" href="data:,">',
    `<title>${esc(title)}</title>`,
    `<style>${HTML_STYLE}</style>`,
    '</head>',
    '<body><main>',
    runHeader(report),
    report.gate ? gateCard(report.gate) : '',
    summaryTable(report.results),
    versionTableHtml(report.results),
    ...sections,
    `<footer>badgateway ${esc(report.badgateway)} · report schema ${report.schemaVersion} · run ${esc(report.runId)}</footer>`,
    '</main></body>',
    '</html>',
    '',
  ].join('\n');
}

function runHeader(report: RunReport): string {
  const s = report.summary;
  const took = runDurationMs(report);
  const host = report.host;
  const facts = [
    `run <span class="mono">${esc(report.runId)}</span>`,
    `started ${esc(report.startedAt)}${took !== undefined ? `, took ${esc(formatMs(took))}` : ''}`,
    `${esc(host.platform)} ${esc(host.arch)}, ${host.cpus} cpus, node ${esc(host.node)}`,
  ];
  const tile = (n: number, label: string, tone: string) => `<div class="tile ${n > 0 ? tone : ''}"><b>${n}</b><span>${label}</span></div>`;
  return '<div class="run-header"><div>'
    + `<h1>badgateway report</h1><p>${facts.join(' <span class="sep">·</span> ')}</p>`
    + (report.interrupted ? `<p><b>Interrupted: not a complete run.</b> ${report.interrupted.finished} of ${report.interrupted.planned} variant(s) ran; ${esc(report.interrupted.reason)}.</p>` : '')
    + '</div>'
    + `<div class="tiles">${tile(s.variants, s.variants === 1 ? 'variant' : 'variants', '')}${tile(s.passed, 'passed', 'ok')}`
    + `${tile(s.failed, 'failed', 'bad')}${tile(s.inconclusive, 'inconclusive', 'warn')}${tile(s.errored, 'errored', 'warn')}</div></div>`;
}

function summaryTable(results: VariantResult[]): string {
  if (results.length === 0) return '<div class="card"><p class="empty">No variants ran.</p></div>';
  const rows = results.map((r, i) => {
    const obs = r.observation;
    const outcome = r.outcome === 'failed' || r.outcome === 'inconclusive' ? `${failureHeadline(r)}` : r.outcome === 'error' ? `${r.error?.kind ?? 'internal'} error` : 'passed';
    return `<tr class="${r.outcome === 'failed' ? 'fail' : r.outcome === 'error' || r.outcome === 'inconclusive' ? 'errored' : ''}"><td><span class="badge ${r.outcome}">${r.outcome}</span></td>`
      + `<td><a href="#${variantAnchor(i)}">${esc(r.scenario)}</a></td><td><a href="#${variantAnchor(i)}">${esc(r.variant)}</a></td>`
      + `<td>${esc(outcome)}</td><td class="num">${obs !== undefined ? requestCount(obs) : '–'}</td>`
      + `<td class="mono">${obs !== undefined ? esc(statusMixText(obs)) : '–'}</td></tr>`;
  });
  return '<div class="card"><table class="summary"><thead><tr><th>outcome</th><th>scenario</th><th>variant</th><th>result</th><th>requests</th><th>status mix</th></tr></thead>'
    + `<tbody>${rows.join('')}</tbody></table></div>`;
}

/**
 * One variant's section of the HTML report: what ran and how it ended, the verdict table, then
 * the charts drawn from its Observation (status codes over time, client latency, upstream
 * timings, error-log signatures) and the facts behind them.
 */
import type { Observation, TimingSummary } from '../observe/observation.js';
import {
  configBlock, containerTable, errorBox, reconciliationNote, sequenceTable, unknownLines, verdictTable,
} from './html-tables.js';
import { failedVerdicts, loadLine, statusMix, type MixEntry } from './report-facts.js';
import type { VariantResult } from './run-report.js';
import { statusColor, statusTone, TRANSPORT_COLOR } from './status-colors.js';
import { renderSignatureChart } from './svg-signature-chart.js';
import { renderStatusChart, type ChartMarker } from './svg-status-chart.js';
import { renderLatencyChart, renderTimingTable, renderUpstreamTimingChart, type TimingRow } from './svg-timing-charts.js';
import { escapeHtml as esc } from './text-escape.js';

const OUTCOME_LABEL = { passed: '✔ passed', failed: '✘ failed', inconclusive: '? inconclusive', error: '! error' } as const;

/** The id of a variant's section, for links from the summary table. */
export function variantAnchor(index: number): string {
  return `variant-${index + 1}`;
}

/**
 * markers: moments to mark on the status chart (chaos actions), in ms since load start.
 * Observations carry none yet; the caller passes them once they do.
 */
export function renderVariantSection(result: VariantResult, index: number, markers: ChartMarker[] = []): string {
  const obs = result.observation;
  const parts = [
    `<section class="variant ${result.outcome}" id="${variantAnchor(index)}">`,
    header(result),
    result.outcome === 'error' ? errorBox(result.error) : '',
    `<h3>Expectations${verdictCount(result)}</h3>`,
    verdictTable(result.verdicts),
    obs !== undefined ? observationPanels(obs, markers) : '<p class="empty">Nothing was measured for this variant.</p>',
    '</section>',
  ];
  return parts.filter((part) => part !== '').join('\n');
}

function header(result: VariantResult): string {
  const obs = result.observation;
  const facts = [`<span class="mono">${esc(result.file)}</span>`];
  if (obs !== undefined) {
    facts.push(esc(loadLine(obs)), `nginx ${esc(obs.nginxVersion)} <span class="muted">(${esc(obs.images.nginx)})</span>`);
  }
  const mix = obs !== undefined ? `<p class="pills">${statusMix(obs).map(mixPill).join(' ')}</p>` : '';
  return `<header><h2><span class="badge ${result.outcome}">${OUTCOME_LABEL[result.outcome]}</span> `
    + `${esc(result.scenario)} <span class="sep">/</span> ${esc(result.variant)}</h2>`
    + `<p class="facts">${facts.join(' <span class="sep">·</span> ')}</p>${mix}</header>`;
}

function mixPill(entry: MixEntry): string {
  const color = entry.kind === 'status' ? statusColor(entry.label) : TRANSPORT_COLOR;
  const tone = entry.kind === 'status' ? statusTone(entry.label) : 'neutral';
  return `<span class="pill ${tone}"><span class="swatch" style="background:${color}"></span>${esc(entry.label)} × ${entry.count}</span>`;
}

function verdictCount(result: VariantResult): string {
  if (result.verdicts.length === 0) return '';
  const failed = failedVerdicts(result).length;
  return failed > 0
    ? ` <span class="count bad">${failed} of ${result.verdicts.length} failed</span>`
    : ` <span class="count ok">all ${result.verdicts.length} held</span>`;
}

function observationPanels(obs: Observation, markers: ChartMarker[]): string {
  const c = obs.client;
  const timingRows: TimingRow[] = [
    { label: 'connect', timing: obs.accessLog.upstreamConnectTime },
    { label: 'header', timing: obs.accessLog.upstreamHeaderTime },
    { label: 'response', timing: obs.accessLog.upstreamResponseTime },
    { label: 'request', timing: obs.accessLog.requestTime },
  ];
  const statusPanel = panel(
    'Status codes over time',
    `client responses per ${formatInterval(c.intervalMs)}, stacked by status`,
    renderStatusChart({ series: c.series, intervalMs: c.intervalMs, markers }),
    'wide',
  );
  const latencyPanel = panel('Client latency', `${c.latency.count} responses`, renderLatencyChart(c.latency));
  const upstreamPanel = panel(
    'Upstream timing',
    'access log: connect, header and response time per upstream attempt; nginx request time',
    renderUpstreamTimingChart(timingRows),
  );
  const signaturePanel = panel('Error-log signatures', `${obs.errorLog.total} ${obs.errorLog.total === 1 ? 'line' : 'lines'}`, renderSignatureChart(obs.errorLog));
  const sequencePanel = panel('Upstream status sequences', '$upstream_status per request', sequenceTable(obs));
  const details = [
    reconciliationNote(obs),
    unknownLines(obs),
    `<details><summary>Timing numbers</summary>${renderTimingTable([...clientLatencyRows(c), ...timingRows])}</details>`,
    containerTable(obs.containers),
    configBlock(obs),
  ].filter((part) => part !== '');
  return `<div class="grid">${statusPanel}${latencyPanel}${upstreamPanel}${signaturePanel}${sequencePanel}</div>`
    + `<div class="details">${details.join('')}</div>`;
}

function panel(title: string, subtitle: string, body: string, size = ''): string {
  return `<div class="${size === '' ? 'panel' : `panel ${size}`}"><h4>${esc(title)} <span class="muted">${esc(subtitle)}</span></h4>${body}</div>`;
}

function formatInterval(ms: number): string {
  return ms === 1000 ? 'second' : ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** Client latency rows: corrected and uncorrected in the open model, and per outcome. */
function clientLatencyRows(c: Observation['client']): { label: string; timing: TimingSummary }[] {
  const corrected = c.latencyBasis === 'intended-start';
  const rows = [{ label: corrected ? 'client latency from the intended start (corrected)' : 'client latency', timing: c.latency }];
  if (corrected && c.latencyFromSend) rows.push({ label: 'client latency from the send (uncorrected)', timing: c.latencyFromSend });
  for (const [outcome, latency] of Object.entries(c.latencyByOutcome ?? {})) rows.push({ label: `… ${outcome}`, timing: latency.latency });
  return rows;
}

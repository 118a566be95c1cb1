/**
 * Timing charts as inline SVG: client latency percentiles as horizontal bars, and the access
 * log's upstream timings (connect, header, response, request) as one dot row each on a shared
 * axis (log when the values span more than 100×), with the numbers in a table beneath.
 */
import type { TimingSummary } from '../observe/observation.js';
import { formatMs } from '../scenario/units.js';
import { escapeHtml as esc } from './text-escape.js';
import { durationScale, linearScale, px, shortMs, type Scale } from './svg-scale.js';

export interface TimingRow {
  label: string;
  timing: TimingSummary;
}

const PERCENTILES = [
  { key: 'p50', pick: (t: TimingSummary) => t.p50Ms, color: '#9ec5f0' },
  { key: 'p90', pick: (t: TimingSummary) => t.p90Ms, color: '#5b9be0' },
  { key: 'p95', pick: (t: TimingSummary) => t.p95Ms, color: '#2f74c8' },
  { key: 'p99', pick: (t: TimingSummary) => t.p99Ms, color: '#1d4f93' },
  { key: 'max', pick: (t: TimingSummary) => t.maxMs, color: '#0f2c55' },
] as const;

const WIDTH = 440;

/** Client latency: one bar per percentile (p50, p90, p95, p99, max). */
export function renderLatencyChart(latency: TimingSummary): string {
  if (latency.count === 0) return '<p class="empty">No latency samples.</p>';
  const left = 40;
  const right = 70;
  const rowH = 30;
  const top = 6;
  const plotW = WIDTH - left - right;
  const height = top + PERCENTILES.length * rowH + 22;
  const scale = linearScale(latency.maxMs, plotW, 4);
  const parts: string[] = [...xAxis(scale, left, top, top + PERCENTILES.length * rowH)];
  PERCENTILES.forEach((p, i) => {
    const value = p.pick(latency);
    const y = top + i * rowH + 6;
    const w = Math.max(1, scale.at(value));
    parts.push(`<text class="label" x="${left - 8}" y="${y + 13}" text-anchor="end">${p.key}</text>`);
    parts.push(`<rect class="latency-bar" data-p="${p.key}" x="${left}" y="${y}" width="${px(w)}" height="18" rx="2" fill="${p.color}">`
      + `<title>${p.key}: ${esc(formatMs(value))}</title></rect>`);
    parts.push(`<text class="value" x="${px(left + w + 6)}" y="${y + 13}">${esc(formatMs(value))}</text>`);
  });
  const label = `Client latency percentiles over ${latency.count} responses`;
  return `<svg class="chart latency-chart" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${esc(label)}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`;
}

/** Upstream timings: a dot per percentile and a band from p50 to p95, one row per timing. */
export function renderUpstreamTimingChart(rows: TimingRow[]): string {
  const measured = rows.filter((r) => r.timing.count > 0);
  if (measured.length === 0) return '<p class="empty">No upstream timings in the access log.</p>';
  const left = 70;
  const right = 150;
  const rowH = 32;
  const top = 8;
  const plotW = WIDTH - left - right;
  const bottom = top + rows.length * rowH;
  const scale = durationScale(measured.flatMap((r) => PERCENTILES.map((p) => p.pick(r.timing))), plotW);
  const all = measured.flatMap((r) => [r.timing.minMs, r.timing.p50Ms]);
  const belowAxis = scale.log && all.some((v) => v < (scale.ticks[0]?.value ?? 0));
  const parts: string[] = [...xAxis(scale, left, top, bottom, belowAxis)];
  rows.forEach((row, i) => {
    const cy = top + i * rowH + rowH / 2;
    parts.push(`<text class="label" x="${left - 8}" y="${cy + 4}" text-anchor="end">${esc(row.label)}</text>`);
    const t = row.timing;
    if (t.count === 0) {
      parts.push(`<text class="muted" x="${left + 4}" y="${cy + 4}">no samples</text>`);
      return;
    }
    const x = (ms: number) => left + scale.at(ms);
    parts.push(`<line class="track" x1="${px(x(t.minMs))}" x2="${px(x(t.maxMs))}" y1="${cy}" y2="${cy}"/>`);
    parts.push(`<rect class="band" x="${px(x(t.p50Ms) - 6)}" y="${cy - 8}" width="${px(x(t.p95Ms) - x(t.p50Ms) + 12)}" height="16" rx="8"/>`);
    parts.push(`<text class="value-note" x="${WIDTH - right + 10}" y="${cy + 4}">p50 <tspan class="strong">${esc(formatMs(t.p50Ms))}</tspan>`
      + ` · p99 <tspan class="strong">${esc(formatMs(t.p99Ms))}</tspan></text>`);
    for (const p of PERCENTILES) {
      const value = p.pick(t);
      const title = `<title>${esc(`${row.label} ${p.key}: ${formatMs(value)} (${t.count} samples)`)}</title>`;
      parts.push(p.key === 'max'
        ? `<path class="point" data-p="max" d="M${px(x(value))} ${cy - 6}l5 6l-5 6l-5 -6z" fill="${p.color}">${title}</path>`
        : `<circle class="point" data-p="${p.key}" cx="${px(x(value))}" cy="${cy}" r="4.5" fill="${p.color}">${title}</circle>`);
    }
  });
  const label = `Upstream timing percentiles${scale.log ? ' (log scale)' : ''}`;
  return `<svg class="chart upstream-chart" viewBox="0 0 ${WIDTH} ${bottom + 22}" role="img" aria-label="${esc(label)}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`
    + percentileLegend(scale.log);
}

/** The numbers behind the timing charts: samples, min, mean, p50, p90, p95, p99, p99.9, max. */
export function renderTimingTable(rows: TimingRow[]): string {
  const head = ['', 'samples', 'min', 'mean', 'p50', 'p90', 'p95', 'p99', 'p99.9', 'max'];
  const body = rows.map((r) => {
    const t = r.timing;
    const cells = t.count === 0
      ? [`<td colspan="${head.length - 2}" class="muted">no samples</td>`]
      : [t.minMs, t.meanMs, t.p50Ms, t.p90Ms, t.p95Ms, t.p99Ms, t.p999Ms, t.maxMs].map((ms) => `<td>${esc(formatMs(ms))}</td>`);
    return `<tr><th scope="row">${esc(r.label)}</th><td>${t.count}</td>${cells.join('')}</tr>`;
  });
  return `<table class="numbers"><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${body.join('')}</tbody></table>`;
}

/** belowAxis: values below the first tick sit on it (a log axis has no 0), so it reads "≤ 1ms" */
function xAxis(scale: Scale, left: number, top: number, bottom: number, belowAxis = false): string[] {
  return scale.ticks.flatMap((tick, i) => [
    `<line class="grid" x1="${px(left + tick.at)}" x2="${px(left + tick.at)}" y1="${top}" y2="${bottom}"/>`,
    `<text class="axis" x="${px(left + tick.at)}" y="${bottom + 15}" text-anchor="middle">${i === 0 && belowAxis ? '≤' : ''}${shortMs(tick.value)}</text>`,
  ]);
}

function percentileLegend(log: boolean): string {
  const items = PERCENTILES.map((p) => `<li><span class="swatch${p.key === 'max' ? ' diamond' : ' dot'}" style="background:${p.color}"></span>${p.key}</li>`);
  items.push('<li><span class="swatch band"></span>p50–p95</li>');
  if (log) items.push('<li class="muted">log scale</li>');
  return `<ul class="legend">${items.join('')}</ul>`;
}

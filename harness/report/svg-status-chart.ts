/**
 * Status codes over time: one stacked bar per client interval (client.series), one segment per
 * status plus one for failed requests (no complete response), with optional vertical markers
 * (chaos actions, given as { atMs, label } from load start). Pure: returns an inline <svg> and its
 * HTML legend.
 */
import type { IntervalCounts } from '../observe/observation.js';
import { escapeHtml as esc } from './text-escape.js';
import { compareStatus, statusColor, TRANSPORT_COLOR } from './status-colors.js';
import { linearScale, px, shortCount } from './svg-scale.js';

/** A moment to mark on a time chart, in milliseconds since load start. */
export interface ChartMarker {
  atMs: number;
  label: string;
}

export interface StatusChartInput {
  series: IntervalCounts[];
  intervalMs: number;
  markers?: ChartMarker[];
}

const WIDTH = 1000;
const HEIGHT = 260;
const M = { left: 44, right: 14, top: 24, bottom: 30 };
const PLOT_W = WIDTH - M.left - M.right;
const PLOT_H = HEIGHT - M.top - M.bottom;
const TRANSPORT = 'failed';
/** x-axis labels every k intervals, for the smallest k that keeps at most 8 labels */
const LABEL_STEPS = [1, 2, 5, 10, 15, 20, 30, 60, 120, 300];

interface Segment {
  key: string;
  count: number;
}

export function renderStatusChart(input: StatusChartInput): string {
  const intervalMs = input.intervalMs > 0 ? input.intervalMs : 1000;
  const markers = input.markers ?? [];
  if (input.series.length === 0) return '<p class="empty">No responses were recorded.</p>';
  const slots = Math.max(...input.series.map((s) => Math.round(s.startMs / intervalMs))) + 1;
  const domainMs = Math.max(slots * intervalMs, ...markers.map((m) => m.atMs));
  const xAt = (ms: number) => M.left + (Math.max(0, ms) / domainMs) * PLOT_W;
  const stacks = input.series.map((s) => ({ startMs: s.startMs, segments: segmentsOf(s) }));
  const y = linearScale(Math.max(...stacks.map((s) => total(s.segments))), PLOT_H, 4);
  const slotW = (intervalMs / domainMs) * PLOT_W;
  const barW = Math.max(1, slotW * (slotW > 6 ? 0.78 : 1));

  const parts: string[] = [];
  for (const tick of y.ticks) {
    const ty = M.top + PLOT_H - tick.at;
    parts.push(`<line class="grid" x1="${M.left}" x2="${WIDTH - M.right}" y1="${px(ty)}" y2="${px(ty)}"/>`);
    parts.push(`<text class="axis" x="${M.left - 6}" y="${px(ty + 4)}" text-anchor="end">${shortCount(tick.value)}</text>`);
  }
  const axisSlots = Math.ceil(domainMs / intervalMs);
  const labelEvery = LABEL_STEPS.find((k) => axisSlots / k <= 8) ?? Math.ceil(axisSlots / 8);
  for (let i = 0; i <= axisSlots; i += labelEvery) {
    const tx = xAt(i * intervalMs);
    parts.push(`<text class="axis" x="${px(tx)}" y="${HEIGHT - M.bottom + 16}" text-anchor="middle">${seconds(i * intervalMs)}</text>`);
  }
  for (const stack of stacks) {
    const x = xAt(stack.startMs) + (slotW - barW) / 2;
    let base = M.top + PLOT_H;
    const range = `${seconds(stack.startMs)}–${seconds(stack.startMs + intervalMs)}`;
    for (const segment of stack.segments) {
      const h = y.at(segment.count);
      base -= h;
      const color = segment.key === TRANSPORT ? TRANSPORT_COLOR : statusColor(segment.key);
      parts.push(`<rect class="bar" data-status="${esc(segment.key)}" x="${px(x)}" y="${px(base)}" width="${px(barW)}" height="${px(h)}" fill="${color}">`
        + `<title>${esc(`${range}: ${segment.key} × ${segment.count}`)}</title></rect>`);
    }
  }
  parts.push(`<line class="axis-line" x1="${M.left}" x2="${WIDTH - M.right}" y1="${M.top + PLOT_H}" y2="${M.top + PLOT_H}"/>`);
  for (const marker of markers) parts.push(renderMarker(marker, xAt(marker.atMs)));

  const label = `Responses per ${seconds(intervalMs)} interval by status`;
  const svg = `<svg class="chart status-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${esc(label)}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`;
  return svg + renderLegend(stacks.flatMap((s) => s.segments));
}

function renderMarker(marker: ChartMarker, x: number): string {
  const nearEnd = x > WIDTH - M.right - 140;
  const anchor = nearEnd ? 'end' : 'start';
  const tx = nearEnd ? x - 4 : x + 4;
  return `<g class="marker"><title>${esc(`${seconds(marker.atMs)}: ${marker.label}`)}</title>`
    + `<line x1="${px(x)}" x2="${px(x)}" y1="${M.top - 14}" y2="${M.top + PLOT_H}"/>`
    + `<text x="${px(tx)}" y="${M.top - 6}" text-anchor="${anchor}">${esc(marker.label)}</text></g>`;
}

function renderLegend(segments: Segment[]): string {
  const totals = new Map<string, number>();
  for (const s of segments) totals.set(s.key, (totals.get(s.key) ?? 0) + s.count);
  const keys = [...totals.keys()].sort(byStackOrder);
  const items = keys.map((key) => {
    const color = key === TRANSPORT ? TRANSPORT_COLOR : statusColor(key);
    return `<li><span class="swatch" style="background:${color}"></span>${esc(key)} <span class="muted">${totals.get(key) ?? 0}</span></li>`;
  });
  return `<ul class="legend">${items.join('')}</ul>`;
}

function segmentsOf(interval: IntervalCounts): Segment[] {
  const segments = Object.entries(interval.statuses)
    .filter(([, n]) => n > 0)
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => byStackOrder(a.key, b.key));
  if (interval.failed > 0) segments.push({ key: TRANSPORT, count: interval.failed });
  return segments;
}

function byStackOrder(a: string, b: string): number {
  if (a === TRANSPORT || b === TRANSPORT) return a === b ? 0 : a === TRANSPORT ? 1 : -1;
  return compareStatus(a, b);
}

function total(segments: Segment[]): number {
  return segments.reduce((sum, s) => sum + s.count, 0);
}

function seconds(ms: number): string {
  return `${Math.round(ms) / 1000}s`;
}

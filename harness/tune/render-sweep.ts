/** A sweep as a console table, a bar chart of the error share against the value, and an SVG (pure). */
import { formatMs } from '../scenario/units.js';
import type { Recommendation, SweepPoint } from './recommend.js';

const BAR_WIDTH = 40;

export function renderSweepTable(points: SweepPoint[], params: string[]): string {
  const header = [...params, 'requests', '502', '504', '5xx', 'p50', 'p95', 'p99', 'upstream p50', 'upstream p99'];
  const rows = points.map((p) => [
    ...params.map((name) => p.values[name] ?? ''),
    String(p.requests), pct(p.share502), pct(p.share504), pct(p.share5xx),
    formatMs(p.latencyP50Ms), formatMs(p.latencyP95Ms), formatMs(p.latencyP99Ms),
    p.upstreamHeaderSamples ? formatMs(p.upstreamHeaderP50Ms) : '—', p.upstreamHeaderSamples ? formatMs(p.upstreamHeaderP99Ms) : '—',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** "1s        |██████████              | 12.5%" per point, 5xx share against the value. */
export function renderSweepChart(points: SweepPoint[], params: string[]): string {
  const top = Math.max(...points.map((p) => p.share5xx), 1);
  const labels = points.map((p) => params.map((n) => p.values[n]).join(' '));
  const width = Math.max(...labels.map((l) => l.length));
  return points
    .map((p, i) => `${labels[i]!.padEnd(width)} |${'█'.repeat(Math.round((p.share5xx / top) * BAR_WIDTH)).padEnd(BAR_WIDTH)}| ${pct(p.share5xx)}`)
    .join('\n');
}

export function renderSweepSvg(points: SweepPoint[], params: string[], recommendation: Recommendation): string {
  const w = 640;
  const h = 280;
  const left = 56;
  const bottom = 48;
  const top = Math.max(...points.map((p) => p.share5xx), 1);
  const step = (w - left - 16) / Math.max(points.length, 1);
  const bars = points.map((p, i) => {
    const height = ((h - bottom - 16) * p.share5xx) / top;
    const label = params.map((n) => p.values[n]).join(' ');
    const chosen = recommendation.value !== null && p.values[recommendation.param] === recommendation.value;
    return `<rect x="${left + i * step + 4}" y="${h - bottom - height}" width="${step - 8}" height="${height}" fill="${chosen ? '#2e7d32' : '#c62828'}"><title>${esc(label)}: ${pct(p.share5xx)}</title></rect>`
      + `<text x="${left + i * step + step / 2}" y="${h - bottom + 16}" font-size="11" text-anchor="middle">${esc(label)}</text>`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif">`,
    `<text x="${left}" y="14" font-size="13">5xx share against ${esc(params.join(' × '))}${recommendation.value ? ` (green: recommended ${esc(recommendation.value)})` : ''}</text>`,
    `<line x1="${left}" y1="${h - bottom}" x2="${w - 8}" y2="${h - bottom}" stroke="#888"/>`,
    `<text x="${left - 6}" y="${h - bottom}" font-size="11" text-anchor="end">0%</text>`,
    `<text x="${left - 6}" y="28" font-size="11" text-anchor="end">${pct(top)}</text>`,
    ...bars,
    '</svg>',
    '',
  ].join('\n');
}

const pct = (share: number) => `${Number(share.toFixed(2))}%`;
const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

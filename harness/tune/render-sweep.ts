/**
 * A sweep as a console table, a chart of the failed share with its interval against the value,
 * and an SVG of the same (pure). In the chart, █ runs to the measured share and ░ from there to
 * the interval's upper end; the interval's ends are printed beside it, with the point's result.
 */
import { formatInterval } from '../expect/judge.js';
import { formatMs } from '../scenario/units.js';
import type { Recommendation } from './recommend.js';
import type { SweepPoint } from './sweep-point.js';

const BAR_WIDTH = 40;

export function renderSweepTable(points: SweepPoint[], params: string[]): string {
  const header = [...params, 'requests', 'failed', 'interval', '502', '504', 'unanswered', 'result', 'p50', 'p99', 'upstream p99'];
  const rows = points.map((p) => [
    ...params.map((name) => p.values[name] ?? ''),
    String(p.requests), `${pct(p.failedShare)} (${p.failed})`, ci(p), String(p.status502), String(p.status504), String(p.unanswered), p.result,
    p.requests ? formatMs(p.latencyP50Ms) : '—', p.requests ? formatMs(p.latencyP99Ms) : '—', p.upstreamHeaderSamples ? formatMs(p.upstreamHeaderP99Ms) : '—',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** "3s   |███░░░          | 2.1% (95% CI 1.2–3.5%) fail" per point. */
export function renderSweepChart(points: SweepPoint[], params: string[]): string {
  const top = scaleTop(points);
  const labels = points.map((p) => params.map((n) => p.values[n]).join(' '));
  const width = Math.max(...labels.map((l) => l.length));
  return points
    .map((p, i) => {
      const share = Math.round((p.failedShare / top) * BAR_WIDTH);
      const high = Math.max(share, Math.round((Math.min(p.failedInterval.highPct, top) / top) * BAR_WIDTH));
      const bar = `${'█'.repeat(share)}${'░'.repeat(high - share)}`.padEnd(BAR_WIDTH);
      return `${labels[i]!.padEnd(width)} |${bar}| ${pct(p.failedShare)} (${ci(p)}) ${p.result}`;
    })
    .join('\n');
}

export function renderSweepSvg(points: SweepPoint[], params: string[], recommendation: Recommendation): string {
  const w = 640;
  const h = 280;
  const left = 56;
  const bottom = 48;
  const top = scaleTop(points);
  const y = (share: number) => h - bottom - ((h - bottom - 24) * Math.min(share, top)) / top;
  const step = (w - left - 16) / Math.max(points.length, 1);
  const chosen = (p: SweepPoint) => recommendation.values !== null && Object.entries(recommendation.values).every(([k, v]) => p.values[k] === v);
  const marks = points.map((p, i) => {
    const label = params.map((n) => p.values[n]).join(' ');
    const x = left + i * step;
    const mid = x + step / 2;
    const fill = chosen(p) ? '#2e7d32' : p.result === 'pass' ? '#90a4ae' : p.result === 'fail' ? '#c62828' : '#f9a825';
    return `<rect x="${x + 4}" y="${y(p.failedShare)}" width="${step - 8}" height="${h - bottom - y(p.failedShare)}" fill="${fill}"><title>${esc(label)}: ${pct(p.failedShare)} (${esc(ci(p))}), ${p.result}</title></rect>`
      + `<line x1="${mid}" y1="${y(p.failedInterval.lowPct)}" x2="${mid}" y2="${y(p.failedInterval.highPct)}" stroke="#000" stroke-width="1.5"/>`
      + `<line x1="${mid - 5}" y1="${y(p.failedInterval.highPct)}" x2="${mid + 5}" y2="${y(p.failedInterval.highPct)}" stroke="#000"/>`
      + `<line x1="${mid - 5}" y1="${y(p.failedInterval.lowPct)}" x2="${mid + 5}" y2="${y(p.failedInterval.lowPct)}" stroke="#000"/>`
      + `<text x="${mid}" y="${h - bottom + 16}" font-size="11" text-anchor="middle">${esc(label)}</text>`;
  });
  const recommended = recommendation.values ? Object.values(recommendation.values).join(' × ') : undefined;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif">`,
    `<text x="${left}" y="14" font-size="13">failed share and its interval against ${esc(params.join(' × '))}${recommended ? ` (green: recommended ${esc(recommended)})` : ''}</text>`,
    `<line x1="${left}" y1="${h - bottom}" x2="${w - 8}" y2="${h - bottom}" stroke="#888"/>`,
    `<text x="${left - 6}" y="${h - bottom}" font-size="11" text-anchor="end">0%</text>`,
    `<text x="${left - 6}" y="${y(top) + 4}" font-size="11" text-anchor="end">${pct(top)}</text>`,
    ...marks,
    '</svg>',
    '',
  ].join('\n');
}

/** The chart's top: the largest interval end of a point that sent requests (an empty point's 100% would flatten the rest). */
function scaleTop(points: SweepPoint[]): number {
  return Math.max(...points.filter((p) => p.requests > 0).map((p) => p.failedInterval.highPct), 1);
}

function ci(p: SweepPoint): string {
  return p.requests === 0 ? 'nothing measured' : formatInterval(p.failedInterval);
}

const pct = (share: number) => `${Number(share.toFixed(2))}%`;
const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

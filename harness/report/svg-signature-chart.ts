/**
 * Error-log signature counts as an inline SVG bar list, largest first, with the signature id
 * above each bar; `unknown` (lines no catalog entry matched) stands out in amber. The levels
 * (error, warn, crit, ...) follow as a line of pills.
 */
import type { ErrorLogSummary } from '../observe/observation.js';
import { positiveEntries } from './report-facts.js';
import { escapeHtml as esc } from './text-escape.js';
import { linearScale, px } from './svg-scale.js';

const WIDTH = 440;
const ROW_H = 36;
const RIGHT = 64;
const KNOWN_COLOR = '#c8574d';
const UNKNOWN_COLOR = '#e0a21b';

export function renderSignatureChart(errorLog: ErrorLogSummary): string {
  const rows = positiveEntries(errorLog.signatureCounts).sort(([, a], [, b]) => b - a);
  if (rows.length === 0) return '<p class="empty ok">The error log is empty: no line at warn level or above.</p>';
  const plotW = WIDTH - RIGHT;
  const scale = linearScale(Math.max(...rows.map(([, n]) => n)), plotW, 4);
  const parts = rows.map(([signature, count], i) => {
    const y = i * ROW_H;
    const w = Math.max(2, scale.at(count));
    const color = signature === 'unknown' ? UNKNOWN_COLOR : KNOWN_COLOR;
    const name = signature === 'unknown' ? 'unknown (no known signature)' : signature;
    return `<text class="label mono" x="0" y="${y + 12}">${esc(name)}</text>`
      + `<rect class="sig-bar" data-signature="${esc(signature)}" x="0" y="${y + 17}" width="${px(w)}" height="12" rx="2" fill="${color}">`
      + `<title>${esc(`${signature}: ${count} ${count === 1 ? 'line' : 'lines'}`)}</title></rect>`
      + `<text class="value" x="${px(w + 6)}" y="${y + 27}">${count}</text>`;
  });
  const height = rows.length * ROW_H + 4;
  const label = `Error-log lines per signature, ${errorLog.total} in all`;
  const svg = `<svg class="chart signature-chart" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${esc(label)}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`;
  return svg + levelPills(errorLog.levelCounts);
}

function levelPills(levels: Record<string, number>): string {
  const entries = positiveEntries(levels);
  if (entries.length === 0) return '';
  const pills = entries.map(([level, n]) => `<span class="pill ${level === 'warn' ? 'warn' : 'bad'}">${esc(level)} ${n}</span>`);
  return `<p class="pills">by level: ${pills.join(' ')}</p>`;
}

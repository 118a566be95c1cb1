/**
 * The gate's card in report.html (pure): the result, and the failure modes in their groups with
 * what was measured and what fixes each one. Every text goes through escapeHtml.
 */
import { formatInterval } from '../expect/judge.js';
import type { GateMode, GateReport, ModeVerdict } from '../gate/gate-report.js';
import { MODE_VERDICT_TITLES } from '../gate/gate-report.js';
import { escapeHtml as esc } from './text-escape.js';

const ORDER: ModeVerdict[] = ['not-handled', 'inconclusive', 'error', 'not-fixable-in-nginx', 'handled'];
const TONE: Record<ModeVerdict, string> = { handled: 'ok', 'not-handled': 'bad', 'not-fixable-in-nginx': 'warn', inconclusive: 'warn', error: 'warn' };

export function gateCard(gate: GateReport): string {
  const head = `<h2>gate: <span class="mono">${esc(gate.config)}</span>${gate.baseline ? ` against <span class="mono">${esc(gate.baseline)}</span>` : ''}`
    + ` <span class="badge ${gate.passed ? 'passed' : 'failed'}">${gate.passed ? '✔ passed' : '✘ failed'}</span></h2>`
    + `<p class="muted">budget ${esc(gate.budget.join(', '))} · confidence ${gate.confidence}${gate.strict ? ' · --strict' : ''}</p>`;
  const groups = ORDER.flatMap((verdict) => {
    const modes = gate.modes.filter((m) => m.verdict === verdict);
    if (modes.length === 0) return [];
    const rows = modes.map((m) => `<tr class="gate-mode ${verdict}"><td><span class="mark ${TONE[verdict]}">${esc(MODE_VERDICT_TITLES[verdict])}</span></td>`
      + `<td class="mono">${esc(m.scenario)}</td><td>${esc(m.reason)}</td><td>${fixCell(m)}</td><td>${comparisonCell(m)}</td></tr>`);
    return [`<h3>${esc(MODE_VERDICT_TITLES[verdict])} (${modes.length})</h3>`,
      '<table class="gate"><thead><tr><th>verdict</th><th>mode</th><th>measured</th><th>what fixes it</th><th>against the baseline</th></tr></thead>'
      + `<tbody>${rows.join('')}</tbody></table>`];
  });
  return `<div class="card gate-card">${head}${groups.join('')}</div>`;
}

function fixCell(mode: GateMode): string {
  if (mode.verdict === 'handled') return '–';
  if (mode.suggestion) return `in nginx (${esc(mode.suggestion.variant)}): ${mode.suggestion.changes.map((c) => `<span class="mono">${esc(c)}</span>`).join(', ')}`;
  if (mode.backendFixes && mode.backendFixes.length > 0) return `outside nginx: ${esc(mode.backendFixes.map((f) => f.summary ?? f.variant).join(' / '))}`;
  return '–';
}

function comparisonCell(mode: GateMode): string {
  const c = mode.comparison;
  if (!c) return '–';
  const share = (s: typeof c.candidate) => `${s.failed} of ${s.sent} (${esc(formatInterval(s.interval))})`;
  return `${c.worse ? '<strong>worse</strong>' : 'not worse'}: ${share(c.candidate)} vs ${share(c.baseline)}, p=${c.pValue.toPrecision(3)}`;
}

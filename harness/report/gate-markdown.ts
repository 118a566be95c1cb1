/**
 * The gate's section of report.md (pure): the result, then the failure modes in their groups with
 * what was measured and, for each mode the config does not handle, the catalog's nginx fix.
 */
import { formatInterval } from '../expect/judge.js';
import type { GateMode, GateReport, ModeVerdict } from '../gate/gate-report.js';
import { MODE_VERDICT_TITLES } from '../gate/gate-report.js';
import { escapeMarkdown as md, markdownCode as code } from './text-escape.js';

const ORDER: ModeVerdict[] = ['not-handled', 'inconclusive', 'error', 'not-fixable-in-nginx', 'handled'];

export function gateMarkdown(gate: GateReport): string {
  const title = `### Gate: ${code(gate.config)}${gate.baseline ? ` against ${code(gate.baseline)}` : ''}, budget ${md(gate.budget.join(', '))}: ${gate.passed ? '✅ passed' : '❌ failed'}`;
  const parts = [title];
  if (gate.baseline) parts.push(baselineTable(gate.modes));
  for (const verdict of ORDER) {
    const modes = gate.modes.filter((m) => m.verdict === verdict);
    if (modes.length === 0) continue;
    const note = verdict === 'not-fixable-in-nginx' ? (gate.strict ? ': every catalog fix changes a backend (failing: --strict)' : ': every catalog fix changes a backend (not failing without --strict)') : '';
    parts.push(`**${MODE_VERDICT_TITLES[verdict]} (${modes.length})**${note}`);
    parts.push(['| mode | measured | what fixes it |', '|---|---|---|', ...modes.map(row)].join('\n'));
  }
  return parts.join('\n\n');
}

function row(mode: GateMode): string {
  const fix = mode.suggestion
    ? `in nginx (${md(mode.suggestion.variant)}): ${mode.suggestion.changes.map((c) => code(c)).join(', ')}`
    : mode.backendFixes && mode.backendFixes.length > 0 ? `outside nginx: ${md(mode.backendFixes.map((f) => f.summary ?? f.variant).join(' / '))}` : '–';
  return `| ${md(mode.scenario)} | ${md(mode.reason)} | ${mode.verdict === 'handled' ? '–' : fix} |`;
}

function baselineTable(modes: GateMode[]): string {
  const rows = modes.map((m) => {
    const c = m.comparison;
    if (!c) return `| ${md(m.scenario)} | – | – | – | not compared |`;
    const share = (s: typeof c.candidate) => `${s.failed} of ${s.sent} (${md(formatInterval(s.interval))})`;
    return `| ${md(m.scenario)} | ${share(c.candidate)} | ${share(c.baseline)} | ${c.pValue.toPrecision(3)} | ${c.worse ? '❌ worse' : 'not worse'} |`;
  });
  return ['| mode | candidate failed | baseline failed | Fisher p | verdict |', '|---|---|---|---|---|', ...rows].join('\n');
}

/**
 * The gate's verdict per failure mode in the console (pure): the modes in groups (handled, not
 * handled with the catalog's nginx fix, not fixable in nginx, inconclusive, error), then, with a
 * baseline, each mode's failed share beside the baseline's, then one line with the result.
 */
import type { GateMode, GateReport, ModeVerdict } from '../gate/gate-report.js';
import { MODE_VERDICT_TITLES } from '../gate/gate-report.js';
import { formatInterval } from '../expect/judge.js';

const ORDER: ModeVerdict[] = ['not-handled', 'inconclusive', 'error', 'not-fixable-in-nginx', 'handled'];
const MARK: Record<ModeVerdict, string> = { handled: '✔', 'not-handled': '✘', 'not-fixable-in-nginx': '~', inconclusive: '?', error: '!' };

export function renderGateSummary(gate: GateReport, opts: { color: boolean }): string {
  const paint = (code: number) => (text: string) => (opts.color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const [red, green, yellow, bold] = [paint(31), paint(32), paint(33), paint(1)];
  const tone: Record<ModeVerdict, (t: string) => string> = { handled: green, 'not-handled': red, 'not-fixable-in-nginx': yellow, inconclusive: yellow, error: yellow };
  const lines = [bold(`gate: ${gate.config}${gate.baseline ? ` against baseline ${gate.baseline}` : ''}, budget ${gate.budget.join(', ')}`)];
  for (const verdict of ORDER) {
    const modes = gate.modes.filter((m) => m.verdict === verdict);
    if (modes.length === 0) continue;
    lines.push(tone[verdict](`  ${MODE_VERDICT_TITLES[verdict]} (${modes.length})${groupNote(verdict, gate.strict)}`));
    for (const mode of modes) lines.push(...modeLines(mode, tone[verdict]));
  }
  lines.push(gate.passed ? green(bold('gate: passed')) : red(bold(`gate: failed (${failedBecause(gate)})`)));
  return lines.join('\n');
}

function groupNote(verdict: ModeVerdict, strict: boolean): string {
  if (verdict === 'not-fixable-in-nginx') return strict ? ': every catalog fix changes a backend (fails the gate: --strict)' : ': every catalog fix changes a backend (shown, not failing; --strict fails on them)';
  if (verdict === 'not-handled') return ': the catalog fixes these in nginx';
  return '';
}

function modeLines(mode: GateMode, tone: (t: string) => string): string[] {
  const lines = [`    ${tone(MARK[mode.verdict])} ${mode.scenario} (${mode.variant}): ${mode.reason}`];
  if (mode.suggestion) lines.push(`        fix in nginx (catalog's ${mode.suggestion.variant}): ${mode.suggestion.changes.join('; ')}`);
  if (mode.backendFixes && mode.backendFixes.length > 0 && mode.verdict !== 'handled') {
    lines.push(`        fixed outside nginx: ${mode.backendFixes.map((f) => f.summary ?? f.variant).join(' / ')}`);
  }
  const c = mode.comparison;
  if (c) {
    const share = (s: typeof c.candidate) => `${s.failed} of ${s.sent} failed (${formatInterval(s.interval)})`;
    lines.push(`        candidate ${share(c.candidate)} vs baseline ${share(c.baseline)}: ${c.worse ? 'WORSE' : 'not worse'} (Fisher p=${c.pValue.toPrecision(3)}, tested at ${c.alpha.toPrecision(3)})`);
  }
  return lines;
}

function failedBecause(gate: GateReport): string {
  if (gate.baseline) {
    const worse = gate.modes.filter((m) => m.comparison?.worse).map((m) => m.scenario);
    return worse.length > 0 ? `worse than the baseline in ${worse.join(', ')}` : 'a mode could not be compared';
  }
  const count = (v: ModeVerdict) => gate.modes.filter((m) => m.verdict === v).length;
  const parts = [
    count('not-handled') > 0 ? `${count('not-handled')} not handled` : '',
    count('inconclusive') > 0 ? `${count('inconclusive')} inconclusive` : '',
    count('error') > 0 ? `${count('error')} errored` : '',
    gate.strict && count('not-fixable-in-nginx') > 0 ? `${count('not-fixable-in-nginx')} not fixable in nginx (--strict)` : '',
  ];
  return parts.filter(Boolean).join(', ');
}

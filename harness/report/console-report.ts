/**
 * The console report: pure rendering of results to text. Columns are padded on the plain text
 * before any color is added, so alignment holds with and without ANSI colors.
 */
import type { Verdict } from '../expect/verdict.js';
import type { ContainerFacts, Observation, TimelineEntry } from '../observe/observation.js';
import { formatMs } from '../scenario/units.js';
import { resultLabel, stoppedEarlyText } from './report-facts.js';
import type { RunReport, VariantOutcome, VariantResult } from './run-report.js';
import { versionTable, type VersionTable } from './version-table.js';

export interface ConsoleOptions {
  color: boolean;
}

const MAX_UNKNOWN_LINES = 10;
const MAX_LINE_CHARS = 240;
const INDENT = '  ';

interface Palette {
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

function palette(color: boolean): Palette {
  const wrap = (code: number) => (text: string) => (color && text !== '' ? `\x1b[${code}m${text}\x1b[0m` : text);
  return { red: wrap(31), green: wrap(32), yellow: wrap(33), dim: wrap(2), bold: wrap(1) };
}

export function renderVariantResult(result: VariantResult, opts: ConsoleOptions): string {
  const p = palette(opts.color);
  const lines = [headerLine(result, p)];
  if (result.verdicts.length > 0) lines.push(...verdictTable(result.verdicts, p));
  else if (result.outcome !== 'error') lines.push(INDENT + p.dim('no expectations'));
  if (result.outcome === 'error' && result.error !== undefined) {
    lines.push(...indentBlock(`${result.error.kind} error: ${result.error.message}`).map(p.red));
    if (result.error.hint !== undefined) lines.push(...indentBlock(`hint: ${result.error.hint}`));
  }
  if (result.observation !== undefined) lines.push(...observationNotes(result.observation, p));
  return lines.join('\n');
}

export function renderRunSummary(report: RunReport, reportPaths: string[], opts: ConsoleOptions): string {
  const p = palette(opts.color);
  const s = report.summary;
  const counts = [
    s.passed > 0 ? p.green(`${s.passed} passed`) : `${s.passed} passed`,
    s.failed > 0 ? p.red(`${s.failed} failed`) : `${s.failed} failed`,
    s.errored > 0 ? p.yellow(`${s.errored} errored`) : `${s.errored} errored`,
  ].join(', ');
  const elapsedMs = Date.parse(report.finishedAt) - Date.parse(report.startedAt);
  const took = Number.isFinite(elapsedMs) && elapsedMs >= 0 ? ` in ${formatMs(elapsedMs)}` : '';
  const lines = report.results.length > 1 ? [...finalTable(report, p), ''] : [];
  const versions = versionTable(report.results);
  if (versions) lines.push(...versionLines(versions, p), '');
  for (const flake of report.flakes ?? []) lines.push(p.yellow(`flaky: ${flake.scenario} / ${flake.variant} ${flake.expectation}: ${flake.outcomes.join(' → ')}`));
  lines.push(p.bold(`${s.variants} ${s.variants === 1 ? 'variant' : 'variants'}: `) + counts + took);
  if (report.interrupted) lines.push(p.yellow(`INTERRUPTED: ${report.interrupted.finished} of ${report.interrupted.planned} variant(s) ran; ${report.interrupted.reason}`));
  for (const path of reportPaths) lines.push(`report: ${path}`);
  return lines.join('\n');
}

/** Each variant's outcome and statuses per nginx version, side by side. */
function versionLines(table: VersionTable, p: Palette): string[] {
  const mark = (o: VariantOutcome) => (o === 'passed' ? '✔' : o === 'failed' ? '✘' : o === 'inconclusive' ? '?' : '!');
  const rows = table.rows.map((r) => [`${r.scenario} / ${r.variant}`, ...table.versions.map((v) => (r.cells[v] ? `${mark(r.cells[v].outcome)} ${r.cells[v].statuses}`.trim() : '–'))]);
  const header = ['per nginx version', ...table.versions.map((v) => `nginx ${v}`)];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [p.bold(line(header)), ...rows.map(line)];
}

/** One row per variant: outcome, name, requests, the statuses seen, failed expectations. */
function finalTable(report: RunReport, p: ReturnType<typeof palette>): string[] {
  const rows = report.results.map((r) => {
    const c = r.observation?.client;
    const outcomes = c ? [...Object.entries(c.statusCounts), ...Object.entries(c.failed).map(([kind, n]): [string, number] => [`failed:${kind}`, n])] : [];
    const statuses = outcomes.sort((a, b) => b[1] - a[1]).slice(0, 3).map(([code, n]) => `${code}×${n}`).join(' ');
    const failed = r.verdicts.filter((v) => v.result === 'fail').length;
    const undecided = r.verdicts.filter((v) => v.result === 'inconclusive').length;
    const mark = r.outcome === 'passed' ? '✔' : r.outcome === 'failed' ? '✘' : r.outcome === 'inconclusive' ? '?' : '!';
    const note = r.outcome === 'error' ? (r.error?.kind ?? 'error') : [failed > 0 ? `${failed} failed` : '', undecided > 0 ? `${undecided} inconclusive` : ''].filter(Boolean).join(', ');
    return { outcome: r.outcome, cells: [mark, `${r.scenario} / ${r.variant}${r.repeat ? ` #${r.repeat}` : ''}`, String(c ? c.sent : 0), statuses, note] };
  });
  const widths = [1, ...[1, 2, 3].map((i) => Math.max(...rows.map((r) => r.cells[i]!.length)))];
  return rows.map(({ outcome, cells }) => {
    const line = cells.map((cell, i) => (i < 4 ? cell.padEnd(widths[i]!) : cell)).join('  ').trimEnd();
    return outcome === 'passed' ? line : outcome === 'failed' ? p.red(line) : p.yellow(line);
  });
}

function headerLine(result: VariantResult, p: Palette): string {
  const mark = result.outcome === 'passed' ? p.green('✔') : result.outcome === 'failed' ? p.red('✘') : result.outcome === 'inconclusive' ? p.yellow('?') : p.yellow('!');
  const name = p.bold(`${result.scenario} / ${result.variant}`);
  const label = { passed: p.green('passed'), failed: p.red('failed'), inconclusive: p.yellow('inconclusive'), error: p.yellow('error') }[result.outcome];
  const parts = [label];
  const obs = result.observation;
  if (obs !== undefined) {
    const c = obs.client;
    parts.push(`${c.sent} ${c.sent === 1 ? 'request' : 'requests'} in ${formatMs(c.elapsedMs)} (${c.requestsPerSecond.toFixed(1)} req/s)`);
    const outcomes = [
      ...sortedEntries(c.statusCounts).map(([code, n]) => `${code}×${n}`),
      ...sortedEntries(c.failed).map(([kind, n]) => `failed:${kind}×${n}`),
    ];
    if (outcomes.length > 0) parts.push(outcomes.join(' '));
    if (c.stoppedEarly) parts.push(stoppedEarlyText(c.stoppedEarly));
    parts.push(`nginx ${obs.nginxVersion} (${obs.images.nginx})`);
  } else if (result.nginxVersion !== undefined) {
    parts.push(`nginx ${result.nginxVersion}`);
  }
  if (result.besideOthers !== undefined) {
    const which = (result.besideOthersNotPassed ?? []).map((v) => v.expectation);
    parts.push(`ran again alone (${result.besideOthers} beside other scenarios${which.length > 0 ? `: ${which.join(', ')}` : ''}, --jobs)`);
  }
  return `${mark} ${name}  ${parts.join(p.dim(' · '))}`;
}

function verdictTable(verdicts: Verdict[], p: Palette): string[] {
  const header = ['expectation', 'expected', 'measured', 'result'];
  const rows = verdicts.map((v) => [v.expectation, v.expected, v.measured, resultLabel(v) + (v.requestsToDecide !== undefined ? ` (about ${v.requestsToDecide} requests would decide)` : '')]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const pad = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)));
  const lines = [`${INDENT}  ${p.dim(pad(header).join('  '))}`];
  rows.forEach((row, i) => {
    const result = verdicts[i]?.result ?? 'fail';
    const [expectation = '', expected = '', measured = '', outcome = ''] = pad(row);
    const mark = result === 'pass' ? p.green('✔') : result === 'fail' ? p.red('✘') : p.yellow('?');
    const cells = result === 'pass'
      ? [expectation, expected, measured, p.green(outcome)]
      : result === 'fail'
        ? [p.bold(expectation), expected, p.red(measured), p.red(p.bold(outcome))]
        : [p.bold(expectation), expected, p.yellow(measured), p.yellow(p.bold(outcome))];
    lines.push(`${INDENT}${mark} ${cells.join('  ')}`);
  });
  return lines;
}

function observationNotes(obs: Observation, p: Palette): string[] {
  const lines: string[] = [];
  const rec = obs.reconciliation;
  if (rec.differences.length > 0 || rec.notes.length > 0) {
    lines.push(`${INDENT}${p.yellow('client vs access log')}${rec.agrees ? ' (agree)' : ' (disagree)'}:`);
    const width = Math.max(6, ...rec.differences.map((d) => d.status.length));
    for (const d of rec.differences) {
      lines.push(`${INDENT}${INDENT}${d.status.padEnd(width)}  client ${d.client}, access log ${d.accessLog}`);
    }
    for (const note of rec.notes) lines.push(`${INDENT}${INDENT}note: ${note}`);
  }
  const unknown = obs.errorLog.lines.filter((line) => line.signature === 'unknown');
  if (unknown.length > 0) {
    lines.push(`${INDENT}${p.yellow(`error-log lines with no known signature (${unknown.length}):`)}`);
    for (const line of unknown.slice(0, MAX_UNKNOWN_LINES)) {
      lines.push(`${INDENT}${INDENT}${truncate(`${line.time} [${line.level}] ${line.message}`)}`);
    }
    if (unknown.length > MAX_UNKNOWN_LINES) lines.push(`${INDENT}${INDENT}${p.dim(`… and ${unknown.length - MAX_UNKNOWN_LINES} more`)}`);
  }
  if (obs.timeline.length > 0) {
    lines.push(`${INDENT}${p.yellow('chaos:')}`);
    for (const t of obs.timeline) lines.push(`${INDENT}${INDENT}${timelineLine(t)}`);
  }
  const troubled = obs.containers.filter((c) => c.exitCode !== null || c.oomKilled || c.restartCount > 0);
  if (troubled.length > 0) {
    lines.push(`${INDENT}${p.yellow('containers:')}`);
    for (const c of troubled) lines.push(`${INDENT}${INDENT}${containerLine(c)}`);
  }
  return lines;
}

/** "outage: kill app, planned 1.5s, asked 1.502s, took effect 1.668s" */
function timelineLine(t: TimelineEntry): string {
  const at = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(3)}s`);
  const when = t.plannedAtMs !== null ? `planned ${at(t.plannedAtMs)}, ` : '';
  const effect = t.error ? `: ${t.error}` : `, took effect ${at(t.tookEffectAtMs)}`;
  return `${t.name}: ${t.action} ${t.target}, ${when}asked ${at(t.requestedAtMs)}${effect}`;
}

function containerLine(c: ContainerFacts): string {
  const role = c.role === 'backend' && c.backend !== undefined
    ? `backend ${c.backend}${c.replica !== undefined ? ` #${c.replica}` : ''}`
    : c.role;
  const facts: string[] = [c.running ? 'running' : 'not running'];
  if (c.exitCode !== null) facts.push(`exit code ${c.exitCode}`);
  if (c.oomKilled) facts.push('OOMKilled');
  if (c.restartCount > 0) facts.push(`restarted ${c.restartCount}×`);
  return `${c.name} (${role}, ${c.image}): ${facts.join(', ')}`;
}

function indentBlock(text: string): string[] {
  return text.split('\n').map((line) => `${INDENT}${INDENT}${line}`);
}

function truncate(text: string): string {
  const oneLine = text.replace(/\s*\n\s*/g, ' ');
  return oneLine.length > MAX_LINE_CHARS ? `${oneLine.slice(0, MAX_LINE_CHARS - 1)}…` : oneLine;
}

function sortedEntries(record: Record<string, number>): [string, number][] {
  return Object.entries(record).filter(([, n]) => n > 0).sort(([a], [b]) => a.localeCompare(b));
}


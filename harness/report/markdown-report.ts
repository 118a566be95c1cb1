/**
 * The Markdown summary (`report.md`), made for $GITHUB_STEP_SUMMARY: totals, one table of every
 * variant (outcome, requests, status mix), then each failed verdict with expected beside
 * measured, and each error with its hint. Pure: a RunReport in, GitHub-flavoured Markdown out.
 */
import { formatMs } from '../scenario/units.js';
import { gateMarkdown } from './gate-markdown.js';
import {
  failedVerdicts, failureHeadline, loadLine, requestCount, runDurationMs, statusMix, variantTitle, resultLabel } from './report-facts.js';
import type { RunReport, VariantOutcome, VariantResult } from './run-report.js';
import { escapeMarkdown as md, markdownCode as code } from './text-escape.js';
import { versionTable } from './version-table.js';

export const MARKDOWN_REPORT_FILE = 'report.md';

const OUTCOME: Record<VariantOutcome, string> = { passed: '✅ passed', failed: '❌ failed', inconclusive: '❔ inconclusive', error: '⚠️ error' };

export function renderMarkdownReport(report: RunReport): string {
  const sections = [
    headline(report),
    report.gate ? gateMarkdown(report.gate) : '',
    variantTable(report.results),
    versionSection(report.results),
    failedSection(report.results),
    errorSection(report.results),
  ].filter((section) => section !== '');
  return `${sections.join('\n\n')}\n`;
}

function headline(report: RunReport): string {
  const s = report.summary;
  const mark = s.errored > 0 || report.interrupted ? '⚠️' : s.failed > 0 ? '❌' : s.inconclusive > 0 ? '❔' : '✅';
  const counts = [
    s.passed > 0 ? `**${s.passed} passed**` : `${s.passed} passed`,
    s.failed > 0 ? `**${s.failed} failed**` : `${s.failed} failed`,
    ...(s.inconclusive > 0 ? [`**${s.inconclusive} inconclusive**`] : []),
    s.errored > 0 ? `**${s.errored} errored**` : `${s.errored} errored`,
  ].join(', ');
  const took = runDurationMs(report);
  const nginx = [...new Set(report.results.flatMap((r) => (r.observation !== undefined ? [r.observation.nginxVersion] : [])))];
  const facts = [
    `run ${code(report.runId)}`,
    `badgateway ${md(report.badgateway)}`,
    ...(nginx.length > 0 ? [`nginx ${md(nginx.join(', '))}`] : []),
    `${md(report.host.platform)} ${md(report.host.arch)}, ${report.host.cpus} cpus`,
  ];
  return [
    `## ${mark} badgateway: ${s.variants} ${s.variants === 1 ? 'variant' : 'variants'}`,
    '',
    `${counts}${took !== undefined ? ` in ${formatMs(took)}` : ''}  `,
    facts.join(' · '),
    ...(report.interrupted ? ['', `> **Interrupted: not a complete run.** ${report.interrupted.finished} of ${report.interrupted.planned} variant(s) ran; ${md(report.interrupted.reason)}.`] : []),
  ].join('\n');
}

/** Each variant per nginx version, side by side (runs that covered more than one version). */
function versionSection(results: VariantResult[]): string {
  const table = versionTable(results);
  if (!table) return '';
  const rows = table.rows.map((r) => `| ${md(r.scenario)} | ${md(r.variant)} | ${table.versions.map((v) => (r.cells[v] ? `${OUTCOME[r.cells[v].outcome]}${r.cells[v].statuses ? ` · ${md(r.cells[v].statuses)}` : ''}` : '–')).join(' | ')} |`);
  return [
    '### Per nginx version',
    '',
    `| scenario | variant | ${table.versions.map((v) => `nginx ${v}`).join(' | ')} |`,
    `|---|---|${table.versions.map(() => '---').join('|')}|`,
    ...rows,
  ].join('\n');
}

function variantTable(results: VariantResult[]): string {
  if (results.length === 0) return '_No variants ran._';
  const rows = results.map((r) => {
    const obs = r.observation;
    const requests = obs !== undefined ? String(requestCount(obs)) : '–';
    const mix = obs !== undefined ? statusMix(obs).map((e) => `${md(e.label)}×${e.count}`).join(' ') : '–';
    const outcome = r.outcome === 'failed' || r.outcome === 'inconclusive' ? `${OUTCOME[r.outcome]} (${failureHeadline(r)})` : OUTCOME[r.outcome];
    return `| ${md(r.scenario)} | ${md(r.variant)} | ${outcome} | ${requests} | ${mix === '' ? '–' : mix} |`;
  });
  return [
    '| scenario | variant | outcome | requests | status mix |',
    '|---|---|---|--:|---|',
    ...rows,
  ].join('\n');
}

function failedSection(results: VariantResult[]): string {
  const failed = results.filter((r) => r.outcome === 'failed' || r.outcome === 'inconclusive');
  if (failed.length === 0) return '';
  const parts = ['### Failed and inconclusive expectations'];
  for (const r of failed) {
    const verdicts = failedVerdicts(r);
    parts.push(`**${md(variantTitle(r))}** (${code(r.file)})`);
    // fewer requests than planned: say why, or the count in the table above reads as a short load
    if (r.observation?.client.stoppedEarly) parts.push(`Load: ${md(loadLine(r.observation))}.`);
    if (verdicts.length === 0) {
      parts.push('The variant failed without a failed expectation on record.');
      continue;
    }
    parts.push([
      '| expectation | expected | measured | result | source |',
      '|---|---|---|---|---|',
      ...verdicts.map((v) => `| ${code(v.expectation, true)} | ${md(v.expected)} | **${md(v.measured)}** | ${md(resultLabel(v))}${v.requestsToDecide !== undefined ? ` (about ${v.requestsToDecide} requests would decide)` : ''} | ${md(v.source)} |`),
    ].join('\n'));
  }
  return parts.join('\n\n');
}

function errorSection(results: VariantResult[]): string {
  const errored = results.filter((r) => r.outcome === 'error');
  if (errored.length === 0) return '';
  const items = errored.map((r) => {
    const error = r.error;
    if (error === undefined) return `- **${md(variantTitle(r))}**: error (not recorded)`;
    const hint = error.hint !== undefined ? `  \n  hint: ${md(error.hint)}` : '';
    return `- **${md(variantTitle(r))}**: ${md(error.kind)} error: ${md(error.message)}${hint}`;
  });
  return ['### Errors', '', ...items].join('\n');
}

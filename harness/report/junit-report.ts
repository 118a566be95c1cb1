/**
 * JUnit XML (`report.junit.xml`) for CI test views: one <testsuite> per scenario, one <testcase>
 * per variant (classname = scenario, name = variant, time in seconds). A failed expectation is a
 * <failure> whose message and text give expected vs measured for every failed verdict; an input,
 * infrastructure or internal error is an <error>. In a gate report, a mode the config does not
 * handle (or is worse at than the baseline) is a <failure>, one nginx cannot fix is <skipped>
 * unless --strict, and a baseline's own run is context. Pure: a RunReport in, the XML text out.
 */
import type { GateMode, GateReport } from '../gate/gate-report.js';
import { BASELINE_SUFFIX } from '../gate/judge-modes.js';
import type { Verdict } from '../expect/verdict.js';
import {
  failedVerdicts, failureHeadline, loadLine, runDurationMs, seconds, statusMixText, variantDurationMs, verdictLine, resultLabel } from './report-facts.js';
import type { RunReport, VariantResult } from './run-report.js';
import { escapeXmlAttr as attr, escapeXmlText as text } from './text-escape.js';

export const JUNIT_REPORT_FILE = 'report.junit.xml';

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  timeMs: number;
}

/** How a variant shows in JUnit. */
type CaseKind = { kind: 'pass' } | { kind: 'failure'; message: string; type: string; detail: string } | { kind: 'skipped'; message: string } | { kind: 'error' };

export function renderJunitReport(report: RunReport): string {
  const suites = groupByScenario(report.results);
  const all = countsOf(report.results, report.gate);
  const totalMs = runDurationMs(report) ?? all.timeMs;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="badgateway" tests="${all.tests + (report.interrupted ? 1 : 0)}" failures="${all.failures}" errors="${all.errors + (report.interrupted ? 1 : 0)}" skipped="${all.skipped}"`
      + ` time="${seconds(totalMs)}" timestamp="${attr(report.startedAt)}">`,
  ];
  for (const [scenario, results] of suites) lines.push(...renderSuite(report, scenario, results));
  if (report.interrupted) {
    // A CI test view must not show a partial run as a green one.
    const i = report.interrupted;
    lines.push('  <testsuite name="badgateway run" tests="1" failures="0" errors="1" skipped="0" time="0">',
      `    <testcase classname="badgateway run" name="complete run" time="0"><error message="${attr(`interrupted: ${i.finished} of ${i.planned} variant(s) ran; ${i.reason}`)}" type="interrupted"/></testcase>`,
      '  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

function renderSuite(report: RunReport, scenario: string, results: VariantResult[]): string[] {
  const c = countsOf(results, report.gate);
  const file = results[0]?.file;
  const lines = [
    `  <testsuite name="${attr(scenario)}" tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}"`
      + ` time="${seconds(c.timeMs)}" timestamp="${attr(report.startedAt)}"${file !== undefined ? ` file="${attr(file)}"` : ''}>`,
    '    <properties>',
    `      <property name="runId" value="${attr(report.runId)}"/>`,
    `      <property name="badgateway" value="${attr(report.badgateway)}"/>`,
    `      <property name="host" value="${attr(`${report.host.platform} ${report.host.arch}, node ${report.host.node}, ${report.host.cpus} cpus`)}"/>`,
    '    </properties>',
  ];
  for (const result of results) lines.push(...renderCase(result, report.gate));
  lines.push('  </testsuite>');
  return lines;
}

function renderCase(result: VariantResult, gate: GateReport | undefined): string[] {
  const open = `    <testcase classname="${attr(result.scenario)}" name="${attr(result.variant)}"`
    + ` time="${seconds(variantDurationMs(result))}" file="${attr(result.file)}">`;
  const body: string[] = [];
  const c = caseKind(result, gate);
  if (c.kind === 'error') {
    const error = result.error ?? { kind: 'internal', message: 'the variant ended in an error that was not recorded' };
    const detail = error.hint !== undefined ? `${error.message}\nhint: ${error.hint}` : error.message;
    body.push(`      <error message="${attr(`${error.kind} error: ${error.message}`)}" type="${attr(error.kind)}">${text(detail)}</error>`);
  } else if (c.kind === 'failure') {
    body.push(`      <failure message="${attr(c.message)}" type="${attr(c.type)}">${text(c.detail)}</failure>`);
  } else if (c.kind === 'skipped') {
    body.push(`      <skipped message="${attr(c.message)}"/>`);
  }
  const out = systemOut(result);
  if (out !== '') body.push(`      <system-out>${text(out)}</system-out>`);
  if (body.length === 0) return [open.replace(/>$/, '/>')];
  return [open, ...body, '    </testcase>'];
}

function failureText(failed: Verdict[]): string {
  return failed
    .map((v) => `${v.expectation}\n  expected: ${v.expected}\n  measured: ${v.measured}\n  result:   ${resultLabel(v)}\n  source:   ${v.source}`)
    .join('\n');
}

/** What was measured, and every verdict with its result: context for passed and failed cases. */
function systemOut(result: VariantResult): string {
  const lines: string[] = [];
  const obs = result.observation;
  if (obs !== undefined) {
    const mix = statusMixText(obs);
    lines.push(`${loadLine(obs)}${mix !== '' ? ` · ${mix}` : ''} · nginx ${obs.nginxVersion} (${obs.images.nginx})`);
  }
  for (const v of result.verdicts) {
    lines.push(`${resultLabel(v)}  ${verdictLine(v)}`);
  }
  return lines.join('\n');
}

function caseKind(result: VariantResult, gate: GateReport | undefined): CaseKind {
  if (result.outcome === 'error') return { kind: 'error' };
  const failed = failedVerdicts(result);
  const failure = (type: string, message: string): CaseKind => ({ kind: 'failure', type, message, detail: failureText(failed) });
  if (gate) {
    if (result.variant.endsWith(BASELINE_SUFFIX)) return { kind: 'pass' };
    const mode = gate.modes.find((m) => m.scenario === result.scenario && m.variant === result.variant);
    if (mode) return gateCaseKind(mode, gate, failure);
  }
  // An inconclusive variant is not a pass: a CI gate must not count it as one.
  if (result.outcome === 'failed' || result.outcome === 'inconclusive') {
    const message = failed.length > 0 ? `${failureHeadline(result)}: ${failed.map(verdictLine).join('; ')}` : 'the variant failed without a failed expectation on record';
    return failure(result.outcome === 'failed' ? 'expectation' : 'inconclusive', message);
  }
  return { kind: 'pass' };
}

function gateCaseKind(mode: GateMode, gate: GateReport, failure: (type: string, message: string) => CaseKind): CaseKind {
  if (gate.baseline !== undefined) {
    return mode.comparison?.worse ? failure('worse-than-baseline', `worse than the baseline: ${mode.comparison.candidate.failed} of ${mode.comparison.candidate.sent} failed vs ${mode.comparison.baseline.failed} of ${mode.comparison.baseline.sent}`) : { kind: 'pass' };
  }
  switch (mode.verdict) {
    case 'handled': return { kind: 'pass' };
    case 'not-handled': return failure('not-handled', `not handled: ${mode.reason}${mode.suggestion ? `; fix in nginx: ${mode.suggestion.changes.join('; ')}` : ''}`);
    case 'inconclusive': return failure('inconclusive', `inconclusive: ${mode.reason}`);
    case 'not-fixable-in-nginx':
      return gate.strict ? failure('not-fixable-in-nginx', `not fixable in nginx (--strict): ${mode.reason}`) : { kind: 'skipped', message: `not fixable in nginx: ${mode.reason}` };
    case 'error': return { kind: 'error' };
  }
}

function countsOf(results: VariantResult[], gate: GateReport | undefined): Counts {
  const kinds = results.map((r) => caseKind(r, gate).kind);
  return {
    tests: results.length,
    failures: kinds.filter((k) => k === 'failure').length,
    errors: kinds.filter((k) => k === 'error').length,
    skipped: kinds.filter((k) => k === 'skipped').length,
    timeMs: results.reduce((total, r) => total + variantDurationMs(r), 0),
  };
}

function groupByScenario(results: VariantResult[]): Map<string, VariantResult[]> {
  const groups = new Map<string, VariantResult[]>();
  for (const result of results) {
    const group = groups.get(result.scenario);
    if (group !== undefined) group.push(result);
    else groups.set(result.scenario, [result]);
  }
  return groups;
}

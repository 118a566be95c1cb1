/**
 * JUnit XML (`report.junit.xml`) for CI test views: one <testsuite> per scenario, one <testcase>
 * per variant (classname = scenario, name = variant, time in seconds). A failed expectation is a
 * <failure> whose message and text give expected vs measured for every failed verdict; an input,
 * infrastructure or internal error is an <error>. Pure: a RunReport in, the XML text out.
 */
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
  timeMs: number;
}

export function renderJunitReport(report: RunReport): string {
  const suites = groupByScenario(report.results);
  const all = countsOf(report.results);
  const totalMs = runDurationMs(report) ?? all.timeMs;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="badgateway" tests="${all.tests}" failures="${all.failures}" errors="${all.errors}" skipped="0"`
      + ` time="${seconds(totalMs)}" timestamp="${attr(report.startedAt)}">`,
  ];
  for (const [scenario, results] of suites) lines.push(...renderSuite(report, scenario, results));
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

function renderSuite(report: RunReport, scenario: string, results: VariantResult[]): string[] {
  const c = countsOf(results);
  const file = results[0]?.file;
  const lines = [
    `  <testsuite name="${attr(scenario)}" tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="0"`
      + ` time="${seconds(c.timeMs)}" timestamp="${attr(report.startedAt)}"${file !== undefined ? ` file="${attr(file)}"` : ''}>`,
    '    <properties>',
    `      <property name="runId" value="${attr(report.runId)}"/>`,
    `      <property name="badgateway" value="${attr(report.badgateway)}"/>`,
    `      <property name="host" value="${attr(`${report.host.platform} ${report.host.arch}, node ${report.host.node}, ${report.host.cpus} cpus`)}"/>`,
    '    </properties>',
  ];
  for (const result of results) lines.push(...renderCase(result));
  lines.push('  </testsuite>');
  return lines;
}

function renderCase(result: VariantResult): string[] {
  const open = `    <testcase classname="${attr(result.scenario)}" name="${attr(result.variant)}"`
    + ` time="${seconds(variantDurationMs(result))}" file="${attr(result.file)}">`;
  const body: string[] = [];
  if (result.outcome === 'error') {
    const error = result.error ?? { kind: 'internal', message: 'the variant ended in an error that was not recorded' };
    const detail = error.hint !== undefined ? `${error.message}\nhint: ${error.hint}` : error.message;
    body.push(`      <error message="${attr(`${error.kind} error: ${error.message}`)}" type="${attr(error.kind)}">${text(detail)}</error>`);
  } else if (result.outcome === 'failed' || result.outcome === 'inconclusive') {
    // An inconclusive variant is not a pass: a CI gate must not count it as one.
    const failed = failedVerdicts(result);
    const message = failed.length > 0
      ? `${failureHeadline(result)}: ${failed.map(verdictLine).join('; ')}`
      : 'the variant failed without a failed expectation on record';
    body.push(`      <failure message="${attr(message)}" type="${result.outcome === 'failed' ? 'expectation' : 'inconclusive'}">${text(failureText(failed))}</failure>`);
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

function countsOf(results: VariantResult[]): Counts {
  return {
    tests: results.length,
    failures: results.filter((r) => r.outcome === 'failed' || r.outcome === 'inconclusive').length,
    errors: results.filter((r) => r.outcome === 'error').length,
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

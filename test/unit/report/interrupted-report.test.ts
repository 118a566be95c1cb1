import { describe, expect, it } from 'vitest';
import { renderRunSummary } from '../../../harness/report/console-report.js';
import { renderHtmlReport } from '../../../harness/report/html-report.js';
import { renderJunitReport } from '../../../harness/report/junit-report.js';
import { renderMarkdownReport } from '../../../harness/report/markdown-report.js';
import { buildRunReport, type RunReport } from '../../../harness/report/run-report.js';
import { realisticReport } from '../../fixtures/report/run-reports.js';

function interrupted(): RunReport {
  const { schemaVersion: _v, summary: _s, ...input } = realisticReport();
  return buildRunReport({ ...input, interrupted: { reason: 'the Docker Engine stopped answering during the run', planned: 9, finished: input.results.length } });
}

describe('a report of an interrupted run', () => {
  it('keeps what finished and says it is not a complete run, in every format', () => {
    const report = interrupted();
    expect(report.interrupted).toEqual({ reason: 'the Docker Engine stopped answering during the run', planned: 9, finished: report.results.length });
    expect(renderMarkdownReport(report)).toContain(`**Interrupted: not a complete run.** ${report.results.length} of 9 variant(s) ran`);
    expect(renderHtmlReport(report)).toContain('Interrupted: not a complete run.');
    expect(renderRunSummary(report, [], { color: false })).toContain(`INTERRUPTED: ${report.results.length} of 9 variant(s) ran; the Docker Engine stopped answering`);
  });

  it('shows as an errored test case in JUnit, so a CI view never shows a partial run green', () => {
    const complete = renderJunitReport(realisticReport());
    const partial = renderJunitReport(interrupted());
    const errors = (xml: string) => Number(/<testsuites [^>]*errors="(\d+)"/.exec(xml)![1]);
    expect(errors(partial)).toBe(errors(complete) + 1);
    expect(partial).toContain('<testcase classname="badgateway run" name="complete run" time="0"><error message="interrupted: ');
  });

  it('is absent from a complete run', () => {
    const report = realisticReport();
    expect(report.interrupted).toBeUndefined();
    expect(renderMarkdownReport(report)).not.toContain('Interrupted');
    expect(renderJunitReport(report)).not.toContain('complete run');
  });
});

import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../../harness/expect/verdict.js';
import { renderRunSummary, renderVariantResult } from '../../../harness/report/console-report.js';
import { buildRunReport, type VariantResult } from '../../../harness/report/run-report.js';
import { makeErrorLogLine, makeObservation } from '../../fixtures/observation.js';
import { chaosReport } from '../../fixtures/report/run-reports.js';

const ANSI = /\x1b\[/;

const verdicts: Verdict[] = [
  { expectation: 'status.504', expected: '>= 99%', measured: '98.9% (989 of 1000)', measuredValue: 98.9, pass: false, result: 'fail', source: 'client' },
  { expectation: 'error_log.upstream-timed-out-reading-header', expected: '>= 1', measured: '989 lines', measuredValue: 989, pass: true, result: 'pass', source: 'error_log' },
  { expectation: 'latency.p99', expected: '< 1.5s', measured: '1.02s', measuredValue: 1020, pass: true, result: 'pass', source: 'client' },
];

function failedResult(): VariantResult {
  return {
    scenario: 'slow-backend-read-timeout',
    variant: 'timeout-too-short',
    file: 'scenarios/slow-backend-read-timeout.yaml',
    outcome: 'failed',
    verdicts,
    observation: makeObservation({
      client: { statusCounts: { '504': 989, '200': 11 }, elapsedMs: 4010, requestsPerSecond: 249.4 },
    }),
  };
}

function lineWith(text: string, needle: string): string {
  const line = text.split('\n').find((l) => l.includes(needle));
  if (line === undefined) throw new Error(`no line contains ${needle}:\n${text}`);
  return line;
}

describe('renderVariantResult', () => {
  it('shows the header facts from the observation', () => {
    const header = renderVariantResult(failedResult(), { color: false }).split('\n')[0]!;
    expect(header).toContain('✘ slow-backend-read-timeout / timeout-too-short');
    expect(header).toContain('1000 requests in 4.01s (249.4 req/s)');
    expect(header).toContain('200×11 504×989');
    expect(header).toContain('nginx:1.28.0-alpine');
  });

  it('puts expected and measured side by side and marks the failing row', () => {
    const text = renderVariantResult(failedResult(), { color: false });
    const failing = lineWith(text, 'status.504');
    expect(failing).toMatch(/✘ status\.504\s+>= 99%\s+98\.9% \(989 of 1000\)\s+FAIL$/);
    const passing = lineWith(text, 'latency.p99');
    expect(passing).toMatch(/✔ latency\.p99\s+< 1\.5s\s+1\.02s\s+pass$/);
  });

  it('aligns the columns', () => {
    const text = renderVariantResult(failedResult(), { color: false });
    const rows = ['expectation', 'status.504', 'error_log.upstream', 'latency.p99'].map((needle) => lineWith(text, needle));
    const expectedAt = rows.map((row, i) => row.indexOf(i === 0 ? 'expected' : verdicts[i - 1]!.expected));
    const measuredAt = rows.map((row, i) => row.indexOf(i === 0 ? 'measured' : verdicts[i - 1]!.measured));
    expect(new Set(expectedAt).size).toBe(1);
    expect(new Set(measuredAt).size).toBe(1);
  });

  it('has no ANSI codes without color, and has them with color', () => {
    expect(renderVariantResult(failedResult(), { color: false })).not.toMatch(ANSI);
    expect(renderVariantResult(failedResult(), { color: true })).toMatch(ANSI);
  });

  it('shows reconciliation, unknown error-log lines (at most 10) and troubled containers', () => {
    const base = failedResult();
    const unknown = Array.from({ length: 12 }, (_, i) => makeErrorLogLine({ signature: 'unknown', message: `odd line ${i}` }));
    const observation = makeObservation({
      reconciliation: { agrees: false, differences: [{ status: '504', client: 989, accessLog: 987 }], notes: ['2 requests were cut off at stop'] },
      errorLog: { total: 12, signatureCounts: { unknown: 12 }, levelCounts: { error: 12 }, lines: unknown },
      containers: [
        { name: 'bg-nginx', role: 'nginx', image: 'nginx:1.28.0-alpine', running: true, exitCode: null, oomKilled: false, restartCount: 0, exitCodes: [], appLogLines: 0, logTail: [], served: null },
        { name: 'bg-app-1', role: 'backend', backend: 'app', replica: 1, image: 'node:22-alpine', running: false, exitCode: 137, oomKilled: true, restartCount: 2, exitCodes: [137, 137], appLogLines: 0, logTail: [], served: null },
      ],
    });
    const text = renderVariantResult({ ...base, observation }, { color: false });
    expect(lineWith(text, 'access log 987')).toMatch(/^\s+504\s+client 989, access log 987$/);
    expect(text).toContain('note: 2 requests were cut off at stop');
    expect(text).toContain('odd line 9');
    expect(text).not.toContain('odd line 10');
    expect(text).toContain('… and 2 more');
    expect(lineWith(text, 'bg-app-1')).toContain('exit code 137, OOMKilled, restarted 2×');
    expect(text).not.toMatch(/bg-nginx \(/);
  });

  it('says a variant ran again alone, and which expectations did not pass beside the others', () => {
    const alone = { ...failedResult(), outcome: 'passed' as const, verdicts: verdicts.map((v) => ({ ...v, pass: true, result: 'pass' as const })) };
    const header = (r: VariantResult) => renderVariantResult(r, { color: false }).split('\n')[0]!;
    expect(header({ ...alone, besideOthers: 'failed', besideOthersNotPassed: [verdicts[0]!] })).toContain('ran again alone (failed beside other scenarios: status.504, --jobs)');
    expect(header({ ...alone, besideOthers: 'error' })).toContain('ran again alone (error beside other scenarios, --jobs)');
    expect(header(alone)).not.toContain('ran again alone');
  });

  it('shows the message and hint of an error', () => {
    const result: VariantResult = {
      scenario: 'slow-backend-read-timeout', variant: 'timeout-tuned', file: 'x.yaml', outcome: 'error', verdicts: [],
      error: { kind: 'infrastructure', message: 'Docker is not reachable at /var/run/docker.sock', hint: 'Start Docker, then run again.' },
    };
    const text = renderVariantResult(result, { color: false });
    expect(text.split('\n')[0]).toMatch(/^! slow-backend-read-timeout \/ timeout-tuned\s+error$/);
    expect(text).toContain('infrastructure error: Docker is not reachable at /var/run/docker.sock');
    expect(text).toContain('hint: Start Docker, then run again.');
  });
});

describe('renderRunSummary', () => {
  it('shows totals and the report paths', () => {
    const passed: VariantResult = { ...failedResult(), variant: 'timeout-tuned', outcome: 'passed', verdicts: [] };
    const report = buildRunReport({
      runId: 'r1', startedAt: '2026-11-21T10:00:00.000Z', finishedAt: '2026-11-21T10:00:12.500Z', badgateway: '0.1.0',
      host: { platform: 'linux', arch: 'x64', node: 'v22.0.0', cpus: 2 }, results: [failedResult(), passed],
    });
    const text = renderRunSummary(report, ['reports/r1/report.json'], { color: false });
    expect(text).toContain('2 variants: 1 passed, 1 failed, 0 errored in 12.5s');
    expect(text).toContain('report: reports/r1/report.json');
    expect(text).not.toMatch(ANSI);
    expect(renderRunSummary(report, [], { color: true })).toMatch(ANSI);
  });
});

describe('renderVariantResult: chaos', () => {
  it('lists each chaos action with its planned, asked and effect times, or why it did not take effect', () => {
    const text = renderVariantResult(chaosReport().results[0]!, { color: false });
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.trim() === 'chaos:');
    expect(lines.slice(at + 1, at + 3).map((l) => l.trim())).toEqual([
      'kill: kill app-1, planned 1.000s, asked 1.001s, took effect 1.013s',
      'restart: restart app, asked —: not reached: the load ended first',
    ]);
  });
});

describe('renderRunSummary: the final table', () => {
  it('lists every variant with its outcome, requests, top statuses and failed expectations', async () => {
    const { realisticReport } = await import('../../fixtures/report/run-reports.js');
    const report = realisticReport();
    const text = renderRunSummary(report, [], { color: false });
    const rows = text.split('\n').slice(0, report.results.length);
    expect(rows).toHaveLength(report.results.length);
    report.results.forEach((r, i) => {
      const mark = r.outcome === 'passed' ? '✔' : r.outcome === 'failed' ? '✘' : '!';
      expect(rows[i]!.startsWith(`${mark}  ${r.scenario} / ${r.variant}`)).toBe(true);
      const failed = r.verdicts.filter((v) => !v.pass).length;
      if (r.outcome === 'failed') expect(rows[i]).toMatch(new RegExp(`${failed} failed$`));
    });
    expect(text).not.toMatch(/\x1b\[/);
  });
});

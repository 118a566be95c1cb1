import { describe, expect, it } from 'vitest';
import { renderMarkdownReport } from '../../../harness/report/markdown-report.js';
import { buildRunReport } from '../../../harness/report/run-report.js';
import { hostileReport, realisticReport } from '../../fixtures/report/run-reports.js';

/** The cells of a GFM table row: split at pipes that are not backslash-escaped. */
function cells(row: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < row.length; i++) {
    const c = row[i];
    if (c === '\\' && i + 1 < row.length) { current += c + row[i + 1]; i++; }
    else if (c === '|') { parts.push(current.trim()); current = ''; }
    else current += c;
  }
  parts.push(current.trim());
  return parts.slice(1, -1);
}

/** The text with every code span (literal in Markdown) removed; escaped backticks do not open one. */
function withoutCodeSpans(text: string): string {
  let out = '';
  for (let i = 0; i < text.length;) {
    if (text[i] === '\\') { out += text.slice(i, i + 2); i += 2; continue; }
    if (text[i] !== '`') { out += text[i]; i++; continue; }
    let run = 0;
    while (text[i + run] === '`') run++;
    const fence = '`'.repeat(run);
    let close = text.indexOf(fence, i + run);
    while (close >= 0 && text[close + run] === '`') close = text.indexOf(fence, close + run + 1);
    if (close < 0) { out += fence; i += run; continue; }
    i = close + run;
  }
  return out;
}

function tableAfter(text: string, header: string): string[][] {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.startsWith(header));
  if (start < 0) throw new Error(`no table starting with ${header}`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(cells(line));
  }
  return rows;
}

describe('renderMarkdownReport', () => {
  const text = renderMarkdownReport(realisticReport());

  it('opens with the totals', () => {
    expect(text.split('\n')[0]).toBe('## ⚠️ badgateway: 3 variants');
    expect(text).toContain('**1 passed**, **1 failed**, **1 errored** in 19.25s');
    expect(text).toContain('run `20261121-100000-e3da` · badgateway 0.1.0 · nginx 1.28.0');
  });

  it('has one table row per variant with outcome, requests and status mix', () => {
    expect(tableAfter(text, '| scenario | variant |')).toEqual([
      ['slow-backend-read-timeout', 'timeout-too-short', '❌ failed (2 of 5 expectations failed)', '449', '200×60 502×25 504×362 timeout×2'],
      ['slow-backend-read-timeout', 'timeout-tuned', '✅ passed', '208', '200×208'],
      ['backend-name-unresolved', 'static-upstream', '⚠️ error', '–', '–'],
    ]);
  });

  it('lists every failed verdict with expected beside measured, and only those', () => {
    expect(text).toContain('### Failed and inconclusive expectations');
    expect(text).toContain('**slow-backend-read-timeout / timeout-too-short** (`scenarios/slow-backend-read-timeout.yaml`)');
    expect(tableAfter(text, '| expectation | expected |')).toEqual([
      ['`status.504`', '\\>= 99%', '**80.6% (362 of 449)**', 'FAIL', 'client'],
      ['`error_log.unknown`', '0', '**2 lines**', 'FAIL', 'error\\_log'],
    ]);
    expect(text).not.toContain('latency.p99');
  });

  it('says why a failed variant sent fewer requests than planned, and says nothing of the load otherwise', () => {
    expect(text).not.toContain('Load: ');
    const report = realisticReport();
    const failed = report.results.find((r) => r.outcome === 'failed')!;
    failed.observation!.client.stoppedEarly = { finished: 26, reason: 'failed 8 of 26: over the 401 planned at least 1.01% (95% CI), budget <= 1%' };
    const stopped = renderMarkdownReport(report);
    expect(stopped).toContain('**slow-backend-read-timeout / timeout-too-short** (`scenarios/slow-backend-read-timeout.yaml`)\n\nLoad: 449 requests in 7.96s (56.4 req/s); stopped sending once the budget was broken: failed 8 of 26: over the 401 planned at least 1.01% (95% CI), budget \\<= 1%.');
  });

  it('lists errors with their kind and hint', () => {
    expect(text).toContain('### Errors');
    expect(text).toContain('- **backend-name-unresolved / static-upstream**: infrastructure error: nginx -t rejected the rendered config: nginx: \\[emerg\\]');
    expect(text).toContain('  hint: The template resolves backend names at start-up; check the backend name.');
  });

  it('keeps hostile text inside its table cell and out of the markup', () => {
    const hostile = renderMarkdownReport(hostileReport());
    const rows = tableAfter(hostile, '| scenario | variant |');
    expect(rows.map((row) => row.length)).toEqual([5, 5]);
    const failed = tableAfter(hostile, '| expectation | expected |');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toHaveLength(5);
    expect(hostile).not.toMatch(/[\u0000-\u0008\u000B-\u001F]/);
    expect(withoutCodeSpans(hostile)).not.toMatch(/(?<!\\)<b>/);
    expect(withoutCodeSpans(hostile)).toContain('\\<b\\>');
  });

  it('says so when nothing ran, and shows no empty sections', () => {
    const empty = renderMarkdownReport(buildRunReport({
      runId: 'r', startedAt: '2026-11-21T10:00:00.000Z', finishedAt: '2026-11-21T10:00:01.000Z', badgateway: '0.1.0',
      host: { platform: 'linux', arch: 'x64', node: 'v20', cpus: 1 }, results: [],
    }));
    expect(empty).toContain('## ✅ badgateway: 0 variants');
    expect(empty).toContain('_No variants ran._');
    expect(empty).not.toContain('###');
  });
});

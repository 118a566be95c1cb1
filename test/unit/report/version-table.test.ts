import { describe, expect, it } from 'vitest';
import { renderRunSummary } from '../../../harness/report/console-report.js';
import { renderHtmlReport } from '../../../harness/report/html-report.js';
import { versionTableHtml } from '../../../harness/report/html-version-table.js';
import { renderMarkdownReport } from '../../../harness/report/markdown-report.js';
import { buildRunReport, type VariantResult } from '../../../harness/report/run-report.js';
import { compareLines, versionTable } from '../../../harness/report/version-table.js';
import { makeObservation } from '../../fixtures/observation.js';

const RAN: Record<string, string> = { '1.22': '1.22.1', '1.26': '1.26.3', '1.30': '1.30.6' };

function result(variant: string, line: string, outcome: VariantResult['outcome'], statusCounts: Record<string, number>): VariantResult {
  return {
    scenario: 'upstream-keepalive-default', variant, file: 'scenarios/upstream-keepalive-default.yaml', nginxVersion: line, outcome, verdicts: [],
    observation: makeObservation({ client: { statusCounts }, nginxVersion: RAN[line] }),
  };
}

/** The table rows of an HTML fragment, each a list of its cells' text (tags dropped). */
function htmlRows(html: string): string[][] {
  return [...html.matchAll(/<tr>(.*?)<\/tr>/g)].map((row) => [...row[1]!.matchAll(/<t[dh][^>]*>(.*?)<\/t[dh]>/g)].map((cell) => cell[1]!.replace(/<[^>]+>/g, '').trim()));
}

const results = [
  result('no-keepalive-in-config@1.22', '1.22', 'passed', { '200': 30 }),
  result('no-keepalive-in-config@1.30', '1.30', 'failed', { '200': 20, '502': 10 }),
  result('no-keepalive-in-config@1.26', '1.26', 'passed', { '200': 30 }),
  result('keepalive-timeout-below-backend@1.30', '1.30', 'passed', { '200': 30 }),
];

describe('versionTable', () => {
  it('puts each variant on one row with a cell per version, versions in order', () => {
    const table = versionTable(results)!;
    expect(table.versions).toEqual(['1.22', '1.26', '1.30']);
    expect(table.rows.map((r) => r.variant)).toEqual(['no-keepalive-in-config', 'keepalive-timeout-below-backend']);
    expect(table.rows[0]!.cells['1.30']).toMatchObject({ outcome: 'failed', statuses: '200×20 502×10' });
    expect(table.rows[1]!.cells['1.22']).toBeUndefined();
  });

  it('is absent for a run on one version or none', () => {
    expect(versionTable(results.filter((r) => r.nginxVersion === '1.30'))).toBeUndefined();
    expect(versionTable([{ ...results[0]!, nginxVersion: undefined }])).toBeUndefined();
  });

  it("puts the gate's baseline on another version in the same row", () => {
    const table = versionTable([result('post@baseline', '1.26', 'passed', { '200': 77 }), result('post', '1.30', 'failed', { '200': 51, '502': 26 })])!;
    expect(table.rows).toHaveLength(1);
    expect(Object.keys(table.rows[0]!.cells)).toEqual(['1.26', '1.30']);
  });

  it("puts a result on the default image beside the same variant on a named line, under the line its nginx reported", () => {
    const candidate = { ...result('post', '1.22', 'passed', { '200': 77 }), nginxVersion: undefined };
    const table = versionTable([candidate, result('post@baseline', '1.26', 'passed', { '200': 77 })])!;
    expect(table.versions).toEqual(['1.22', '1.26']);
    expect(table.rows).toHaveLength(1);
    expect(table.rows[0]!.cells['1.22']).toMatchObject({ nginx: '1.22.1', index: 0 });
    // alone, or in a run where no variant names a line, it makes no table and no row
    expect(versionTable([candidate])).toBeUndefined();
    expect(versionTable([...results, { ...candidate, scenario: 'other' }])!.rows.map((r) => r.scenario)).not.toContain('other');
  });

  it('keeps the index of each result, for links to its section', () => {
    const table = versionTable(results)!;
    expect(table.rows[0]!.cells['1.22']!.index).toBe(0);
    expect(table.rows[0]!.cells['1.26']!.index).toBe(2);
    expect(table.rows[1]!.cells['1.30']!.index).toBe(3);
  });

  it('orders lines as numbers', () => {
    expect(['1.30', '1.9', '1.22'].sort(compareLines)).toEqual(['1.9', '1.22', '1.30']);
  });

  it('is shown side by side in the console summary and in report.md', () => {
    const report = buildRunReport({
      runId: 'r1', startedAt: '2026-11-28T10:00:00.000Z', finishedAt: '2026-11-28T10:00:12.500Z', badgateway: '0.1.0',
      host: { platform: 'linux', arch: 'x64', node: 'v20.0.0', cpus: 2 }, results,
    });
    const text = renderRunSummary(report, [], { color: false });
    expect(text).toMatch(/per nginx version +nginx 1\.22 +nginx 1\.26 +nginx 1\.30/);
    expect(text).toMatch(/upstream-keepalive-default \/ no-keepalive-in-config +✔ 200×30 +✔ 200×30 +✘ 200×20 502×10/);
    expect(text).toMatch(/keepalive-timeout-below-backend +– +– +✔ 200×30/);
    const md = renderMarkdownReport(report);
    expect(md).toContain('| scenario | variant | nginx 1.22 | nginx 1.26 | nginx 1.30 |');
    expect(md).toContain('| upstream-keepalive-default | no-keepalive-in-config | ✅ passed · 200×30 | ✅ passed · 200×30 | ❌ failed · 200×20 502×10 |');
  });

  it('is a table in report.html: a row per variant, a column per line with the nginx that ran, each cell linked to its section', () => {
    const html = versionTableHtml(results);
    expect(htmlRows(html)).toEqual([
      ['scenario', 'variant', 'nginx 1.22 (1.22.1)', 'nginx 1.26 (1.26.3)', 'nginx 1.30 (1.30.6)'],
      ['upstream-keepalive-default', 'no-keepalive-in-config', '✔ passed 200×30', '✔ passed 200×30', '✘ failed 200×20 502×10'],
      ['upstream-keepalive-default', 'keepalive-timeout-below-backend', '–', '–', '✔ passed 200×30'],
    ]);
    // 1.26's cell is the third result: section variant-3; the failed cell is marked
    expect(html).toContain('<td><a href="#variant-3"><span class="badge passed">');
    expect(html).toContain('<td class="fail"><a href="#variant-2"><span class="badge failed">');
    const report = buildRunReport({
      runId: 'r1', startedAt: '2026-11-28T10:00:00.000Z', finishedAt: '2026-11-28T10:00:12.500Z', badgateway: '0.1.0',
      host: { platform: 'linux', arch: 'x64', node: 'v20.0.0', cpus: 2 }, results,
    });
    const page = renderHtmlReport(report);
    expect(page).toContain(html);
    expect(page.indexOf('<h3>Per nginx version</h3>')).toBeLessThan(page.indexOf('id="variant-1"'));
  });

  it('escapes names in the HTML table, and is absent from report.html for a run on one line', () => {
    const hostile = [result('<img>@1.22', '1.22', 'passed', { '200': 1 }), result('<img>@1.30', '1.30', 'error', {})];
    const html = versionTableHtml(hostile);
    expect(html).not.toContain('<img>');
    expect(html).toContain('&lt;img&gt;');
    expect(html).toContain('<td class="errored"><a href="#variant-2"><span class="badge error">! error</span></a>');
    expect(versionTableHtml(results.filter((r) => r.nginxVersion === '1.30'))).toBe('');
  });
});

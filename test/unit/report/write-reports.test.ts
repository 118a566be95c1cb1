import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../../harness/report/html-report.js';
import { renderJunitReport } from '../../../harness/report/junit-report.js';
import { renderMarkdownReport } from '../../../harness/report/markdown-report.js';
import type { RunReport } from '../../../harness/report/run-report.js';
import {
  isReportFormat, REPORT_FORMATS, reportFileName, writeReports, type ReportFormat,
} from '../../../harness/report/write-reports.js';
import { realisticReport } from '../../fixtures/report/run-reports.js';

describe('writeReports', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'badgateway-reports-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it('writes every format, report.json last, and returns the paths in writing order', async () => {
    const report = realisticReport();
    const out = join(dir, 'run-1');
    const paths = await writeReports(report, out, ['json', 'junit', 'markdown', 'html']);
    expect(paths).toEqual(['report.junit.xml', 'report.md', 'report.html', 'report.json'].map((f) => join(out, f)));
    expect((await readdir(out)).sort()).toEqual(['report.html', 'report.json', 'report.junit.xml', 'report.md']);
    expect(JSON.parse(await readFile(join(out, 'report.json'), 'utf8'))).toEqual(report);
    expect(await readFile(join(out, 'report.junit.xml'), 'utf8')).toBe(renderJunitReport(report));
    expect(await readFile(join(out, 'report.md'), 'utf8')).toBe(renderMarkdownReport(report));
    expect(await readFile(join(out, 'report.html'), 'utf8')).toBe(renderHtmlReport(report));
  });

  it('writes only the formats asked for, each once, and nothing for none', async () => {
    expect(await writeReports(realisticReport(), dir, ['html', 'junit', 'html'])).toEqual([join(dir, 'report.html'), join(dir, 'report.junit.xml')]);
    expect((await readdir(dir)).sort()).toEqual(['report.html', 'report.junit.xml']);
    expect(await writeReports(realisticReport(), join(dir, 'none'), [])).toEqual([]);
    expect(await readdir(dir)).not.toContain('none');
  });

  it('replaces an earlier report in place', async () => {
    await writeReports(realisticReport(), dir, ['markdown']);
    const second = { ...realisticReport(), runId: 'second-run' };
    await writeReports(second, dir, ['markdown']);
    expect(await readFile(join(dir, 'report.md'), 'utf8')).toContain('second-run');
    expect(await readdir(dir)).toEqual(['report.md']);
  });

  it('writes nothing when a format cannot be rendered', async () => {
    const broken = { ...realisticReport(), results: [{ ...realisticReport().results[0], observation: { client: null } }] } as unknown as RunReport;
    await expect(writeReports(broken, dir, ['json', 'html'])).rejects.toThrow();
    expect(await readdir(dir)).toEqual([]);
  });

  it('rejects an unknown format before writing anything', async () => {
    await expect(writeReports(realisticReport(), dir, ['json', 'pdf' as ReportFormat])).rejects.toThrow(/unknown report format pdf; expected one of json, junit, markdown, html/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('names its formats and their files', () => {
    expect(REPORT_FORMATS).toEqual(['json', 'junit', 'markdown', 'html']);
    expect(REPORT_FORMATS.map(reportFileName)).toEqual(['report.json', 'report.junit.xml', 'report.md', 'report.html']);
    expect([isReportFormat('junit'), isReportFormat('xml')]).toEqual([true, false]);
  });
});

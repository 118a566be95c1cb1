/**
 * Writes a RunReport in the chosen formats to outDir, each file atomically. report.json, the
 * machine-readable truth of the run, is always written last, so a reader that sees it can rely
 * on the other files of the same run being complete.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { HTML_REPORT_FILE, renderHtmlReport } from './html-report.js';
import { JSON_REPORT_FILE, renderJsonReport } from './json-reporter.js';
import { JUNIT_REPORT_FILE, renderJunitReport } from './junit-report.js';
import { MARKDOWN_REPORT_FILE, renderMarkdownReport } from './markdown-report.js';
import type { RunReport } from './run-report.js';
import { reportsFolderFault } from './reports-folder.js';
import { writeFileAtomic } from './write-file-atomic.js';

export const REPORT_FORMATS = ['json', 'junit', 'markdown', 'html'] as const;

export type ReportFormat = (typeof REPORT_FORMATS)[number];

interface FormatWriter {
  file: string;
  render(report: RunReport): string;
}

const WRITERS: Record<ReportFormat, FormatWriter> = {
  json: { file: JSON_REPORT_FILE, render: renderJsonReport },
  junit: { file: JUNIT_REPORT_FILE, render: renderJunitReport },
  markdown: { file: MARKDOWN_REPORT_FILE, render: renderMarkdownReport },
  html: {
    file: HTML_REPORT_FILE,
    // Chaos actions stand on the status chart where they were asked for.
    render: (report) => renderHtmlReport(report, { markers: (r) => (r.observation?.timeline ?? []).filter((t) => t.requestedAtMs !== null).map((t) => ({ atMs: t.requestedAtMs!, label: `${t.name}: ${t.action} ${t.target}` })) }),
  },
};

export function isReportFormat(text: string): text is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(text);
}

/** The file name a format is written to, inside outDir. */
export function reportFileName(format: ReportFormat): string {
  return WRITERS[format].file;
}

/**
 * Renders every format first (a rendering fault writes nothing), then writes the files, JSON
 * last. Formats listed twice are written once. Returns the paths written, in writing order.
 */
export async function writeReports(report: RunReport, outDir: string, formats: ReportFormat[]): Promise<string[]> {
  const unique = [...new Set(formats)];
  const unknown = unique.filter((format) => !isReportFormat(format));
  if (unknown.length > 0) {
    throw new Error(`unknown report format ${unknown.join(', ')}; expected one of ${REPORT_FORMATS.join(', ')}`);
  }
  const ordered = [...unique.filter((f) => f !== 'json'), ...unique.filter((f) => f === 'json')];
  const rendered = ordered.map((format) => ({ path: join(outDir, WRITERS[format].file), text: WRITERS[format].render(report) }));
  if (rendered.length === 0) return [];
  let current = outDir;
  try {
    await mkdir(outDir, { recursive: true });
    for (const file of rendered) {
      current = file.path;
      await writeFileAtomic(file.path, file.text);
    }
  } catch (error) {
    throw reportsFolderFault(error, current);
  }
  return rendered.map((file) => file.path);
}

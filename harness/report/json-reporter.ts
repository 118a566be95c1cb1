/**
 * Writes the RunReport as `report.json` (schema: docs/report-schema.md). Atomic: see
 * writeFileAtomic, so a crash or Ctrl-C leaves either the previous report or the complete new one.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunReport } from './run-report.js';
import { writeFileAtomic } from './write-file-atomic.js';

export const JSON_REPORT_FILE = 'report.json';

/** The JSON text of a report, exactly as written to report.json. */
export function renderJsonReport(report: RunReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export class JsonReporter {
  async write(report: RunReport, outDir: string): Promise<string[]> {
    await mkdir(outDir, { recursive: true });
    const target = join(outDir, JSON_REPORT_FILE);
    await writeFileAtomic(target, renderJsonReport(report));
    return [target];
  }
}

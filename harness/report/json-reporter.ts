/**
 * Writes the RunReport as `report.json`. Atomic: the JSON goes to a temporary file in the same
 * folder, is flushed to disk, and is then renamed over the target, so a crash or Ctrl-C leaves
 * either the previous report or the complete new one, never half of one.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunReport } from './run-report.js';

export const JSON_REPORT_FILE = 'report.json';

export class JsonReporter {
  async write(report: RunReport, outDir: string): Promise<string[]> {
    await mkdir(outDir, { recursive: true });
    const target = join(outDir, JSON_REPORT_FILE);
    await writeFileAtomic(target, `${JSON.stringify(report, null, 2)}\n`);
    return [target];
  }
}

async function writeFileAtomic(target: string, text: string): Promise<void> {
  const temp = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

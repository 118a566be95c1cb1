import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReportsFolderError } from '../../../harness/errors.js';
import { ensureWritable, reportsFolderFault, writeEvidence } from '../../../harness/report/reports-folder.js';
import { writeReports } from '../../../harness/report/write-reports.js';
import { realisticReport } from '../../fixtures/report/run-reports.js';

describe('the reports folder', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'badgateway-folder-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it('turns a full disk, a read-only filesystem and a permission error into infrastructure errors that say what to do', () => {
    const errno = (code: string) => Object.assign(new Error(code), { code });
    const full = reportsFolderFault(errno('ENOSPC'), '/r/report.json') as ReportsFolderError;
    expect(full).toBeInstanceOf(ReportsFolderError);
    expect(full.kind).toBe('infrastructure');
    expect(full.message).toBe('cannot write /r/report.json: the disk is full (ENOSPC)');
    expect(full.hint).toMatch(/Free disk space/);
    expect((reportsFolderFault(errno('EROFS'), '/r') as Error).message).toMatch(/read-only \(EROFS\)/);
    expect((reportsFolderFault(errno('EACCES'), '/r') as ReportsFolderError).hint).toMatch(/--out/);
    const other = new Error('something else');
    expect(reportsFolderFault(other, '/r')).toBe(other);
  });

  it('proves a folder writable and leaves nothing in it', async () => {
    await ensureWritable(join(dir, 'run'));
    expect(await readdir(join(dir, 'run'))).toEqual([]);
  });

  it('refuses a folder whose path runs through a file, before anything is run', async () => {
    await writeFile(join(dir, 'file'), 'x');
    await expect(ensureWritable(join(dir, 'file', 'run'))).rejects.toThrow(ReportsFolderError);
    await expect(writeEvidence(join(dir, 'file', 'v'), 'access.log', 'x')).rejects.toThrow(/a part of the path is a file/);
    await expect(writeReports(realisticReport(), join(dir, 'file', 'r'), ['json'])).rejects.toThrow(ReportsFolderError);
  });
});

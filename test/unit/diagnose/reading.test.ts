import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../harness/diagnose/line-splitter.js';
import { readLogFiles } from '../../../harness/diagnose/read-log-files.js';
import { errorLogSeconds, isoSeconds, timeLocalSeconds } from '../../../harness/diagnose/time-key.js';
import { UsageError } from '../../../harness/errors.js';
import { BASE_S } from './log-builder.js';

const dir = await mkdtemp(join(tmpdir(), 'diagnose-read-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('LineSplitter', () => {
  it('splits across chunks, drops CR, keeps a last line without newline', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((l) => lines.push(l));
    for (const chunk of ['a\r\nb', 'c\n', '\nd']) splitter.push(chunk);
    splitter.end();
    expect(lines).toEqual(['a', 'bc', '', 'd']);
  });

  it('cuts a line longer than its bound and skips the rest of it', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((l) => lines.push(l), 4);
    for (const chunk of ['ab', 'cdefgh', 'ij\nxy\n']) splitter.push(chunk);
    splitter.end();
    expect(lines).toEqual(['abcd', 'xy']);
    expect(splitter.cutLines).toBe(1);
  });
});

describe('time keys', () => {
  it('puts the error log, $time_local and $time_iso8601 on the same wall clock', () => {
    expect(errorLogSeconds('2026/11/21 10:00:05')).toBe(BASE_S + 5);
    expect(timeLocalSeconds('21/Nov/2026:10:00:05 +0100')).toBe(BASE_S + 5);
    expect(isoSeconds('2026-11-21T10:00:05-07:00')).toBe(BASE_S + 5);
    expect(errorLogSeconds('2026/13/21 10:00:05')).toBeUndefined();
    expect(timeLocalSeconds('21/Foo/2026:10:00:05 +0000')).toBeUndefined();
  });
});

describe('readLogFiles', () => {
  it('streams several files in order, gunzipping rotated ones by their magic bytes', async () => {
    await writeFile(join(dir, 'error.log.2.gz'), gzipSync('one\ntwo\n'));
    await writeFile(join(dir, 'error.log.1'), gzipSync('three\n'));
    await writeFile(join(dir, 'error.log'), 'four\nfive');
    const lines: string[] = [];
    const stats = await readLogFiles(['error.log.2.gz', 'error.log.1', 'error.log'].map((f) => join(dir, f)), 'error log', (l) => lines.push(l));
    expect(lines).toEqual(['one', 'two', 'three', 'four', 'five']);
    expect(stats.map((s) => [s.gzip, s.lines])).toEqual([[true, 2], [true, 1], [false, 2]]);
  });

  it('says which file is missing, a folder, or corrupt gzip, as usage errors', async () => {
    await expect(readLogFiles([join(dir, 'nope.log')], 'error log', () => {})).rejects.toThrow(/error log .*nope\.log does not exist/);
    await expect(readLogFiles([dir], 'access log', () => {})).rejects.toThrow(UsageError);
    const gz = gzipSync('x\n'.repeat(10_000));
    await writeFile(join(dir, 'cut.gz'), gz.subarray(0, gz.length - 20));
    await expect(readLogFiles([join(dir, 'cut.gz')], 'error log', () => {})).rejects.toThrow(/gzip data is corrupt or cut/);
  });
});

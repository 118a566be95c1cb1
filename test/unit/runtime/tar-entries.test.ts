import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tarEntries } from '../../../harness/runtime/tar-entries.js';

describe('tarEntries', () => {
  it('reads every file tar wrote, byte for byte, whatever its size', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tar-entries-'));
    const big = Buffer.alloc(70_001, 'é');
    writeFileSync(join(dir, 'access.log'), big);
    writeFileSync(join(dir, 'error.log'), '');
    writeFileSync(join(dir, 'other.log'), 'line\n');
    const archive = execFileSync('tar', ['-cf', '-', '-C', dir, 'access.log', 'error.log', 'other.log'], { maxBuffer: 1 << 24 });
    const files = tarEntries(archive);
    expect([...files.keys()]).toEqual(['access.log', 'error.log', 'other.log']);
    expect(files.get('access.log')!.equals(big)).toBe(true);
    expect(files.get('error.log')!.length).toBe(0);
    expect(files.get('other.log')!.toString()).toBe('line\n');
  });

  it('stops at the end of the archive and on an empty input', () => {
    expect(tarEntries(Buffer.alloc(0)).size).toBe(0);
    expect(tarEntries(Buffer.alloc(1024)).size).toBe(0);
  });
});

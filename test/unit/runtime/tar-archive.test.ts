import { describe, expect, it } from 'vitest';
import { tarArchive, tarEntries } from '../../../harness/runtime/tar-entries.js';
import { sameFiles } from '../../../harness/runtime/nginx-files.js';

describe('tarArchive', () => {
  it('writes files that tarEntries reads back byte for byte, whole blocks, two empty blocks at the end', () => {
    const archive = tarArchive([{ path: '/etc/a.conf', content: 'x'.repeat(513), mode: 0o444 }, { path: 'b', content: Buffer.from([0, 1, 2]), mode: 0o644 }]);
    expect(archive.length % 512).toBe(0);
    const files = tarEntries(archive);
    expect(files.get('etc/a.conf')?.toString()).toBe('x'.repeat(513));
    expect([...files.get('b')!]).toEqual([0, 1, 2]);
    expect(archive.subarray(-1024).every((b) => b === 0)).toBe(true);
    // mode and checksum as tar writes them
    expect(archive.subarray(100, 107).toString()).toBe('0000444');
    let sum = 0;
    const header = Buffer.from(archive.subarray(0, 512));
    header.fill(' ', 148, 156);
    for (const byte of header) sum += byte;
    expect(parseInt(archive.subarray(148, 154).toString(), 8)).toBe(sum);
  });

  it('refuses a path it cannot store', () => {
    expect(() => tarArchive([{ path: `/${'a'.repeat(120)}`, content: '', mode: 0o444 }])).toThrow(/too long/);
  });
});

describe('sameFiles', () => {
  it('is the same paths, modes and contents in any order', () => {
    const a = { path: '/x', content: '1', mode: 0o444 };
    const b = { path: '/y', content: '2', mode: 0o444 };
    expect(sameFiles([a, b], [b, a])).toBe(true);
    expect(sameFiles([a], [{ ...a, content: '2' }])).toBe(false);
    expect(sameFiles([a], [])).toBe(false);
  });
});

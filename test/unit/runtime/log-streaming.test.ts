import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DockerStreamDemuxer, demuxDockerLogs } from '../../../harness/runtime/docker-logs.js';
import { LogFilesSink } from '../../../harness/runtime/log-files-sink.js';
import { TarStreamReader } from '../../../harness/runtime/tar-stream.js';
import { tarEntries } from '../../../harness/runtime/tar-entries.js';

/** `archive` cut into pieces of `size` bytes (the last one shorter) */
function pieces(archive: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < archive.length; at += size) out.push(archive.subarray(at, at + size));
  return out;
}

function archiveOf(files: Record<string, string | Buffer>): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'tar-stream-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return execFileSync('tar', ['-cf', '-', '-C', dir, ...Object.keys(files)], { maxBuffer: 1 << 24 });
}

async function readStreamed(archive: Buffer, pieceSize: number): Promise<{ files: Map<string, Buffer>; ended: string[]; complete: boolean }> {
  const parts = new Map<string, Buffer[]>();
  const ended: string[] = [];
  const reader = new TarStreamReader({
    data: (name, bytes) => { parts.set(name, parts.get(name) ?? []); parts.get(name)!.push(Buffer.from(bytes)); },
    end: (name) => { ended.push(name); },
  });
  for (const piece of pieces(archive, pieceSize)) await reader.push(piece);
  return { files: new Map([...parts].map(([name, bufs]) => [name, Buffer.concat(bufs)])), ended, complete: reader.complete };
}

describe('TarStreamReader', () => {
  const big = Buffer.alloc(70_001, 'é');
  const archive = archiveOf({ 'access.log': big, 'error.log': '', 'other.log': 'line\n' });

  it.each([3, 7, 511, 512, 513, 4096, 65_536, archive.length])('gives every file byte for byte whatever the chunks (%i bytes)', async (size) => {
    const { files, ended, complete } = await readStreamed(archive, size);
    expect(ended).toEqual(['access.log', 'error.log', 'other.log']);
    expect(files.get('access.log')!.equals(big)).toBe(true);
    expect(files.has('error.log')).toBe(false);
    expect(files.get('other.log')!.toString()).toBe('line\n');
    expect(complete).toBe(true);
    expect([...tarEntries(archive).keys()]).toEqual(ended);
  });

  it('says an archive cut inside a file is not complete', async () => {
    const { ended, complete } = await readStreamed(archive.subarray(0, 512 + 1000), 300);
    expect(ended).toEqual([]);
    expect(complete).toBe(false);
  });
});

describe('DockerStreamDemuxer', () => {
  const frame = (stream: number, text: string) => {
    const body = Buffer.from(text);
    const head = Buffer.alloc(8);
    head[0] = stream;
    head.writeUInt32BE(body.length, 4);
    return Buffer.concat([head, body]);
  };
  const stream = Buffer.concat([frame(1, 'out one '), frame(2, 'err one '), frame(1, ''), frame(1, 'out two'), frame(2, 'err two')]);

  it.each([1, 3, 8, 9, stream.length])('splits frames cut anywhere like the whole-buffer split (%i bytes)', async (size) => {
    const seen = { stdout: '', stderr: '' };
    const demuxer = new DockerStreamDemuxer((kind, bytes) => { seen[kind] += bytes.toString(); });
    for (const piece of pieces(stream, size)) await demuxer.push(piece);
    expect(seen).toEqual(demuxDockerLogs(stream));
    expect(seen).toEqual({ stdout: 'out one out two', stderr: 'err one err two' });
  });
});

describe('LogFilesSink', () => {
  it('writes each file under its name only once complete, and hands on every line', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'log-sink-')), 'variant');
    const lines: string[] = [];
    const sink = new LogFilesSink(dir, (file, line) => lines.push(`${file}:${line}`));
    // a multi-byte character cut between two chunks
    const text = Buffer.from('first é line\r\nsecond\n\nlast without newline');
    await sink.data('access.log', text.subarray(0, 7));
    expect(readdirSync(dir).some((f) => f === 'access.log')).toBe(false);
    await sink.data('access.log', text.subarray(7));
    await sink.end('access.log');
    await sink.end('error.log');
    expect(readFileSync(join(dir, 'access.log')).equals(text)).toBe(true);
    expect(readFileSync(join(dir, 'error.log'), 'utf8')).toBe('');
    expect(readdirSync(dir).sort()).toEqual(['access.log', 'error.log']);
    expect(lines).toEqual(['access.log:first é line', 'access.log:second', 'access.log:', 'access.log:last without newline']);
    expect(sink.bytes.get('access.log')).toBe(text.length);
  });

  it('leaves nothing of a file the stream cut off', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'log-sink-'));
    const sink = new LogFilesSink(dir, () => {});
    await sink.data('access.log', Buffer.from('half a line'));
    await sink.discard();
    expect(readdirSync(dir)).toEqual([]);
  });
});

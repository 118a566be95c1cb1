/**
 * The one adapter that reads logs: streams each file in the order given, gunzipping those that
 * start with the gzip magic bytes (rotated `error.log.2.gz`), and hands every line to a callback.
 * Nothing is kept: memory stays flat however large the files are.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { BadgatewayError, UsageError } from '../errors.js';
import { LineSplitter } from './line-splitter.js';

/**
 * A log file existed and was readable, but reading it failed midway (an I/O error): exit 3.
 * (Belongs in harness/errors.ts with the other typed errors.)
 */
export class LogReadError extends BadgatewayError {
  readonly kind = 'infrastructure' as const;
}

export interface FileReadStats {
  file: string;
  gzip: boolean;
  bytes: number;
  lines: number;
  /** lines longer than the splitter's bound, cut */
  cutLines: number;
}

const GZIP_MAGIC = [0x1f, 0x8b];

export async function readLogFiles(files: readonly string[], what: string, onLine: (line: string) => void): Promise<FileReadStats[]> {
  const stats: FileReadStats[] = [];
  for (const file of files) stats.push(await readLogFile(file, what, onLine));
  return stats;
}

async function readLogFile(file: string, what: string, onLine: (line: string) => void): Promise<FileReadStats> {
  const size = await checkReadable(file, what);
  const gzip = await startsWithGzipMagic(file);
  let lines = 0;
  const splitter = new LineSplitter((line) => {
    lines += 1;
    onLine(line);
  });
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  const stream: Readable = gzip ? raw.pipe(createGunzip()) : raw;
  if (gzip) raw.on('error', (error) => stream.destroy(error));
  stream.setEncoding('utf8');
  try {
    for await (const chunk of stream) splitter.push(chunk as string);
    splitter.end();
  } catch (error) {
    raw.destroy();
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (gzip && code.startsWith('Z_')) {
      throw new UsageError(`${what} ${file}: the gzip data is corrupt or cut (${(error as Error).message}) after ${lines} lines`, 'Give the file whole, or unpack what is readable with `zcat -f` and pass that.');
    }
    throw new LogReadError(`${what} ${file}: reading failed after ${lines} lines (${(error as Error).message})`, 'Check the disk and the file, then run again.');
  }
  return { file, gzip, bytes: size, lines, cutLines: splitter.cutLines };
}

async function checkReadable(file: string, what: string): Promise<number> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new UsageError(`${what} ${file} is not a file`, 'Give the path of a log file (plain or .gz).');
    return info.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'may not be read (permission denied)' : `cannot be read (${code ?? String(error)})`;
    throw new UsageError(`${what} ${file} ${why}`, 'Check the path; nginx writes its logs to /var/log/nginx/ by default.');
  }
}

async function startsWithGzipMagic(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  } finally {
    await handle.close();
  }
}

/**
 * Where nginx's logs go as they stream out of its container: each file is written to a folder
 * (a temporary name, flushed, then renamed into place, so there is never half of one under its own
 * name) and every line of it is handed on for the summaries. Nothing is held but the line being
 * split: memory stays flat however large the logs are.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { LineSplitter } from '../diagnose/line-splitter.js';
import { reportsFolderFault } from '../report/reports-folder.js';
import type { TarStreamSink } from './tar-stream.js';

/** nginx's lines are bounded by its header buffers; a longer one is cut (and then does not parse) */
const MAX_LINE_CHARS = 1024 * 1024;

interface OpenFile {
  temp: string;
  handle: FileHandle;
  decoder: StringDecoder;
  splitter: LineSplitter;
  bytes: number;
}

export class LogFilesSink implements TarStreamSink {
  private readonly open = new Map<string, OpenFile>();
  /** bytes of each file written, by name */
  readonly bytes = new Map<string, number>();

  constructor(private readonly dir: string, private readonly onLine: (file: string, line: string) => void) {}

  async data(name: string, bytes: Buffer): Promise<void> {
    const file = this.open.get(name) ?? (await this.start(name));
    file.bytes += bytes.length;
    // A write may take only part of the bytes (a disk that fills up takes what fits): the rest
    // goes again, so that a full disk fails with its error instead of a file cut short.
    await this.guard(name, async () => {
      for (let written = 0; written < bytes.length;) written += (await file.handle.write(bytes, written, bytes.length - written)).bytesWritten;
    });
    file.splitter.push(file.decoder.write(bytes));
  }

  async end(name: string): Promise<void> {
    const file = this.open.get(name) ?? (await this.start(name));
    file.splitter.push(file.decoder.end());
    file.splitter.end();
    this.open.delete(name);
    await this.guard(name, async () => {
      try {
        await file.handle.sync();
      } finally {
        await file.handle.close();
      }
      await rename(file.temp, join(this.dir, name));
    }).catch(async (error: unknown) => {
      await rm(file.temp, { force: true });
      throw error;
    });
    this.bytes.set(name, file.bytes);
  }

  /** Closes and removes what was not complete (the stream failed part-way); safe to call twice. */
  async discard(): Promise<void> {
    const files = [...this.open.values()];
    this.open.clear();
    for (const file of files) {
      await file.handle.close().catch(() => undefined);
      await rm(file.temp, { force: true });
    }
  }

  private async start(name: string): Promise<OpenFile> {
    const temp = join(this.dir, `${name}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    const handle = await this.guard(name, async () => {
      await mkdir(this.dir, { recursive: true });
      return open(temp, 'wx');
    });
    const file: OpenFile = { temp, handle, decoder: new StringDecoder('utf8'), splitter: new LineSplitter((line) => this.onLine(name, line), MAX_LINE_CHARS), bytes: 0 };
    this.open.set(name, file);
    return file;
  }

  private async guard<T>(name: string, step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      throw reportsFolderFault(error, join(this.dir, name));
    }
  }
}

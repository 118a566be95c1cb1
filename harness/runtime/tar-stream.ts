/**
 * Reads a tar archive (ustar, as tar writes it) as it arrives, chunk by chunk, and hands each
 * regular file's bytes on as they come: an archive of any size goes through in bounded memory
 * (one header block at most is kept). Pure: what to do with the bytes is the caller's.
 */
const BLOCK = 512;

export interface TarStreamSink {
  /** bytes of the regular file `name` (in order; a file may come in many pieces, an empty one in none) */
  data(name: string, bytes: Buffer): Promise<void> | void;
  /** the file `name` is complete */
  end(name: string): Promise<void> | void;
}

export class TarStreamReader {
  private header = Buffer.alloc(0);
  /** the entry being read: its name (undefined for one that is not a regular file) and bytes left */
  private entry?: { name: string | undefined; left: number; padding: number };
  private finished = false;

  constructor(private readonly sink: TarStreamSink) {}

  async push(chunk: Buffer): Promise<void> {
    let at = 0;
    while (at < chunk.length && !this.finished) {
      if (this.entry) {
        const take = Math.min(this.entry.left, chunk.length - at);
        if (take > 0 && this.entry.name !== undefined) await this.sink.data(this.entry.name, chunk.subarray(at, at + take));
        at += take;
        this.entry.left -= take;
        if (this.entry.left > 0) continue;
        const skip = Math.min(this.entry.padding, chunk.length - at);
        at += skip;
        this.entry.padding -= skip;
        if (this.entry.padding > 0) continue;
        const name = this.entry.name;
        this.entry = undefined;
        if (name !== undefined) await this.sink.end(name);
        continue;
      }
      const need = BLOCK - this.header.length;
      this.header = Buffer.concat([this.header, chunk.subarray(at, at + need)]);
      at += Math.min(need, chunk.length - at);
      if (this.header.length < BLOCK) continue;
      const header = this.header;
      this.header = Buffer.alloc(0);
      if (header.every((byte) => byte === 0)) {
        this.finished = true;
        break;
      }
      const size = parseInt(field(header, 124, 12).trim() || '0', 8);
      const type = String.fromCharCode(header[156]!);
      const name = type === '0' || type === '\0' ? field(header, 0, 100).replace(/^\.\//, '') : undefined;
      this.entry = { name, left: size, padding: (BLOCK - (size % BLOCK)) % BLOCK };
      if (size === 0) {
        this.entry = undefined;
        if (name !== undefined) await this.sink.end(name);
      }
    }
  }

  /** Whether the archive was complete: every entry whole (a cut archive lost bytes). */
  get complete(): boolean {
    return this.entry === undefined && this.header.length === 0;
  }
}

function field(header: Buffer, start: number, length: number): string {
  const bytes = header.subarray(start, start + length);
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end < 0 ? length : end).toString('utf8');
}

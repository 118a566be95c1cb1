/** Splits the multiplexed stream Docker returns for logs of a container without a TTY. */
export function demuxDockerLogs(buffer: Buffer): { stdout: string; stderr: string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const stream = buffer[offset];
    const size = buffer.readUInt32BE(offset + 4);
    const chunk = buffer.subarray(offset + 8, offset + 8 + size);
    (stream === 2 ? err : out).push(chunk);
    offset += 8 + size;
  }
  return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/**
 * The same split, for a stream as it arrives (pure): push() each chunk, and each frame's payload is
 * handed on in order, awaited, so the caller's pace holds the stream back; only a frame header that
 * a chunk cut is kept.
 */
export class DockerStreamDemuxer {
  private head = Buffer.alloc(0);
  private frame?: { stream: 'stdout' | 'stderr'; left: number };

  constructor(private readonly onPayload: (stream: 'stdout' | 'stderr', bytes: Buffer) => Promise<void> | void) {}

  async push(chunk: Buffer): Promise<void> {
    let at = 0;
    while (at < chunk.length) {
      if (this.frame) {
        const take = Math.min(this.frame.left, chunk.length - at);
        const stream = this.frame.stream;
        this.frame.left -= take;
        if (this.frame.left === 0) this.frame = undefined;
        await this.onPayload(stream, chunk.subarray(at, at + take));
        at += take;
        continue;
      }
      const need = 8 - this.head.length;
      this.head = Buffer.concat([this.head, chunk.subarray(at, at + need)]);
      at += Math.min(need, chunk.length - at);
      if (this.head.length < 8) continue;
      const size = this.head.readUInt32BE(4);
      const stream = this.head[0] === 2 ? 'stderr' : 'stdout';
      this.head = Buffer.alloc(0);
      if (size > 0) this.frame = { stream, left: size };
    }
  }
}

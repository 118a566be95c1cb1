/** Splits the multiplexed stream Docker returns for logs of a container without a TTY. */
export function demuxDockerLogs(buffer: Buffer): { stdout: string; stderr: string } {
  const parts = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  for (const [stream, bytes] of new DockerStreamDemuxer(() => undefined).payloads(buffer)) parts[stream].push(bytes);
  return { stdout: Buffer.concat(parts.stdout).toString('utf8'), stderr: Buffer.concat(parts.stderr).toString('utf8') };
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
    for (const [stream, bytes] of this.payloads(chunk)) await this.onPayload(stream, bytes);
  }

  /** The payloads (or parts of them) this chunk carries, in order; the frame state moves on as they are taken. */
  *payloads(chunk: Buffer): Generator<['stdout' | 'stderr', Buffer]> {
    let at = 0;
    while (at < chunk.length) {
      if (this.frame) {
        const take = Math.min(this.frame.left, chunk.length - at);
        const stream = this.frame.stream;
        this.frame.left -= take;
        if (this.frame.left === 0) this.frame = undefined;
        yield [stream, chunk.subarray(at, at + take)];
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

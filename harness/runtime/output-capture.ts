/** Keeps the last part of what a container prints, so a failed start can show it. */
import type { Readable } from 'node:stream';

const KEEP_CHARS = 8_192;

export class OutputCapture {
  private text = '';

  /** for testcontainers' withLogConsumer */
  readonly consumer = (stream: Readable): void => {
    stream.on('data', (chunk: Buffer | string) => {
      this.text = (this.text + chunk.toString()).slice(-KEEP_CHARS);
    });
    stream.on('error', () => undefined);
  };

  /** the captured output, once the stream has delivered what was printed up to now */
  async settled(waitMs = 200): Promise<string> {
    const deadline = Date.now() + waitMs;
    let seen = -1;
    // Wait until no new output arrived for one tick, bounded by waitMs.
    while (seen !== this.text.length && Date.now() < deadline) {
      seen = this.text.length;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return this.text;
  }
}

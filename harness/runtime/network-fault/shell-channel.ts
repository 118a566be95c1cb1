/**
 * Commands into a running container through its standard input, not `docker exec`: the
 * container's own shell reads them as they come, so a fault turns on in the time its commands
 * take (tens of milliseconds) rather than an exec's setup (100-800 ms on a busy machine). Each
 * block runs in a subshell with `set -e`, and its exit status comes back after a marker line.
 */
import { PassThrough, type Duplex } from 'node:stream';
import type Docker from 'dockerode';

const MARK = 'badgateway-done';
const TIMEOUT_MS = 15_000;

interface Pending {
  id: number;
  resolve: (output: string) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class ShellChannel {
  private buffer = '';
  private sequence = 0;
  private readonly pending = new Map<number, Pending>();
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly stream: Duplex) {}

  /** Attaches to a container whose main process is a shell reading its standard input (OpenStdin). */
  static async open(docker: Docker, containerId: string): Promise<ShellChannel> {
    const stream = (await docker.getContainer(containerId).attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })) as unknown as Duplex;
    const channel = new ShellChannel(stream);
    const output = new PassThrough();
    docker.modem.demuxStream(stream, output, output);
    output.on('data', (chunk: Buffer) => channel.read(chunk.toString('utf8')));
    stream.on('error', (error: Error) => channel.failAll(error));
    stream.on('end', () => channel.failAll(new Error('the container closed its standard input')));
    return channel;
  }

  /** Runs the commands in order (one block at a time); rejects with their output when one fails. */
  run(commands: readonly string[], what: string): Promise<void> {
    const next = this.queue.then(() => this.send(commands, what));
    this.queue = next.catch(() => undefined);
    return next;
  }

  close(): void {
    this.stream.destroy();
  }

  private send(commands: readonly string[], what: string): Promise<void> {
    const id = ++this.sequence;
    const block = `( set -e\n${commands.join('\n')}\n) 2>&1; echo "${MARK} ${id} $?"\n`;
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${what}: no answer within ${TIMEOUT_MS / 1000}s`));
      }, TIMEOUT_MS);
      this.pending.set(id, { id, resolve, reject, timer });
      this.stream.write(block);
    }).then((status) => {
      const [code, ...output] = status.split('\n');
      if (code !== '0') throw new Error(`${what} failed (exit ${code}): ${output.join('\n').trim() || 'no output'}`);
    });
  }

  /** Output up to a marker belongs to its block: "<status>\n<output>". */
  private read(text: string): void {
    this.buffer += text;
    for (let match = new RegExp(`^${MARK} (\\d+) (\\d+)$`, 'm').exec(this.buffer); match; match = new RegExp(`^${MARK} (\\d+) (\\d+)$`, 'm').exec(this.buffer)) {
      const output = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length + 1);
      const pending = this.pending.get(Number(match[1]));
      if (!pending) continue;
      clearTimeout(pending.timer);
      this.pending.delete(pending.id);
      pending.resolve(`${match[2]}\n${output}`);
    }
  }

  private failAll(error: Error): void {
    for (const pending of this.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.pending.clear();
  }
}

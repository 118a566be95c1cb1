/**
 * Commands into a running container through its standard input, not `docker exec`: the
 * container's own shell reads them as they come, so they run in the time they take (milliseconds)
 * rather than an exec's setup (about 100 ms here, 100-800 ms on a busy machine). Blocks run one at
 * a time, in order; each one's exit status comes back on a marker line after what it printed
 * (standard output and error as one). Used by the network fault helpers (a fault turns on at once)
 * and by the nginx container (a new master, a reload).
 */
import { PassThrough, type Duplex } from 'node:stream';
import type Docker from 'dockerode';

const MARK = 'badgateway-done';
const TIMEOUT_MS = 15_000;
/** the longest a marker line can be: "\nbadgateway-done <id> <status>\n" */
const MARK_LINE_MAX = MARK.length + 32;

export interface ScriptResult {
  /** the script's exit status */
  code: number;
  /** what it printed on standard output and error, in order */
  output: string;
}

interface Pending {
  id: number;
  resolve: (result: ScriptResult) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class ShellChannel {
  private buffer = '';
  private sequence = 0;
  private readonly pending = new Map<number, Pending>();
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly stream: Duplex) {}

  /**
   * Attaches to a container whose main process is a shell reading its standard input (OpenStdin).
   * The attachment never keeps this process alive by itself: a block waiting for its answer does.
   */
  static async open(docker: Docker, containerId: string): Promise<ShellChannel> {
    const stream = (await docker.getContainer(containerId).attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })) as unknown as Duplex & { unref?: () => void };
    const channel = new ShellChannel(stream);
    const output = new PassThrough();
    docker.modem.demuxStream(stream, output, output);
    output.on('data', (chunk: Buffer) => channel.read(chunk.toString('utf8')));
    stream.on('error', (error: Error) => channel.failAll(error));
    stream.on('end', () => channel.failAll(new Error('the container closed its standard input')));
    stream.unref?.();
    return channel;
  }

  /** Runs the commands in order (one block at a time, stopping at the first that fails); rejects with their output when one fails. */
  async run(commands: readonly string[], what: string): Promise<void> {
    const { code, output } = await this.send(`( set -e\n${commands.join('\n')}\n)`, what, TIMEOUT_MS);
    if (code !== 0) throw new Error(`${what} failed (exit ${code}): ${output.trim() || 'no output'}`);
  }

  /**
   * Runs `sh -c script sh args...` with `input` on its standard input (its text, with a final
   * newline added when it has none; nothing when undefined) and resolves with its exit status and
   * output, whatever the status. Rejects only when no answer came within timeoutMs.
   */
  script(script: string, args: readonly string[], input: string | undefined, what: string, timeoutMs = TIMEOUT_MS): Promise<ScriptResult> {
    const command = ['sh', '-c', quoted(script), 'sh', ...args.map(quoted)].join(' ');
    if (input === undefined) return this.send(`${command} </dev/null`, what, timeoutMs);
    const text = input.endsWith('\n') ? input : `${input}\n`;
    let end = `BADGATEWAY_INPUT_END_${this.sequence + 1}`;
    while (text.split('\n').includes(end)) end += '_';
    return this.send(`${command} <<'${end}'\n${text}${end}\n`, what, timeoutMs);
  }

  close(): void {
    this.stream.destroy();
  }

  private send(block: string, what: string, timeoutMs: number): Promise<ScriptResult> {
    const next = this.queue.then(() => new Promise<ScriptResult>((resolve, reject) => {
      const id = ++this.sequence;
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${what}: no answer within ${timeoutMs / 1000}s`));
      }, timeoutMs);
      this.pending.set(id, { id, resolve, reject, timer });
      // The marker goes on a line of its own even when the output did not end with one.
      this.stream.write(`{ ${block}\n} 2>&1; printf '\\n${MARK} ${id} %s\\n' "$?"\n`);
    }));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Output up to a marker belongs to its block (the newline printed before the marker is not its
   * own). Only the text that came since the last look is searched, so a long output (a log read
   * through the channel) costs its length once.
   */
  private read(text: string): void {
    const searchFrom = Math.max(this.buffer.length - MARK_LINE_MAX, 0);
    this.buffer += text;
    let from = searchFrom;
    for (let at = this.buffer.indexOf(`\n${MARK} `, from); at >= 0; at = this.buffer.indexOf(`\n${MARK} `, from)) {
      const end = this.buffer.indexOf('\n', at + 1);
      if (end < 0) return;
      const match = /^(\d+) (\d+)$/.exec(this.buffer.slice(at + MARK.length + 2, end));
      if (!match) {
        from = end;
        continue;
      }
      const output = this.buffer.slice(0, at);
      this.buffer = this.buffer.slice(end + 1);
      from = 0;
      const pending = this.pending.get(Number(match[1]));
      if (!pending) continue;
      clearTimeout(pending.timer);
      this.pending.delete(pending.id);
      pending.resolve({ code: Number(match[2]), output });
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

/** One shell word, whatever the text holds. */
function quoted(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

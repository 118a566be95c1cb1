/**
 * The CLI in-process for unit tests: main() with its output and errors caught in strings. With
 * NO_DOCKER as the environment, any attempt to reach Docker fails (the socket does not exist), so
 * a test that expects a refusal before Docker is asked cannot pass by reaching it.
 */
import { Writable } from 'node:stream';
import { main } from '../../harness/cli/main.js';

/** Docker must never be asked: any attempt would fail on this socket. */
export const NO_DOCKER: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: 'unix:///nonexistent/docker.sock', NO_COLOR: '1' };

/** A stream that keeps what is written to it. */
export function streamSink(): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = new Writable({ write(chunk, _enc, done) { text += String(chunk); done(); } }) as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

/** `badgateway <args>`: its exit code, and what it wrote to stdout and stderr. */
export async function runMain(args: string[], env: NodeJS.ProcessEnv = NO_DOCKER): Promise<{ code: number; out: string; err: string }> {
  const out = streamSink();
  const err = streamSink();
  const code = await main(args, env, out.stream, err.stream);
  return { code, out: out.text(), err: err.text() };
}

/**
 * The CLI in-process for unit tests: main() with its output and errors caught in strings. The
 * Docker client reads this process's environment, not the env main() is given, so for the time of
 * the call DOCKER_HOST names a socket that does not exist: any attempt to reach Docker fails (exit
 * 3), and a test that expects a refusal before Docker is asked cannot pass by reaching it, nor
 * start containers on the machine's engine.
 */
import { Writable } from 'node:stream';
import { main } from '../../harness/cli/main.js';

const NOWHERE = 'unix:///nonexistent/docker.sock';

/** The environment main() is given by default: no colour, and Docker nowhere. */
export const NO_DOCKER: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: NOWHERE, NO_COLOR: '1' };

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
  const saved = process.env.DOCKER_HOST;
  process.env.DOCKER_HOST = NOWHERE;
  try {
    const code = await main(args, env, out.stream, err.stream);
    return { code, out: out.text(), err: err.text() };
  } finally {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
  }
}

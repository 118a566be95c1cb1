/** --jobs is checked before Docker is asked: a whole number from 1 to 8, and never beside --port. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../../harness/cli/main.js';

/** Each case is refused before Docker is asked. */
const NO_DOCKER = { ...process.env, DOCKER_HOST: 'unix:///nonexistent/docker.sock', NO_COLOR: '1' };

async function cli(args: string[]) {
  let err = '';
  const out = new Writable({ write(_chunk, _enc, done) { done(); } }) as unknown as NodeJS.WriteStream;
  const errStream = new Writable({ write(chunk, _enc, done) { err += String(chunk); done(); } }) as unknown as NodeJS.WriteStream;
  return { code: await main(args, NO_DOCKER, out, errStream), err };
}

describe('--jobs', () => {
  it.each(['0', '9', '1.5', 'two'])('refuses --jobs %s with exit 2', async (value) => {
    const run = await cli(['run', 'scenarios/slow-backend-read-timeout.yaml', '--jobs', value]);
    expect(run.code).toBe(2);
    expect(run.err).toContain('--jobs');
  });

  it('refuses --jobs beside --port with exit 2: one port cannot publish two nginx', async () => {
    const run = await cli(['run', 'scenarios/slow-backend-read-timeout.yaml', '--jobs', '2', '--port', '18080']);
    expect(run.code).toBe(2);
    expect(run.err).toContain('--port 18080 publishes one nginx, and --jobs 2 runs several at once');
  });
});

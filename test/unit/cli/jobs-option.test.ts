/** --jobs is checked before Docker is asked: a whole number from 1 to 8, and never beside --port. */
import { describe, expect, it } from 'vitest';
import { runMain as cli } from '../../support/run-main.js';

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
    expect(run.err).toContain('Leave out --port');
    expect(run.err).not.toContain('Docker');
    expect(run.out).toBe('');
  });
});

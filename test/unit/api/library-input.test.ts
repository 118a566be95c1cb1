/**
 * The library checks what it is given before it asks Docker for anything: a scenario object gets
 * the YAML's schema and rules (issues by field path), names that match nothing are refused, and
 * an object's own nginx config is found from baseDir. Docker is an engine that cannot answer here,
 * so reaching it shows as DockerUnavailableError.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerUnavailableError, runScenario, ScenarioError, startEnvironment, UsageError, type ScenarioInput } from '../../../harness/index.js';

const saved = process.env.DOCKER_HOST;
beforeAll(() => { process.env.DOCKER_HOST = 'unix:///nonexistent/docker.sock'; });
afterAll(() => {
  if (saved === undefined) delete process.env.DOCKER_HOST;
  else process.env.DOCKER_HOST = saved;
});

const scenario: ScenarioInput = {
  name: 'library-input',
  summary: 'A slow backend behind a short read timeout.',
  backends: [{ name: 'app', behavior: { kind: 'slow', delay: '200ms' } }],
  nginx: { params: { proxy_read_timeout: '100ms' } },
  load: { connections: 2, requests: 4 },
  variants: [{ name: 'short', expect: { status: { '504': '100%' } } }, { name: 'tuned', nginx: { proxy_read_timeout: '1s' }, expect: { status: { '200': '100%' } } }],
};

describe('what the library is given', () => {
  it('a scenario object gets the schema and rules of a file, every issue by field path', async () => {
    const bad = { ...scenario, load: { connections: -1, requests: 4 }, variants: [{ name: 'short', expect: { status: { '5O4': '100%' } } }] };
    const error = await runScenario(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).issues).toEqual([
      '(scenario object): load.connections: -1 is too small; use a whole number from 1 to 1000',
      '(scenario object): variants[0].expect.status: "5O4" is not a status code or class (e.g. 504, 5xx)',
    ]);
    await expect(runScenario(['not', 'a', 'scenario'] as unknown as ScenarioInput)).rejects.toThrow(ScenarioError);
  });

  it('names that match nothing are refused, listing what there is', async () => {
    await expect(startEnvironment(scenario, { variant: 'nope' })).rejects.toMatchObject({ name: 'UsageError', message: 'library-input has no variant named "nope"', hint: 'Its variants: short, tuned.' });
    await expect(startEnvironment(scenario, { scenario: 'other' })).rejects.toThrow('no scenario named "other"');
    await expect(runScenario(scenario, { variants: ['nope*'] })).rejects.toThrow(UsageError);
    await expect(runScenario(scenario, { repeat: 0 })).rejects.toThrow('repeat 0 is not a whole number from 1 to 100');
    await expect(runScenario(scenario, { jobs: 9 })).rejects.toThrow('jobs 9 is not a whole number from 1 to 8');
    const both = await runScenario(scenario, { jobs: 2, nginxHostPort: 18080 }).catch((e: unknown) => e);
    expect(both).toBeInstanceOf(UsageError);
    expect(both).toMatchObject({ message: '--port 18080 publishes one nginx, and --jobs 2 runs several at once' });
    expect((both as UsageError).hint).toContain('in the library: nginxHostPort, jobs');
  });

  it('valid input goes on to Docker: files, folders and objects alike', async () => {
    await expect(runScenario('test/fixtures/scenarios/cli/quick.yaml')).rejects.toThrow(DockerUnavailableError);
    await expect(runScenario('test/fixtures/scenarios/cli/quick.yaml', { jobs: 2 })).rejects.toThrow(DockerUnavailableError);
    await expect(runScenario(['test/fixtures/scenarios/merge'])).rejects.toThrow(/Docker Engine at unix:\/\/\/nonexistent\/docker\.sock \(DOCKER_HOST\) does not answer/);
    await expect(startEnvironment(scenario, { variant: 'tuned' })).rejects.toThrow(DockerUnavailableError);
  });

  it('an object\'s own nginx config is found from baseDir', async () => {
    const own: ScenarioInput = { ...scenario, nginx: { config: 'nginx.conf' }, variants: [{ name: 'own', expect: {} }] };
    await expect(runScenario(own, { baseDir: 'test/fixtures/user-config/full' })).rejects.toThrow(DockerUnavailableError);
    const missing = await runScenario(own, { baseDir: 'test/fixtures' }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ScenarioError);
    expect((missing as ScenarioError).message).toContain('test/fixtures/nginx.conf');
  });
});

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnoseCommand } from '../../../harness/cli/commands/diagnose.js';
import { UsageError } from '../../../harness/errors.js';
import { parseScenarioText } from '../../../harness/scenario/load-scenario.js';
import { streamSink } from '../../support/run-main.js';
import { CASES } from './cases.js';

const dir = await mkdtemp(join(tmpdir(), 'diagnose-cli-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

async function run(args: string[]) {
  const out = streamSink();
  const err = streamSink();
  const code = await diagnoseCommand(args, { out: out.stream, err: err.stream });
  return { code, out: out.text(), err: err.text() };
}

beforeAll(async () => {
  const c = CASES['read timeout below latency']!();
  const lines = c.errorLog.split('\n');
  // rotated: the older half gzipped, the newer half plain, plus noise real logs have
  await writeFile(join(dir, 'error.log.1.gz'), gzipSync(`${lines.slice(0, 25).join('\n')}\n`));
  await writeFile(join(dir, 'error.log'), [
    '2026/11/21 10:00:00 [notice] 1#1: signal process started',
    '2026/11/21 10:00:00 [warn] 29#29: *9 an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/1/00/0000000001 while reading upstream, client: ::1, server: _, request: "GET /big HTTP/1.1", upstream: "http://unix:/run/app.sock:/big", host: "x"',
    ...lines.slice(25),
    `${lines[0]!.slice(0, 120)}`,
  ].join('\n'));
  await writeFile(join(dir, 'access.log'), c.accessLog!);
  await writeFile(join(dir, 'nginx.conf'), c.nginxConfig!);
});

describe('badgateway diagnose', () => {
  it('prints the diagnosis of rotated, gzipped logs with the top cause first', async () => {
    const r = await run(['--error-log', join(dir, 'error.log.1.gz'), '--error-log', join(dir, 'error.log'), '--access-log', join(dir, 'access.log'), '--nginx-config', join(dir, 'nginx.conf')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/status mix \(access log, 200 requests\): 200 ×150 \(75%\), 504 ×50 \(25%\)/);
    expect(r.out).toMatch(/most likely causes:\n1\. proxy_read_timeout \(300ms\) is below the backend's real latency/);
    expect(r.out).toMatch(/GET \/report/);
  });

  it('--json prints the same diagnosis as data, and --emit-scenario writes a valid scenario', async () => {
    const out = join(dir, 'repro.yaml');
    const r = await run(['--error-log', join(dir, 'error.log'), '--access-log', join(dir, 'access.log'), '--nginx-config', join(dir, 'nginx.conf'), '--json', '--emit-scenario', out]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.causes[0].id).toBe('timeout-below-latency');
    expect(json.emitted).toMatchObject({ file: out, cause: 'timeout-below-latency' });
    expect(r.err).toMatch(/is meant to reproduce timeout-below-latency .*not verified: --verify runs it/);
    expect(await readFile(out, 'utf8')).toMatch(/^# Not verified: /m);
    expect(parseScenarioText(await readFile(out, 'utf8'), out).ok).toBe(true);
  });

  it('reads an access log given as the error log instead of refusing it', async () => {
    const { code, out } = await run(['--error-log', join(dir, 'access.log')]);
    expect(code).toBe(0);
    expect(out).toMatch(/status mix \(access log, 200 requests\): 200 ×150 \(75%\), 504 ×50 \(25%\)/);
  });

  it('refuses bad input with usage errors', async () => {
    await expect(run([])).rejects.toThrow(/needs --error-log/);
    await expect(run(['--error-log', join(dir, 'missing.log')])).rejects.toThrow(/does not exist/);
    await writeFile(join(dir, 'not-a-log.csv'), 'id,name\n1,a\n2,b\n');
    await expect(run(['--error-log', join(dir, 'not-a-log.csv')])).rejects.toThrow(/none of the 3 lines is an nginx error-log or access-log line/);
    await expect(run(['--error-log', join(dir, 'error.log'), '--bogus'])).rejects.toThrow(UsageError);
    await expect(run(['--error-log', join(dir, 'error.log'), '--cause', 'nope'])).rejects.toThrow(/not a cause id/);
    expect((await run(['--help'])).out).toMatch(/--emit-scenario/);
  });
});

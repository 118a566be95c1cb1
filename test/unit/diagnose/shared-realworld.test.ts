/**
 * diagnose on real logs nobody here wrote (../shared/realworld: other projects' test fixtures):
 * every file is read, none refused, at most 5% of the lines unknown, the traps are not failures,
 * and where those projects ship their own expected parse, the reading agrees with it. Prints the
 * figures per file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../../harness/diagnose/diagnosis.js';
import { runDiagnosis } from '../../../harness/diagnose/run-diagnosis.js';
import { readErrorLogLine } from '../../../harness/nginx/parse-error-log.js';
import { REALWORLD, REALWORLD_ABSENT } from '../../support/realworld.js';

const root = REALWORLD ?? '';
const files = (dir: string) => (REALWORLD ? readdirSync(join(root, dir)).filter((f) => /\.(log|jsonl)$/.test(f)).sort() : []);
const read = (dir: string, file: string) => readFileSync(join(root, dir, file), 'utf8');
const lines = (dir: string, file: string) => read(dir, file).split('\n');

const diagnosed = new Map<string, Diagnosis>();
async function diagnosis(dir: 'error-logs' | 'access-logs', file: string): Promise<Diagnosis> {
  const key = `${dir}/${file}`;
  if (!diagnosed.has(key)) {
    const path = join(root, dir, file);
    const run = await runDiagnosis(dir === 'error-logs' ? { errorLogs: [path], accessLogs: [] } : { errorLogs: [], accessLogs: [path] });
    diagnosed.set(key, run.diagnosis);
  }
  return diagnosed.get(key)!;
}

describe.skipIf(!REALWORLD)(`real logs of other projects${REALWORLD ? '' : ` (${REALWORLD_ABSENT})`}`, () => {
  it('reads every file (none refused), at most 5% of all lines unknown, and prints the figures', async () => {
    let total = 0;
    let unknown = 0;
    const rows: string[] = [];
    for (const [dir, list] of [['error-logs', files('error-logs')], ['access-logs', files('access-logs')]] as const) {
      for (const file of list) {
        const r = (await diagnosis(dir, file)).reading;
        const read = r.lines - r.comments;
        total += read;
        unknown += r.unknown + r.unreadable;
        rows.push(`${dir}/${file}: ${read} lines (${r.errorLines} error, ${r.accessLines} access; ${r.comments} comments skipped), unknown ${r.unknown + r.unreadable} (${((100 * (r.unknown + r.unreadable)) / Math.max(1, read)).toFixed(1)}%)`);
      }
    }
    process.stdout.write(`${rows.join('\n')}\nall: ${total} lines, ${unknown} unknown (${((100 * unknown) / total).toFixed(1)}%)\n`);
    expect(files('error-logs').length + files('access-logs').length).toBeGreaterThanOrEqual(12);
    expect(unknown / total).toBeLessThanOrEqual(0.05);
  });

  it('traps: FastCGI stderr is the app talking, the 502 after the user agent is $request_length, retried refusals left clients with 200', async () => {
    const stderr = await diagnosis('error-logs', 'crowdsec-bookstack-fastcgi-stderr.log');
    expect(stderr.errorLog.signatures).toEqual({ 'fastcgi-stderr': 5 });
    expect(stderr.causes).toEqual([]);
    const ingress = await diagnosis('access-logs', 'crowdsec-docker-logs-ingress-nginx.jsonl');
    expect(ingress.statusMix).toEqual({ source: 'access-log', requests: 3, counts: { '200': 3 } });
    expect(ingress.accessLog?.formats).toEqual({ 'ingress-upstreaminfo': 3 });
    expect(ingress.upstreamTimings?.okHeader.count ?? 0).toBe(0);
    const macos = await diagnosis('error-logs', 'codeyourfuture-multiple-servers-macos.log');
    expect(macos.errorLog.signatures).toEqual({ 'connect-refused': 4, 'upstream-temporarily-disabled': 4 });
    expect(macos.reading).toMatchObject({ accessLines: 1, errorLines: 8 });
    expect(macos.statusMix.counts).toEqual({ '200': 1 });
    const buffered = await diagnosis('error-logs', 'insights-core-nginx-error-log-test.log');
    expect(buffered.errorLog.signatures).toEqual({ 'upstream-response-buffered-to-file': 6 });
    expect(buffered.causes).toEqual([]);
  });

  it('fail2ban: "#" lines skipped, journald prefixes read, each line\'s time and client as fail2ban expects them', () => {
    for (const file of files('error-logs').filter((f) => f.startsWith('fail2ban-'))) {
      const all = lines('error-logs', file);
      all.forEach((line, i) => {
        const expected = /^# failJSON: (\{.*\})\s*$/.exec(line);
        const next = all[i + 1];
        if (!expected || next === undefined || next.startsWith('#')) return;
        const want = JSON.parse(expected[1]!) as { time?: string; host?: string; match: boolean };
        const got = readErrorLogLine(next);
        expect(got?.level, next).not.toBe('unparsed');
        if (want.time) expect(got?.time.replace(/\//g, '-').replace(' ', 'T'), next).toBe(want.time);
        if (want.match && want.host) expect(got?.client, next).toBe(want.host);
      });
    }
  });

  it("grok_exporter: client, server, request, upstream, host and referrer as its test expects", () => {
    const { expected } = JSON.parse(read('error-logs', 'grok_exporter-nginx-example.expected.json')) as { expected: Record<string, string | number>[] };
    const log = lines('error-logs', 'grok_exporter-nginx-example.log');
    for (const want of expected) {
      const got = readErrorLogLine(log[Number(want.line) - 1]!)!;
      for (const key of ['client', 'server', 'request', 'upstream', 'host', 'referrer'] as const) {
        expect(got[key] ?? '', `line ${want.line} ${key}`).toBe(want[key] ?? '');
      }
    }
  });

  it("nginx-agent: the same lines counted as failed upstream requests and responses, and as buffered", () => {
    const expected = lines('error-logs', 'nginx-agent-v2-error-log-test.expected.tsv').filter((l) => /^\d+\t/.test(l)).map((l) => l.split('\t'));
    const log = lines('error-logs', 'nginx-agent-v2-error-log-test.log');
    for (const [n, metric] of expected) {
      const got = readErrorLogLine(log[Number(n) - 1]!)!;
      expect(agentMetric(got.signature, got.message), `line ${n}: ${got.message}`).toBe(metric);
    }
  });

  it('CrowdSec: the FastCGI stderr line\'s time and client, and not a failure', () => {
    const asserted = lines('error-logs', 'crowdsec-bookstack-logs.parser.assert.txt');
    const message = asserted.map((l) => /^results\["s01-parse"\]\["xs539\/bookstack-logs"\]\[0\]\.Evt\.Parsed\["message"\] == (".*")$/.exec(l)).find(Boolean)![1]!;
    const value = (field: string) => JSON.parse(/== (".*")$/.exec(asserted.find((l) => l.startsWith(`results["s01-parse"]["xs539/bookstack-logs"][0].Evt.Parsed["${field}"]`))!)![1]!) as string;
    const got = readErrorLogLine(JSON.parse(message) as string)!;
    expect(got).toMatchObject({ time: value('timestamp'), client: value('remote_addr'), signature: 'fastcgi-stderr' });
  });

  it('mainevent: an upstream failure with its upstream, a denial without one, and nginx\'s own emergency', () => {
    const [standard, noUpstream, internal] = lines('error-logs', 'mainevent-nginx-error-parser-test.log').map((l) => readErrorLogLine(l)!);
    expect(standard).toMatchObject({ signature: 'upstream-reset-reading-header', upstream: 'fastcgi://unix:/usr/var/run/php-fpm.sock:' });
    expect(noUpstream).toMatchObject({ signature: 'access-forbidden', module: 'http' });
    expect(noUpstream!.upstream).toBeUndefined();
    expect(internal).toMatchObject({ level: 'emerg', signature: 'config-error', module: 'core' });
  });
});

/** nginx-agent's metric for a line (its regularExpressionErrorMap), read from our signature. */
function agentMetric(signature: string, message: string): string {
  if (signature === 'request-body-buffered-to-file') return 'nginx.http.request.buffered';
  if (signature === 'upstream-response-buffered-to-file') return 'nginx.upstream.response.buffered';
  if (/^(?:upstream-timed-out-connecting|connect-refused|upstream-reset)$/.test(signature) || / while connecting to upstream$/.test(message)) return 'nginx.upstream.request.failed';
  if (/^upstream-/.test(signature) && / while (?:reading response header from upstream|reading upstream)$/.test(message)) return 'nginx.upstream.response.failed';
  return '-';
}

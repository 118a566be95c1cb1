import { describe, expect, it } from 'vitest';
import { renderJunitReport } from '../../../harness/report/junit-report.js';
import { buildRunReport } from '../../../harness/report/run-report.js';
import { findAll, parseXml, type XmlElement } from '../../fixtures/report/parse-xml.js';
import { HOSTILE, hostileReport, realisticReport } from '../../fixtures/report/run-reports.js';

function attr(element: XmlElement | undefined, name: string): string {
  const value = element?.attributes[name];
  if (value === undefined) throw new Error(`<${element?.name ?? '?'}> has no attribute ${name}`);
  return value;
}

describe('renderJunitReport', () => {
  const root = parseXml(renderJunitReport(realisticReport()));
  const cases = findAll(root, 'testcase');

  it('counts tests, failures and errors on the root and per suite', () => {
    expect(root.name).toBe('testsuites');
    expect([attr(root, 'tests'), attr(root, 'failures'), attr(root, 'errors'), attr(root, 'skipped')]).toEqual(['3', '1', '1', '0']);
    expect(attr(root, 'time')).toBe('19.250');
    const suites = findAll(root, 'testsuite');
    expect(suites.map((s) => [attr(s, 'name'), attr(s, 'tests'), attr(s, 'failures'), attr(s, 'errors')])).toEqual([
      ['slow-backend-read-timeout', '2', '1', '0'],
      ['backend-name-unresolved', '1', '0', '1'],
    ]);
    expect(attr(suites[0], 'time')).toBe('15.880');
  });

  it('has one testcase per scenario × variant, with its time in seconds', () => {
    expect(cases.map((c) => [attr(c, 'classname'), attr(c, 'name'), attr(c, 'time')])).toEqual([
      ['slow-backend-read-timeout', 'timeout-too-short', '10.000'],
      ['slow-backend-read-timeout', 'timeout-tuned', '5.880'],
      ['backend-name-unresolved', 'static-upstream', '0.000'],
    ]);
  });

  it('gives a failed variant one <failure> with expected vs measured of every failed verdict', () => {
    const failures = findAll(cases[0]!, 'failure');
    expect(failures).toHaveLength(1);
    const failure = failures[0]!;
    expect(attr(failure, 'type')).toBe('expectation');
    expect(attr(failure, 'message')).toBe(
      '2 of 5 expectations failed: status.504: expected >= 99%, measured 80.6% (362 of 449); '
      + 'error_log.unknown: expected 0, measured 2 lines',
    );
    expect(failure.text).toContain('status.504\n  expected: >= 99%\n  measured: 80.6% (362 of 449)');
    expect(failure.text).toContain('error_log.unknown\n  expected: 0\n  measured: 2 lines');
    expect(failure.text).not.toContain('latency.p99');
    expect(findAll(cases[0]!, 'error')).toHaveLength(0);
  });

  it('gives an errored variant an <error> with kind, message and hint', () => {
    const errors = findAll(cases[2]!, 'error');
    expect(errors).toHaveLength(1);
    expect(attr(errors[0], 'type')).toBe('infrastructure');
    expect(attr(errors[0], 'message')).toBe(
      'infrastructure error: nginx -t rejected the rendered config:\nnginx: [emerg] host not found in upstream "app:8080" in /etc/nginx/nginx.conf:23',
    );
    expect(errors[0]!.text).toContain('hint: The template resolves backend names');
    expect(findAll(cases[2]!, 'failure')).toHaveLength(0);
  });

  it('leaves a passed variant without failure or error, with what was measured in system-out', () => {
    expect(findAll(cases[1]!, 'failure')).toHaveLength(0);
    expect(findAll(cases[1]!, 'error')).toHaveLength(0);
    const out = findAll(cases[1]!, 'system-out')[0]!.text;
    expect(out).toContain('208 requests in 3.99s (52.1 req/s) · 200×208');
    expect(out).toContain('pass  status.200: expected 100%, measured 100% (208 of 208)');
  });

  it('escapes quotes, markup, ampersands and control characters so the text reads back intact', () => {
    const xml = renderJunitReport(hostileReport());
    const parsed = parseXml(xml);
    const visible = HOSTILE.replace('\u0007', '\\x07').replace('\u001b', '\\x1B').replace('\u0000', '\\x00');
    const [failed, errored] = findAll(parsed, 'testcase');
    expect(attr(failed, 'classname')).toBe(`scen ${visible}`);
    expect(attr(failed, 'name')).toBe(`var ${visible}`);
    const failure = findAll(failed!, 'failure')[0]!;
    expect(attr(failure, 'message')).toBe(`1 of 1 expectation failed: status.${visible}: expected >= 1 ${visible}, measured 0 ${visible}`);
    expect(failure.text).toContain(`measured: 0 ${visible}`);
    expect(attr(findAll(errored!, 'error')[0], 'message')).toBe(`input error: bad ${visible}\nsecond line`);
    expect(attr(parsed, 'name')).toBe('badgateway');
    expect(findAll(parsed, 'property').find((p) => p.attributes.name === 'runId')?.attributes.value).toBe(`run ${visible}`);
  });

  it('writes a valid document for a run without variants', () => {
    const empty = buildRunReport({
      runId: 'r', startedAt: '2026-11-21T10:00:00.000Z', finishedAt: '2026-11-21T10:00:00.000Z', badgateway: '0.1.0',
      host: { platform: 'linux', arch: 'x64', node: 'v20', cpus: 1 }, results: [],
    });
    const parsed = parseXml(renderJunitReport(empty));
    expect([attr(parsed, 'tests'), parsed.children.length]).toEqual(['0', 0]);
  });
});

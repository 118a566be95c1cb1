/**
 * Causes are ranked only when their preconditions can hold, confidence follows the amount of
 * evidence, and when nothing decides between causes the diagnosis names the fact that would.
 */
import { describe, expect, it } from 'vitest';
import { diagnoseTexts } from '../../../harness/diagnose/diagnose.js';

const CLOSED = (i: number, method: string) =>
  `2026/11/21 10:0${i}:01 [error] 29#29: *${i} upstream prematurely closed connection while reading response header from upstream, client: 10.0.0.9, server: _, request: "${method} /api HTTP/1.1", upstream: "http://10.0.0.2:8080/api", host: "x"`;
const FOUR_CLOSED = [CLOSED(1, 'POST'), CLOSED(3, 'GET'), CLOSED(5, 'POST'), CLOSED(7, 'GET')].join('\n');
const conf = (upstream: string, location = '') => `events {}\nhttp {\n upstream app {\n  server 10.0.0.2:8080;\n ${upstream}\n }\n server {\n  location / {\n   proxy_pass http://app;\n   ${location}\n  }\n }\n}\n`;

describe('keep-alive race needs upstream keepalive', () => {
  it('without nginx.conf: not high, undecided, and nginx.conf with the version is what decides', () => {
    const { diagnosis: d } = diagnoseTexts({ errorLog: FOUR_CLOSED });
    expect(d.causes.every((c) => c.confidence !== 'high')).toBe(true);
    const race = d.causes.find((c) => c.id === 'keepalive-race');
    expect(race?.confidence).toBe('low');
    expect(race?.evidence.join('\n')).not.toMatch(/keepalive is off|not reused/);
    expect(d.undecided?.between).toContain('keepalive-race');
    expect(d.undecided?.decidedBy.join(' ')).toMatch(/nginx\.conf .*keepalive.*version/);
  });

  it('with an upstream block without keepalive on nginx 1.26: excluded, with why', () => {
    const { diagnosis: d } = diagnoseTexts({ errorLog: FOUR_CLOSED, nginxConfig: conf(''), nginxVersion: '1.26.3' });
    expect(d.causes.map((c) => c.id)).not.toContain('keepalive-race');
    expect(d.excluded).toEqual([{ id: 'keepalive-race', why: expect.stringMatching(/1\.26\.3 does not turn it on by default/) }]);
  });

  it('the same config on nginx 1.30: keepalive is on by default, the race is ranked', () => {
    const { diagnosis: d } = diagnoseTexts({ errorLog: FOUR_CLOSED, nginxConfig: conf(''), nginxVersion: '1.30.0' });
    expect(d.excluded).toEqual([]);
    expect(d.causes.find((c) => c.id === 'keepalive-race')?.evidence.join('\n')).toMatch(/1\.30\.0 reuses connections to upstream\{\} blocks by default/);
  });

  it('the version from the log\'s own startup notice counts as given', () => {
    const log = `2026/11/21 09:59:00 [notice] 1#1: nginx/1.22.1\n${FOUR_CLOSED}`;
    const { diagnosis: d } = diagnoseTexts({ errorLog: log, nginxConfig: conf('') });
    expect(d.nginxVersion).toBe('1.22.1');
    expect(d.excluded.map((e) => e.id)).toEqual(['keepalive-race']);
  });

  it('keepalive 32 with HTTP/1.1 in nginx.conf: the race holds whatever the version', () => {
    const { diagnosis: d } = diagnoseTexts({ errorLog: FOUR_CLOSED, nginxConfig: conf('keepalive 32;', 'proxy_http_version 1.1;') });
    expect(d.excluded).toEqual([]);
    expect(d.causes.find((c) => c.id === 'keepalive-race')?.evidence.join('\n')).toMatch(/keepalive 32 with HTTP\/1\.1/);
  });
});

describe('confidence follows the evidence', () => {
  it('a read timeout and a connect timeout on the next server are not a "high" stall', () => {
    const log = [
      '2026/11/21 10:00:00 [error] 29#29: *1 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.0.0.9, server: _, request: "GET /a HTTP/1.1", upstream: "http://10.0.0.2:8080/a", host: "x"',
      '2026/11/21 10:01:00 [error] 29#29: *1 upstream timed out (110: Connection timed out) while connecting to upstream, client: 10.0.0.9, server: _, request: "GET /a HTTP/1.1", upstream: "http://10.0.0.3:8080/a", host: "x"',
    ].join('\n');
    const { diagnosis: d } = diagnoseTexts({ errorLog: log });
    expect(d.causes.length).toBeGreaterThan(0);
    expect(d.causes.map((c) => c.confidence)).not.toContain('high');
    expect(d.causes.find((c) => c.id === 'backend-stall')?.confidence).toBe('low');
    expect(d.undecided).not.toBeNull();
    expect(d.undecided!.decidedBy.join(' ')).toMatch(/access log/);
  });

  it('one refused connection is not a "high" restart', () => {
    const log = '2020/11/25 16:02:45 [error] 76952#76952: *5645766 connect() failed (111: Connection refused) while connecting to upstream, client: 5.126.32.148, server: www.example.de, request: "GET /admin/config HTTP/2.0", upstream: "http://127.0.0.1:3000/admin/config", host: "www.example.de"';
    const { diagnosis: d } = diagnoseTexts({ errorLog: log });
    expect(d.causes.map((c) => c.confidence)).toEqual(d.causes.map(() => 'low'));
    expect(d.undecided?.decidedBy.join(' ')).toMatch(/access log/);
  });
});

describe('lines pasted without a date', () => {
  it('are classified and counted, not placed on the timeline, and the notes say so', () => {
    const log = Array.from({ length: 4 }, () => 'upstream timed out (110: Operation timed out) while reading response header from upstream, client: 10.0.0.9, server: _, request: "GET /a HTTP/1.1", upstream: "http://10.0.0.2:8080/a", host: "x"').join('\n');
    const { diagnosis: d } = diagnoseTexts({ errorLog: log });
    expect(d.errorLog.signatures).toEqual({ 'upstream-timed-out-reading-header': 4 });
    expect(d.window.from).toBeNull();
    expect(d.notes.join('\n')).toMatch(/4 error lines had no date/);
  });
});

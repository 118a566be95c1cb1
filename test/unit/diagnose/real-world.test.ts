/**
 * A hand-written production log with what real logs hold: notices, lines from other modules (lua,
 * ModSecurity, PHP), a line nginx cut at 2047 bytes, IPv6 clients, a unix-socket upstream,
 * non-ASCII request lines (raw in the error log, \x-escaped in the access log), TLS bytes on the
 * plain port, a line cut by rotation, and the user's own log_format from nginx.conf.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnoseTexts } from '../../../harness/diagnose/diagnose.js';

const read = (file: string) => readFileSync(new URL(`../../fixtures/diagnose/real-world/${file}`, import.meta.url), 'utf8');
const { diagnosis: d } = diagnoseTexts({ errorLog: read('error.log'), accessLog: read('access.log'), nginxConfig: read('nginx.conf') });

describe('a real-world log', () => {
  it('classifies every nginx line, keeps the others as unknown or unparsed, and reads the cut line', () => {
    expect(d.errorLog.lines).toBe(49);
    expect(d.errorLog.unparsed).toBe(1);
    expect(d.errorLog.signatures['upstream-timed-out-reading-header']).toBe(41);
    expect(d.errorLog.signatures['connect-no-route']).toBe(1);
    expect(d.errorLog.unknown.map((u) => u.message)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^ModSecurity/),
      expect.stringMatching(/^\[lua\]/),
    ]));
  });

  it('reads the access log with the log_format from nginx.conf, counting the cut and TLS lines', () => {
    expect(d.accessLog).toMatchObject({ lines: 122, parsed: 121, unparsed: 1, formats: { 'log-format': 121 }, withUpstreamFields: 121 });
    expect(d.statusMix.counts).toEqual({ '200': 83, '400': 1, '504': 37 });
  });

  it('groups per unix-socket upstream and per endpoint with ids folded, non-ASCII kept', () => {
    expect(d.perUpstream[0]).toMatchObject({ key: 'unix:/run/app/gunicorn.sock', statuses: { '200': 83, '504': 37 } });
    expect(d.perEndpoint.map((r) => r.key)).toEqual(expect.arrayContaining(['GET /produkte/grüne-äpfel/:id', 'GET /produkte/gr\\xC3\\xBCne-\\xC3\\xA4pfel/:id']));
  });

  it('diagnoses the timeout piled up at the configured 30 s, spread over the whole log', () => {
    expect(d.settings.proxy_read_timeout).toBe('30s');
    expect(d.causes[0]?.id).toBe('timeout-below-latency');
    expect(d.causes[0]?.evidence.join('\n')).toMatch(/piled up at proxy_read_timeout 30s \(nginx\.conf\)/);
    expect(d.pattern.kind).toBe('steady');
  });
});

import { describe, expect, it } from 'vitest';
import { failureModeOf } from '../../../harness/gate/failure-modes.js';
import { loadScenarios } from '../../../harness/cli/load-plans.js';

const catalog = await loadScenarios(['scenarios/']);
const mode = (name: string) => failureModeOf(catalog.find((s) => s.scenario.name === name)!);

describe('failureModeOf (the built-in catalog)', () => {
  it('takes the reproduction and the nginx-only fixes as suggestions, as a user would write them', () => {
    const m = mode('slow-backend-read-timeout');
    expect(m.reproduction.name).toBe('timeout-too-short');
    expect(m.nginxFixes).toEqual([{ variant: 'timeout-tuned', summary: expect.any(String) as unknown as string, changes: ['proxy_read_timeout 1s'] }]);
    expect(mode('keepalive-race').nginxFixes.map((f) => f.changes)).toEqual([['proxy_next_upstream error timeout non_idempotent']]);
    expect(mode('no-live-upstreams').nginxFixes[0]!.changes).toEqual(['max_fails=0 on each upstream server']);
    expect(mode('upstream-keepalive').nginxFixes[0]!.changes).toEqual(['keepalive 32 in the upstream block, with proxy_http_version 1.1 and proxy_set_header Connection ""']);
  });

  it('finds no nginx fix where every fix changes a backend, and lists those fixes', () => {
    for (const name of ['non-http-response', 'backend-closes-mid-body', 'invalid-response-header', 'oom-killed-backend', 'event-loop-blocking']) {
      expect(mode(name).nginxFixes, name).toEqual([]);
      expect(mode(name).backendFixes.length, name).toBeGreaterThan(0);
    }
  });

  it('does not take a fix that changes the load (a POST beside a GET) for an nginx fix', () => {
    const m = mode('crash-before-headers');
    expect(m.nginxFixes.map((f) => f.variant)).toEqual(['retry-on-healthy-replica']);
  });

  it('has a verdict group for every scenario of the catalog', () => {
    expect(catalog.length).toBeGreaterThanOrEqual(23);
    for (const s of catalog) {
      const m = failureModeOf(s);
      expect(m.nginxFixes.length + m.backendFixes.length, s.scenario.name).toBeGreaterThan(0);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { loadScenarios } from '../../../harness/cli/load-plans.js';
import { failureModeOf } from '../../../harness/gate/failure-modes.js';
import { modeApplies } from '../../../harness/gate/mode-applicability.js';
import { describeParamChange } from '../../../harness/gate/param-changes.js';
import { parseNginxConf } from '../../../harness/nginx/user-config/nginx-conf-parser.js';

// The catalog's, and the network scenarios kept out of it for its run time (examples/network/):
// a user can still run them, and they are failure modes like any other.
const catalog = await loadScenarios(['scenarios/', 'examples/network/']);
const loaded = (name: string) => catalog.find((s) => s.scenario.name === name)!;

function directives(text: string) {
  const parsed = parseNginxConf(text, 'nginx.conf');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

const PLAIN = directives('http { upstream api { server 10.0.0.2:8080; } server { listen 80; location / { proxy_pass http://api; } } }');
const TLS = directives('http { server { listen 80; location /a { proxy_pass http://a; } location / { proxy_pass https://api.internal; } } }');

describe('network failure modes in the gate', () => {
  it("runs the TLS backends' modes only against a config that proxies over https", () => {
    for (const name of ['upstream-tls-untrusted-ca', 'upstream-tls-name-mismatch', 'upstream-tls-sni-required', 'upstream-tls-handshake-timeout', 'upstream-tls-expired-certificate']) {
      const { scenario } = loaded(name);
      const reproduction = failureModeOf(loaded(name)).reproduction;
      expect(modeApplies(scenario, reproduction, PLAIN), name).toBe(false);
      expect(modeApplies(scenario, reproduction, TLS), name).toBe(true);
    }
    for (const name of ['upstream-tls-to-plain-http', 'firewall-reject', 'dns-stale-address', 'network-latency']) {
      expect(modeApplies(loaded(name).scenario, failureModeOf(loaded(name)).reproduction, PLAIN), name).toBe(true);
    }
  });

  it('suggests the fixes as nginx.conf says them', () => {
    expect(failureModeOf(loaded('upstream-tls-untrusted-ca')).nginxFixes[0]!.changes).toEqual(["proxy_ssl_trusted_certificate <the CA that signs your backends' certificates>"]);
    expect(failureModeOf(loaded('upstream-tls-sni-required')).nginxFixes[0]!.changes).toEqual(['proxy_ssl_server_name on']);
    expect(failureModeOf(loaded('upstream-tls-name-mismatch')).nginxFixes[0]!.changes).toEqual(['proxy_ssl_name api.internal']);
    expect(failureModeOf(loaded('dns-stale-address')).nginxFixes[0]!.changes).toEqual([
      'proxy_pass with the host in a variable, resolved at request time (set $upstream_host <name>; proxy_pass http://$upstream_host:<port>)',
      'resolver <a DNS server that answers for your backends>',
      'resolver ... valid=1s',
    ]);
    expect(failureModeOf(loaded('upstream-tls-expired-certificate')).nginxFixes).toEqual([]);
    expect(describeParamChange('proxy_pass_scheme', 'http', {})).toBe('proxy_pass http://...');
  });
});

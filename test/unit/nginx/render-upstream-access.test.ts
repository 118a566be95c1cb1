import { describe, expect, it } from 'vitest';
import { checkParam } from '../../../harness/nginx/param-types.js';
import { renderNginxConfig, type RenderContext } from '../../../harness/nginx/render-nginx-config.js';
import { loadTemplate } from '../../../harness/nginx/template-registry.js';
import type { ParamInput } from '../../../harness/nginx/param-types.js';

const CONTEXT: RenderContext = {
  scenario: 'tls', variant: 'v', upstreams: [{ host: 'app-1', port: 8080 }, { host: 'app-2', port: 8080 }], listenPort: 8080,
  accessLogPath: '/var/log/badgateway/access.log', errorLogPath: '/var/log/badgateway/error.log',
  variableUpstream: { host: 'app.svc.cluster.local', port: 8080 }, upstreamCaPath: '/etc/badgateway/tls/upstream-ca.pem',
};

function location(params: Record<string, ParamInput>, context: Partial<RenderContext> = {}): { http: string[]; location: string[] } {
  const result = renderNginxConfig(loadTemplate('reverse-proxy')!, params, { ...CONTEXT, ...context });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  const text = result.value.text;
  const loc = /location \/ \{[\s\S]*?\n {8}\}/.exec(text)![0];
  const http = text.slice(0, text.indexOf('server {')).split('\n').map((l) => l.trim());
  return { http, location: loc.split('\n').map((l) => l.trim()) };
}

describe('the reverse-proxy template: how nginx reaches the backends', () => {
  it('proxies to the upstream block over https with the TLS settings as given', () => {
    const { location: l } = location({ proxy_pass_scheme: 'https', proxy_ssl_verify: 'on', proxy_ssl_server_name: 'on', proxy_ssl_name: 'api.internal' });
    expect(l).toContain('proxy_pass https://backend;');
    expect(l).toContain('proxy_ssl_verify on;');
    expect(l).toContain('proxy_ssl_server_name on;');
    expect(l).toContain('proxy_ssl_trusted_certificate /etc/badgateway/tls/upstream-ca.pem;');
    expect(l).toContain('proxy_ssl_name api.internal;');
  });

  it('trusts the image\'s public CA bundle when asked, and names no CA file without verification', () => {
    expect(location({ proxy_ssl_verify: 'on', proxy_ssl_trusted_certificate: 'system' }).location).toContain('proxy_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt;');
    expect(location({ proxy_ssl_trusted_certificate: 'system' }).location.join('\n')).not.toContain('proxy_ssl_trusted_certificate');
  });

  it('resolves at request time with a variable and a resolver, with valid= only when set', () => {
    const { http, location: l } = location({ proxy_pass_target: 'variable', resolver: 'dns-server', resolver_valid: '1s', resolver_timeout: '500ms' });
    expect(l).toContain('set $upstream_host app.svc.cluster.local;');
    expect(l).toContain('proxy_pass http://$upstream_host:8080;');
    expect(l.join('\n')).not.toContain('proxy_pass http://backend');
    expect(http).toContain('resolver dns-server valid=1s;');
    expect(http).toContain('resolver_timeout 500ms;');
    expect(location({ proxy_pass_target: 'variable', resolver: '127.0.0.1' }).http).toContain('resolver 127.0.0.1;');
    expect(location({ proxy_pass_target: 'variable', proxy_pass_host: 'orders' }).location).toContain('set $upstream_host orders;');
  });

  it('takes the first upstream for the variable when no host is given by the harness', () => {
    const { variableUpstream: _v, ...withoutVariable } = CONTEXT;
    const result = renderNginxConfig(loadTemplate('reverse-proxy')!, { proxy_pass_target: 'variable' }, withoutVariable);
    expect(result.ok && result.value.text).toContain('set $upstream_host app-1;');
  });

  it('refuses host names that could carry anything else into nginx.conf', () => {
    const spec = loadTemplate('reverse-proxy')!.params.proxy_ssl_name!;
    for (const bad of ['api.internal; return 200', 'API.internal', 'a b', '$host', 'x'.repeat(254), 'a..b', 7]) {
      expect(checkParam(spec, bad).ok, String(bad)).toBe(false);
    }
    expect(checkParam(spec, 'api.internal')).toEqual({ ok: true, value: 'api.internal' });
    expect(checkParam(spec, '')).toEqual({ ok: true, value: '' });
    const resolver = loadTemplate('reverse-proxy')!.params.resolver!;
    expect(checkParam(resolver, '8.8.8.8').ok).toBe(false);
    const result = renderNginxConfig(loadTemplate('reverse-proxy')!, {}, { ...CONTEXT, variableUpstream: { host: 'bad host', port: 8080 } });
    expect(result.ok).toBe(false);
  });
});

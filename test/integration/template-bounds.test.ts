/**
 * Every template parameter at its bounds (and every value of an enum or list) renders a config
 * that real nginx accepts: each rendered config goes through `nginx -t` in the nginx image, all in
 * one container. A value the schema accepts must never be one nginx refuses, on the default image
 * and on each nginx version line badgateway builds offline (1.22, 1.26, 1.30: pulled, or built
 * from Debian first where no registry answers, about a minute each, once, said on stderr).
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveImages } from '../../harness/config/images.js';
import { OFFLINE_LINES } from '../../harness/config/nginx-versions.js';
import { nginxVersionImages } from '../../harness/runtime/nginx-version-images.js';
import { renderNginxConfig } from '../../harness/nginx/render-nginx-config.js';
import { loadTemplate, templateNames } from '../../harness/nginx/template-registry.js';
import type { ParamInput, ParamSpec } from '../../harness/nginx/param-types.js';
import { UpstreamCertificates } from '../../harness/runtime/tls/upstream-certificates.js';
import { docker } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'badgateway-bounds-'));
// nginx -t runs as an unprivileged user in the container: it must be able to read them.
chmodSync(dir, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// proxy_ssl_trusted_certificate internal-ca names the run's CA: nginx -t reads it
const CA_PEM = new UpstreamCertificates().caCertificatePem;

/** The values a parameter's declaration allows at its edges. */
function edges(spec: ParamSpec): ParamInput[] {
  switch (spec.type) {
    case 'integer': return [spec.min, spec.max];
    case 'duration': return [spec.min ?? '0s', spec.max ?? '1h'];
    case 'size': return [spec.min ?? '1', spec.max ?? '64m'];
    case 'enum': return spec.values;
    case 'list': return spec.values;
    case 'hostname': return ['', 'a', `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`];
  }
}

/** Parameters that only render, or only mean something, when others are on. */
function enabling(key: string): Record<string, ParamInput> {
  if (key.startsWith('limit_req_') && key !== 'limit_req_rate') return { limit_req_rate: 10 };
  if (key.startsWith('keepalive_')) return { keepalive: 4 };
  if (key.startsWith('proxy_ssl_') || key === 'proxy_pass_scheme') return { proxy_pass_scheme: 'https', proxy_ssl_verify: 'on' };
  if (key.startsWith('resolver') || key.startsWith('proxy_pass_')) return { proxy_pass_target: 'variable', resolver: 'dns-server' };
  return {};
}

const versionImages = await nginxVersionImages(docker, Object.keys(OFFLINE_LINES), (line) => process.stderr.write(`template-bounds test: ${line}\n`));
const images = [...new Set([resolveImages(process.env).nginx, ...Object.values(versionImages)])];
const matrix = templateNames().flatMap((name) => images.map((image) => [name, image] as const));

describe('template parameters at their bounds', () => {
  it.each(matrix)('%s on %s: every edge value passes nginx -t', async (name, image) => {
    const template = loadTemplate(name)!;
    const own = mkdtempSync(join(dir, `${name}-`));
    chmodSync(own, 0o755);
    writeFileSync(join(own, 'upstream-ca.pem'), CA_PEM, { mode: 0o644 });
    const cases: { label: string; file: string }[] = [];
    for (const [key, spec] of Object.entries(template.params)) {
      for (const value of edges(spec)) {
        // Parameters that only render when another is on get it switched on.
        const rendered = renderNginxConfig(template, { ...enabling(key), [key]: value }, {
          scenario: 'bounds', variant: 'edge', upstreams: [{ host: '127.0.0.1', port: 8080 }], listenPort: 8080, accessLogPath: '/tmp/access.log', errorLogPath: '/tmp/error.log',
          upstreamCaPath: '/configs/upstream-ca.pem',
        });
        if (!rendered.ok) throw new Error(`${key}=${String(value)} did not render: ${JSON.stringify(rendered.error)}`);
        const file = `${String(cases.length).padStart(3, '0')}.conf`;
        writeFileSync(join(own, file), rendered.value.text, { mode: 0o644 });
        cases.push({ label: `${key}=${String(value)}`, file });
      }
    }
    expect(cases.length).toBeGreaterThan(30);
    const script = 'for f in /configs/*.conf; do nginx -q -t -c "$f" >/dev/null 2>/tmp/out || { echo "REFUSED $(basename "$f"): $(tr "\\n" " " </tmp/out)"; }; done; echo done';
    const container = await docker.createContainer({
      Image: image, User: '65534:65534', Cmd: ['sh', '-c', script],
      Labels: { 'io.badgateway.managed': 'true', 'io.badgateway.test': 'template-bounds' },
      // `resolver dns-server` is resolved when the config loads
      HostConfig: { Binds: [`${own}:/configs:ro`], CapDrop: ['ALL'], SecurityOpt: ['no-new-privileges'], NetworkMode: 'none', ExtraHosts: ['dns-server:127.0.0.1'] },
    });
    try {
      await container.start();
      await container.wait();
      const logs = (await container.logs({ stdout: true, stderr: true })).toString('utf8');
      const refused = logs.split('\n').filter((line) => line.includes('REFUSED')).map((line) => {
        const file = /REFUSED (\S+):/.exec(line)?.[1];
        return `${cases.find((c) => c.file === file)?.label ?? file}: ${line.slice(line.indexOf(':') + 1).trim()}`;
      });
      expect(logs).toContain('done');
      expect(refused).toEqual([]);
    } finally {
      await container.remove({ force: true });
    }
  }, 60_000);
});

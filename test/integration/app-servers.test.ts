/**
 * Real app servers and the FastCGI transport in real containers: each answers through nginx, runs
 * confined, and a unix socket's volume is labelled and removed with the rest. A few requests each.
 */
import { describe, expect, it } from 'vitest';
import { resolveImages } from '../../harness/config/images.js';
import { summarizeErrorLog } from '../../harness/nginx/parse-error-log.js';
import { DockerRuntime } from '../../harness/runtime/docker-runtime.js';
import { LABEL_MANAGED, LABEL_RUN } from '../../harness/runtime/labels.js';
import { expandScenario, type VariantPlan } from '../../harness/scenario/expand.js';
import { parseScenarioText } from '../../harness/scenario/load-scenario.js';
import { BACKEND_BUNDLE, docker, labelled, requireBuild } from './support.js';

const runId = `test-app-servers-${process.pid}`;
const runtime = new DockerRuntime({ docker, runId, images: resolveImages(process.env), backendBundle: BACKEND_BUNDLE });

function plan(backend: string, template: string): VariantPlan {
  const text = `name: t\nsummary: s\nbackends:\n  - name: app\n${backend}\nnginx: { template: ${template}, params: { ${template === 'fastcgi' ? 'fastcgi' : 'proxy'}_read_timeout: 5s } }\nload: { requests: 4 }\nvariants:\n  - name: v\n`;
  const parsed = parseScenarioText(text, 'inline.yaml');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  const plans = expandScenario('inline.yaml', parsed.value);
  if (!plans.ok) throw new Error(plans.error.join('\n'));
  return plans.value[0]!;
}

/** Starts the plan's environment, sends a few GETs, returns their statuses and bodies and the ids of nginx's error-log lines. */
async function exercise(p: VariantPlan, inspect?: () => Promise<void>): Promise<{ statuses: number[]; bodies: string[]; errors: string[] }> {
  requireBuild();
  const environment = await runtime.start({ label: 'app-servers', backends: p.backends, nginxConfig: p.nginxConfig });
  try {
    const responses = await Promise.all([1, 2, 3].map(() => fetch(`${environment.nginxUrl}/`, { signal: AbortSignal.timeout(20_000) })));
    const bodies = await Promise.all(responses.map((r) => r.text()));
    await inspect?.();
    const counts = summarizeErrorLog((await environment.readLogs()).error).signatureCounts;
    const errors = Object.keys(counts).filter((id) => id !== 'nginx-process').sort();
    return { statuses: responses.map((r) => r.status), bodies, errors };
  } finally {
    // The end of the variant, then of the run: the runtime keeps nothing of a variant on a socket.
    await environment.stop();
    await runtime.dispose();
  }
}

describe('real app servers', () => {
  it('php-fpm on a unix socket in a labelled volume nginx shares, as www-data without capabilities; the volume goes with the run', async () => {
    const result = await exercise(plan('    socket: /run/php/php8.2-fpm.sock\n    server: { kind: php-fpm, listen_mode: "0666" }', 'fastcgi'), async () => {
      const made = await labelled({ runId });
      expect(made.volumes).toHaveLength(1);
      const volume = await docker.getVolume(made.volumes[0]!).inspect();
      expect(volume.Labels).toMatchObject({ [LABEL_MANAGED]: 'true', [LABEL_RUN]: runId });
      const fpm = await docker.getContainer(made.containers.find((n) => n.endsWith('-app-1'))!.replace(/^\//, '')).inspect();
      expect(fpm.Config.User).toBe('33:33');
      expect(fpm.HostConfig.CapDrop).toEqual(['ALL']);
      const nginx = await docker.getContainer(made.containers.find((n) => n.endsWith('-nginx'))!.replace(/^\//, '')).inspect();
      expect(nginx.Mounts.map((m) => m.Destination)).toEqual(['/run/php']);
    });
    expect(result).toEqual({ statuses: [200, 200, 200], bodies: ['ok\n', 'ok\n', 'ok\n'], errors: [] });
    expect(await labelled({ runId })).toEqual({ containers: [], networks: [], volumes: [] });
  }, 60_000);

  it('gunicorn on a unix socket, uvicorn and Node over TCP answer through nginx', async () => {
    for (const backend of ['    socket: /run/gunicorn/app.sock\n    server: { kind: gunicorn }', '    server: { kind: uvicorn, handler: awaiting }', '    server: { kind: node }']) {
      expect(await exercise(plan(backend, 'reverse-proxy')), backend).toEqual({ statuses: [200, 200, 200], bodies: ['ok\n', 'ok\n', 'ok\n'], errors: [] });
    }
  }, 90_000);

  it('serves a fake behaviour over FastCGI: an answer as PHP-FPM gives it, and bytes that are not FastCGI as nginx reads them', async () => {
    expect(await exercise(plan('    protocol: fastcgi\n    behavior: { kind: ok, body_bytes: 5 }', 'fastcgi'))).toEqual({ statuses: [200, 200, 200], bodies: ['xxxx\n', 'xxxx\n', 'xxxx\n'], errors: [] });
    const garbage = await exercise(plan('    protocol: fastcgi\n    behavior: { kind: garbage }', 'fastcgi'));
    expect(garbage.statuses).toEqual([502, 502, 502]);
    expect(garbage.errors).toEqual(['fastcgi-protocol-mismatch']);
    expect(await labelled({ runId })).toEqual({ containers: [], networks: [], volumes: [] });
  }, 60_000);
});

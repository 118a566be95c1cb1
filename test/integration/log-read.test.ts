/**
 * nginx's logs are read whole whatever their size: small ones through the nginx container's shell,
 * larger ones (over 4 MiB together) streamed through docker exec. Either way, read as text or saved
 * into the evidence folder, they hold every line nginx wrote, byte for byte the same.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPlans } from '../../harness/cli/load-plans.js';
import { resolveImages } from '../../harness/config/images.js';
import { DockerRuntime } from '../../harness/runtime/docker-runtime.js';
import type { StartedEnvironment } from '../../harness/runtime/runtime.js';
import { BACKEND_BUNDLE, docker, labelled, requireBuild } from './support.js';

const runId = `test-log-read-${process.pid}`;
const runtime = new DockerRuntime({ docker, runId, images: resolveImages(process.env), backendBundle: BACKEND_BUNDLE });
const evidence = mkdtempSync(join(tmpdir(), 'bg-log-read-'));

afterAll(async () => {
  await runtime.dispose();
  rmSync(evidence, { recursive: true, force: true });
  expect(await labelled({ runId })).toEqual({ containers: [], networks: [], volumes: [] });
});

/** `count` requests whose path is `pathBytes` long: each access log line is about that long. */
async function send(environment: StartedEnvironment, count: number, pathBytes: number): Promise<string> {
  const path = `/${'p'.repeat(pathBytes)}`;
  for (let sent = 0; sent < count; sent += 20) {
    const statuses = await Promise.all(Array.from({ length: Math.min(20, count - sent) }, () => fetch(`${environment.nginxUrl}${path}`).then(async (r) => { await r.arrayBuffer(); return r.status; })));
    expect(statuses.every((s) => s === 200)).toBe(true);
  }
  return path;
}

describe("nginx's logs", () => {
  it.each([
    { size: 'small', count: 50, pathBytes: 100 },
    { size: 'over 4 MiB', count: 1_100, pathBytes: 4_000 },
  ])('$size: every line, read or saved, the same bytes', async ({ count, pathBytes }) => {
    requireBuild();
    const [plan] = await loadPlans(['test/fixtures/scenarios/reliability/bounded.yaml']);
    const environment = await runtime.start({ label: 'test', backends: plan!.backends, nginxConfig: plan!.nginxConfig });
    try {
      const path = await send(environment, count, pathBytes);
      const read = await environment.readLogs();
      const dir = join(evidence, String(count));
      const saved = await environment.saveLogs(dir, () => undefined);
      const access = readFileSync(join(dir, 'access.log'), 'utf8');
      expect(access.split('\n').filter((line) => line.includes(path)).length).toBe(count);
      expect(Buffer.byteLength(access)).toBe(saved.access);
      expect(read.access).toBe(access);
      expect(read.error).toBe(readFileSync(join(dir, 'error.log'), 'utf8'));
      if (count > 1_000) expect(saved.access).toBeGreaterThan(4 * 1024 * 1024);
      else expect(saved.access).toBeLessThan(1024 * 1024);
    } finally {
      await environment.stop();
    }
  }, 90_000);
});

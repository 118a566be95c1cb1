/**
 * nginx's logs are kept in a folder of bounded size. A run whose logs outgrow it must say so and
 * fail, never report counts from logs that lost lines: here a 256 KiB folder and 2,000 requests
 * (about 300 bytes of access log each).
 */
import { describe, expect, it } from 'vitest';
import { loadPlans } from '../../harness/cli/load-plans.js';
import { resolveImages } from '../../harness/config/images.js';
import { LogSpaceError } from '../../harness/errors.js';
import { DockerRuntime } from '../../harness/runtime/docker-runtime.js';
import { BACKEND_BUNDLE, docker, labelled, requireBuild } from './support.js';

describe('nginx\'s log space', () => {
  it('filled: reading the logs fails with what happened and what to do', async () => {
    requireBuild();
    const runId = `test-log-space-${process.pid}`;
    const [plan] = await loadPlans(['test/fixtures/scenarios/reliability/bounded.yaml']);
    const runtime = new DockerRuntime({ docker, runId, images: resolveImages(process.env), backendBundle: BACKEND_BUNDLE, logSpaceBytes: 256 * 1024 });
    const environment = await runtime.start({ label: 'test', backends: plan!.backends, nginxConfig: plan!.nginxConfig });
    try {
      let ok = 0;
      for (let batch = 0; batch < 100; batch++) {
        const statuses = await Promise.all(Array.from({ length: 20 }, () => fetch(`${environment.nginxUrl}/`).then(async (r) => { await r.arrayBuffer(); return r.status; })));
        ok += statuses.filter((s) => s === 200).length;
      }
      expect(ok).toBe(2000);
      const read = environment.readLogs();
      await expect(read).rejects.toThrow(LogSpaceError);
      await expect(read).rejects.toThrow(/nginx's log space \(256 KiB\) filled during the variant: its access or error log may be missing lines/);
    } finally {
      await environment.stop();
      await runtime.dispose();
    }
    expect(await labelled({ runId })).toEqual({ containers: [], networks: [], volumes: [] });
  }, 60_000);
});

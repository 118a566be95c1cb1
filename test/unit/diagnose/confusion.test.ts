/**
 * The logs captured from the built-in scenarios (real nginx, real failing backends; the variant
 * that reproduces each failure, trimmed) are diagnosed back to the failure mode that produced
 * them. Prints the confusion table: failure mode (rows) against the top-ranked cause (columns).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CauseId } from '../../../harness/diagnose/diagnosis.js';
import { diagnoseTexts } from '../../../harness/diagnose/diagnose.js';

const CATALOG = new URL('../../fixtures/diagnose/catalog/', import.meta.url).pathname;

/**
 * fixture folder, the scenario and variant it was captured from, the failure mode it models, and
 * the nginx version (--nginx-version) for those captured on another line than the default's
 */
const CAPTURED: [folder: string, source: string, failureMode: CauseId | 'none', nginxVersion?: string][] = [
  ['slow-backend-read-timeout', 'slow-backend-read-timeout / timeout-too-short', 'timeout-below-latency'],
  ['backend-timeout-mismatch', 'backend-timeout-mismatch / timeouts-equal', 'app-server-timeout'],
  ['one-bad-replica', 'one-bad-replica / no-retries', 'app-server-timeout'],
  ['event-loop-blocking', 'event-loop-blocking / blocking-high-concurrency', 'slowing-backend'],
  ['frozen-backend', 'frozen-backend / one-replica', 'backend-stall'],
  ['connect-timeout-backlog', 'connect-timeout-backlog / timeouts-not-retried', 'connect-timeout'],
  ['send-timeout-unread-body', 'send-timeout-unread-body / backend-never-reads', 'send-timeout'],
  ['keepalive-race', 'keepalive-race / post-gets-502', 'keepalive-race'],
  ['keepalive-race--get-retried-unseen', 'keepalive-race / get-retried-unseen', 'keepalive-race'],
  ['crash-before-headers', 'crash-before-headers / no-retry', 'backend-crash'],
  ['oom-killed-backend', 'oom-killed-backend / unbounded-leak', 'backend-crash'],
  ['reset-before-header', 'reset-before-header / post-not-retried', 'backend-resets'],
  ['reset-before-header--get-retried', 'reset-before-header / get-retried', 'backend-resets'],
  ['restart-storm', 'restart-storm / restarted', 'backend-restart'],
  ['rolling-deploy', 'rolling-deploy / abrupt-shutdown', 'backend-restart'],
  ['restart-storm--killed-no-restart', 'restart-storm / killed-no-restart', 'backend-down'],
  ['connection-refused', 'connection-refused / rollout-complete', 'backend-down'],
  ['no-live-upstreams', 'no-live-upstreams / max-fails-1', 'max-fails-cascade'],
  ['response-header-too-big', 'response-header-too-big / buffer-4k', 'header-too-big'],
  ['invalid-response-header', 'invalid-response-header / space-in-header-name', 'invalid-header'],
  ['non-http-response', 'non-http-response / redis-on-the-port', 'not-http'],
  ['backend-closes-mid-body', 'backend-closes-mid-body / worker-dies-mid-body', 'body-cut'],
  ['rate-limited-vs-upstream', 'rate-limited-vs-upstream / rate-limit-too-low', 'rate-limited'],
  ['upstream-keepalive', 'upstream-keepalive / keepalive-off (no failure)', 'none'],
  ['upstream-keepalive-default--1.30', 'upstream-keepalive-default / no-keepalive-in-config@1.30', 'keepalive-race', '1.30.6'],
  ['duplicate-content-length--1.26', 'duplicate-content-length / content-length-twice@1.26', 'framing-conflict', '1.26.3'],
  ['duplicate-content-length--chunked-1.30', 'duplicate-content-length / content-length-and-chunked@1.30', 'framing-conflict', '1.30.6'],
];

const outcomes: { source: string; expected: string; got: string; confidence: string }[] = [];

function read(folder: string, file: string): string {
  return readFileSync(join(CATALOG, folder, file), 'utf8');
}

describe('captured catalog logs diagnose back to their failure mode', () => {
  for (const [folder, source, failureMode, nginxVersion] of CAPTURED) {
    it(`${source} → ${failureMode}`, () => {
      expect(existsSync(join(CATALOG, folder, 'error.log')), `fixture ${folder} missing`).toBe(true);
      const { diagnosis } = diagnoseTexts({ errorLog: read(folder, 'error.log'), accessLog: read(folder, 'access.log'), nginxConfig: read(folder, 'nginx.conf'), ...(nginxVersion ? { nginxVersion } : {}) });
      const top = diagnosis.causes[0];
      outcomes.push({ source, expected: failureMode, got: top?.id ?? 'none', confidence: top?.confidence ?? '-' });
      expect(top?.id ?? 'none', JSON.stringify(diagnosis.causes.slice(0, 3).map((c) => [c.id, c.confidence, c.score]))).toBe(failureMode);
    });
  }
});

afterAll(() => {
  const modes = [...new Set(outcomes.map((o) => o.expected))];
  const predicted = [...new Set([...modes, ...outcomes.map((o) => o.got)])];
  const width = Math.max(...modes.map((m) => m.length));
  const lines = [`${'failure mode \\ top cause'.padEnd(width)}  ${predicted.map((_, i) => String(i + 1).padStart(2)).join(' ')}`];
  for (const mode of modes) {
    const row = predicted.map((p) => outcomes.filter((o) => o.expected === mode && o.got === p).length);
    lines.push(`${mode.padEnd(width)}  ${row.map((n) => (n === 0 ? ' .' : String(n).padStart(2))).join(' ')}`);
  }
  lines.push('', ...predicted.map((p, i) => `${String(i + 1).padStart(2)} = ${p}`));
  const right = outcomes.filter((o) => o.expected === o.got).length;
  lines.push('', `${right} of ${outcomes.length} captured logs diagnosed to their failure mode`);
  lines.push(...outcomes.map((o) => `  ${o.expected === o.got ? 'ok  ' : 'MISS'} ${o.source.padEnd(52)} ${o.got} (${o.confidence})`));
  process.stdout.write(`\nconfusion table (captured catalog logs):\n${lines.join('\n')}\n`);
});

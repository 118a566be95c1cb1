import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarios } from '../../../harness/cli/load-plans.js';
import { applicableModes, inProtocolTerms, targetProtocol } from '../../../harness/gate/applicable-modes.js';
import { failureModeOf } from '../../../harness/gate/failure-modes.js';
import { loadUserConfig } from '../../../harness/nginx/user-config/load-user-config.js';
import { REALWORLD, REALWORLD_ABSENT } from '../../support/realworld.js';

const catalog = await loadScenarios(['scenarios/']);
const modes = catalog.map(failureModeOf);
const PHP_FPM = ['php-fpm-slow-script', 'php-fpm-socket-backlog-full', 'php-fpm-socket-missing', 'php-fpm-socket-permission-denied'];
const HTTP_SERVERS = ['gunicorn-worker-timeout', 'uvicorn-blocking-call'];

describe('applicableModes', () => {
  it('leaves the PHP-FPM modes out for a config that proxies over HTTP, and keeps every other', () => {
    const config = loadUserConfig('test/fixtures/user-config/full/nginx.conf');
    expect(targetProtocol(config, undefined)).toBe('http');
    const { applicable, skipped } = applicableModes(catalog, modes, 'http');
    expect(skipped.map((s) => s.scenario).sort()).toEqual(PHP_FPM);
    expect(skipped[0]!.reason).toMatch(/server php-fpm\) does not speak HTTP, which your config passes/);
    expect(applicable.length).toBe(catalog.length - PHP_FPM.length);
  });

  it.skipIf(REALWORLD === undefined)(`keeps the fake backends' and PHP-FPM's modes for a config that only passes FastCGI (Nextcloud) ${REALWORLD ? '' : REALWORLD_ABSENT}`, () => {
    const config = loadUserConfig(join(REALWORLD!, 'nginx-configs', 'nextcloud-fpm.conf'));
    expect(targetProtocol(config, undefined)).toBe('fastcgi');
    const { skipped } = applicableModes(catalog, modes, 'fastcgi');
    expect(skipped.map((s) => s.scenario).sort()).toEqual(HTTP_SERVERS);
  });
});

describe('inProtocolTerms', () => {
  it("names the catalog's nginx fixes as a FastCGI config writes them", () => {
    const mode = modes.find((m) => m.scenario === 'slow-backend-read-timeout')!;
    expect(mode.nginxFixes[0]!.changes).toEqual(['proxy_read_timeout 1s']);
    expect(inProtocolTerms(mode, 'fastcgi').nginxFixes[0]!.changes).toEqual(['fastcgi_read_timeout 1s']);
    expect(inProtocolTerms(mode, 'http')).toBe(mode);
    const keepalive = modes.find((m) => m.scenario === 'upstream-keepalive')!;
    expect(inProtocolTerms(keepalive, 'fastcgi').nginxFixes.flatMap((f) => f.changes).join('; ')).toMatch(/keepalive \d+ in the upstream block, with fastcgi_keep_conn on/);
  });
});

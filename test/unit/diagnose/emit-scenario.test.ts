import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { diagnoseTexts } from '../../../harness/diagnose/diagnose.js';
import { emitScenario } from '../../../harness/diagnose/emit-scenario.js';
import { UsageError } from '../../../harness/errors.js';
import { parseScenarioText } from '../../../harness/scenario/load-scenario.js';
import { CASES } from './cases.js';
import { errorLine, MESSAGES, nginxConf } from './log-builder.js';

describe('emitScenario', () => {
  for (const [name, make] of Object.entries(CASES)) {
    it(`${name}: a valid scenario whose first variant reproduces and later ones fix`, () => {
      const c = make();
      const { diagnosis, settings } = diagnoseTexts(c);
      const emitted = emitScenario(diagnosis, settings, { source: 'out.yaml' });
      expect(emitted.cause).toBe(c.expected);
      const checked = parseScenarioText(emitted.yaml, 'out.yaml');
      expect(checked.ok, JSON.stringify(checked)).toBe(true);
      expect(emitted.variants[0]).toBe('as-diagnosed');
      expect(emitted.variants.length).toBeGreaterThanOrEqual(2);
    });
  }

  it('emits, for every captured catalog log, a valid scenario that uses only fields the behaviours take', () => {
    const catalog = new URL('../../fixtures/diagnose/catalog/', import.meta.url).pathname;
    // framing-conflict has no recipe yet: it reproduces only on nginx 1.23 and later, and an emitted
    // scenario does not name an nginx version (nginx.versions) yet.
    const noRecipe = new Set(['duplicate-content-length--1.26', 'duplicate-content-length--chunked-1.30']);
    for (const folder of readdirSync(catalog).filter((f) => !noRecipe.has(f))) {
      const read = (file: string) => readFileSync(join(catalog, folder, file), 'utf8');
      const { diagnosis, settings } = diagnoseTexts({ errorLog: read('error.log'), accessLog: read('access.log'), nginxConfig: read('nginx.conf') });
      if (diagnosis.causes.length === 0) continue;
      const emitted = emitScenario(diagnosis, settings, { source: `${folder}.yaml` });
      expect(emitted.notes.filter((n) => /does not take|behavior /.test(n)), folder).toEqual([]);
    }
  });

  it("uses the user's own timeouts from nginx.conf", () => {
    const errorLog = Array.from({ length: 10 }, (_, i) => errorLine(i, MESSAGES.readTimeout)).join('\n');
    const nginxConfig = nginxConf('proxy_read_timeout 2s;\n proxy_connect_timeout 3s;\n proxy_next_upstream error timeout http_502;\n proxy_buffer_size 8k;', 'server 10.0.0.1:8080 max_fails=3 fail_timeout=30s;\n server 10.0.0.2:8080 max_fails=3 fail_timeout=30s;');
    const { diagnosis, settings } = diagnoseTexts({ errorLog, nginxConfig });
    const doc = parse(emitScenario(diagnosis, settings, { source: 'out.yaml' }).yaml);
    expect(doc.nginx.params).toEqual({
      proxy_read_timeout: '2s', proxy_connect_timeout: '3s', proxy_next_upstream: 'error timeout http_502', proxy_buffer_size: '8k', max_fails: 3, fail_timeout: '30s', worker_connections: 1024,
    });
    expect(doc.backends).toEqual([{ name: 'app', replicas: 2, behavior: { kind: 'slow', delay: '4s' } }]);
    expect(doc.variants[1].nginx).toEqual({ proxy_read_timeout: '6s' });
  });

  it('scales every duration together when the backend delay would pass the harness limit', () => {
    const errorLog = errorLine(0, MESSAGES.readTimeout);
    const { diagnosis, settings } = diagnoseTexts({ errorLog, nginxConfig: nginxConf('proxy_read_timeout 300s;') });
    const emitted = emitScenario(diagnosis, settings, { source: 'out.yaml' });
    const doc = parse(emitted.yaml);
    expect(emitted.notes.join('\n')).toMatch(/scaled by 0\.180/);
    expect(doc.nginx.params.proxy_read_timeout).toBe('54s');
    expect(doc.backends[0].behavior.delay).toBe('108s');
  });

  it('refuses --cause for a cause that was not diagnosed, and logs without failures', () => {
    const { diagnosis, settings } = diagnoseTexts({ errorLog: errorLine(0, MESSAGES.readTimeout) });
    expect(() => emitScenario(diagnosis, settings, { source: 'x', cause: 'keepalive-race' })).toThrow(UsageError);
    const empty = diagnoseTexts({ errorLog: '' });
    expect(() => emitScenario(empty.diagnosis, empty.settings, { source: 'x' })).toThrow(/nothing to reproduce/);
  });
});

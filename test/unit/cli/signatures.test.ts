/**
 * badgateway signatures: every id of the catalog with its level, client status, meaning and an
 * example line as nginx writes it (each example classifies as its own id), in text and JSON.
 */
import { describe, expect, it } from 'vitest';
import { parseErrorLogLine } from '../../../harness/nginx/parse-error-log.js';
import { SIGNATURES } from '../../../harness/nginx/signatures.js';
import { runMain } from '../../support/run-main.js';

const cli = (args: string[]) => runMain(args, { NO_COLOR: '1' });

describe('badgateway signatures', () => {
  it('lists every signature id with its level, client status, meaning and an example line', async () => {
    const run = await cli(['signatures']);
    expect(run.code).toBe(0);
    expect(SIGNATURES.length).toBeGreaterThan(15);
    for (const s of SIGNATURES) {
      const client = s.clientStatus === null ? 'decides no client status' : `client gets ${s.clientStatus}`;
      expect(run.out).toContain(`${s.id}  (${s.level}, ${client})\n  ${s.summary}\n  example: ${s.example}\n`);
    }
    expect(run.out).toContain(`${SIGNATURES.length} signatures. A line that matches none counts as "unknown"`);
  });

  it('every example is a line nginx writes that classifies as its own id', () => {
    for (const s of SIGNATURES) expect(parseErrorLogLine(s.example)?.signature, s.id).toBe(s.id);
  });

  it('--json gives the same catalog as data', async () => {
    const run = await cli(['signatures', '--json']);
    expect(run.code).toBe(0);
    const listed = JSON.parse(run.out) as Record<string, unknown>[];
    expect(listed.map((s) => s.id)).toEqual(SIGNATURES.map((s) => s.id));
    const first = SIGNATURES[0]!;
    expect(listed[0]).toEqual({ id: first.id, level: first.level, clientStatus: first.clientStatus, failure: first.failure, summary: first.summary, example: first.example, pattern: first.pattern.source });
  });
});

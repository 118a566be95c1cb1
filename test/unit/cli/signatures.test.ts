/**
 * badgateway signatures: every id of the catalog with its level, client status and meaning, and
 * an example line where the catalog has one (each example must classify as its own id).
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { listSignatures, renderSignatures, type ListedSignature } from '../../../harness/cli/commands/signatures.js';
import { main } from '../../../harness/cli/main.js';
import { parseErrorLogLine } from '../../../harness/nginx/parse-error-log.js';
import { SIGNATURES } from '../../../harness/nginx/signatures.js';

function sink() {
  let text = '';
  const stream = new Writable({ write(chunk, _enc, done) { text += String(chunk); done(); } }) as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

async function cli(args: string[]) {
  const out = sink();
  const err = sink();
  const code = await main(args, { NO_COLOR: '1' }, out.stream, err.stream);
  return { code, out: out.text(), err: err.text() };
}

const EXAMPLE = '2026/11/21 10:00:02 [error] 31#31: *7 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 172.18.0.1, server: _, request: "GET / HTTP/1.1", upstream: "http://172.18.0.2:8080/", host: "127.0.0.1:32768"';

describe('badgateway signatures', () => {
  it('lists every signature id with its level, client status and meaning', async () => {
    const run = await cli(['signatures']);
    expect(run.code).toBe(0);
    expect(SIGNATURES.length).toBeGreaterThan(15);
    for (const s of SIGNATURES) {
      const client = s.clientStatus === null ? 'decides no client status' : `client gets ${s.clientStatus}`;
      expect(run.out).toContain(`${s.id}  (${s.level}, ${client})\n  ${s.summary}\n`);
    }
    expect(run.out).toContain(`${SIGNATURES.length} signatures. A line that matches none counts as "unknown"`);
  });

  it('--json gives the same catalog as data', async () => {
    const run = await cli(['signatures', '--json']);
    expect(run.code).toBe(0);
    const listed = JSON.parse(run.out) as { id: string; level: string; clientStatus: number | null; summary: string; pattern: string }[];
    expect(listed.map((s) => s.id)).toEqual(SIGNATURES.map((s) => s.id));
    expect(listed[0]).toEqual({ id: SIGNATURES[0]!.id, level: SIGNATURES[0]!.level, clientStatus: SIGNATURES[0]!.clientStatus, summary: SIGNATURES[0]!.summary, pattern: SIGNATURES[0]!.pattern.source });
  });

  it('shows a signature\'s example line, in text and JSON', () => {
    const withExample: ListedSignature = { ...SIGNATURES[0]!, example: EXAMPLE };
    expect(renderSignatures([withExample])).toContain(`\n  example: ${EXAMPLE}\n`);
    expect(listSignatures([withExample])[0]!.example).toBe(EXAMPLE);
    expect(parseErrorLogLine(EXAMPLE)?.signature).toBe(SIGNATURES[0]!.id);
  });

  it('every example the catalog carries is a line nginx writes that classifies as its own id', () => {
    for (const s of SIGNATURES as readonly ListedSignature[]) {
      if (s.example === undefined) continue;
      expect(parseErrorLogLine(s.example)?.signature, s.id).toBe(s.id);
      expect(renderSignatures(SIGNATURES)).toContain(`  example: ${s.example}\n`);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { beginRequest, decodeParams, encodeParams, encodeRecords, endRequest, parseBeginRequest, RECORD, RecordReader } from '../../../backends/fastcgi/records.js';
import { ResponseTranslator, toCgiHead } from '../../../backends/fastcgi/response-translator.js';

/** Records written by a translator, read back. */
function translate(response: string | Buffer, bodiless = false): { records: ReturnType<RecordReader['push']>; outcome: string; raw: Buffer } {
  const written: Buffer[] = [];
  const t = new ResponseTranslator(7, (b) => void written.push(b), bodiless);
  const bytes = typeof response === 'string' ? Buffer.from(response, 'latin1') : response;
  // byte by byte: the translator must not depend on how the response is split
  for (let i = 0; i < bytes.length; i++) t.push(bytes.subarray(i, i + 1));
  const outcome = t.end();
  const raw = Buffer.concat(written);
  return { records: outcome === 'raw' ? [] : new RecordReader().push(raw), outcome, raw };
}

const stdoutText = (records: ReturnType<RecordReader['push']>) => Buffer.concat(records.filter((r) => r.type === RECORD.stdout).map((r) => r.content)).toString('latin1');

describe('FastCGI records', () => {
  it('reads records split anywhere, padding included, and splits long content into records of 65535 bytes', () => {
    const big = Buffer.alloc(70_000, 0x61);
    const bytes = Buffer.concat([beginRequest(1, true), encodeRecords(RECORD.stdin, 1, big), encodeRecords(RECORD.stdin, 1, Buffer.alloc(0))]);
    const reader = new RecordReader();
    const records = [...reader.push(bytes.subarray(0, 13)), ...reader.push(bytes.subarray(13, 40_000)), ...reader.push(bytes.subarray(40_000))];
    expect(records.map((r) => [r.type, r.requestId, r.content.length])).toEqual([[1, 1, 8], [5, 1, 65_535], [5, 1, 4465], [5, 1, 0]]);
    expect(parseBeginRequest(records[0]!.content)).toEqual({ role: 1, keepConn: true });
    expect(parseBeginRequest(beginRequest(1, false).subarray(8)).keepConn).toBe(false);
  });

  it('decodes name-value pairs with 1- and 4-byte lengths', () => {
    const params = { REQUEST_METHOD: 'POST', REQUEST_URI: `/index.php?${'q'.repeat(300)}`, HTTP_X_LONG: 'v'.repeat(200), EMPTY: '' };
    expect(decodeParams(encodeParams(params))).toEqual(params);
  });

  it('ends a request with FCGI_END_REQUEST, app status 0, request complete', () => {
    const [record] = new RecordReader().push(endRequest(3));
    expect(record).toMatchObject({ type: RECORD.endRequest, requestId: 3 });
    expect([...record!.content]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });
});

describe('ResponseTranslator', () => {
  it('turns the status line into Status:, drops hop-by-hop headers, keeps the rest, and ends after Content-Length', () => {
    const { records, outcome } = translate('HTTP/1.1 201 Created\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nConnection: close\r\nKeep-Alive: timeout=5\r\n\r\nhello');
    expect(outcome).toBe('complete');
    expect(stdoutText(records)).toBe('Status: 201 Created\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello');
    expect(records.slice(-2).map((r) => [r.type, r.content.length])).toEqual([[RECORD.stdout, 0], [RECORD.endRequest, 8]]);
    expect(records.every((r) => r.requestId === 7)).toBe(true);
  });

  it('decodes a chunked body and drops Transfer-Encoding', () => {
    const { records, outcome } = translate('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=1\r\nde\r\n0\r\n\r\n');
    expect(outcome).toBe('complete');
    expect(stdoutText(records)).toBe('Status: 200 OK\r\n\r\nabcde');
  });

  it('passes a broken header line on byte for byte, for nginx to refuse', () => {
    const { records } = translate('HTTP/1.1 200 OK\r\nX Powered By: PHP/8.2.7\r\nContent-Length: 0\r\n\r\n');
    expect(stdoutText(records)).toBe('Status: 200 OK\r\nX Powered By: PHP/8.2.7\r\nContent-Length: 0\r\n\r\n');
  });

  it('reports a response cut before its header or its Content-Length as cut, without FCGI_END_REQUEST', () => {
    expect(translate('HTTP/1.1 200 OK\r\nContent-Len').outcome).toBe('cut');
    const midBody = translate('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc');
    expect(midBody.outcome).toBe('cut');
    expect(midBody.records.some((r) => r.type === RECORD.endRequest)).toBe(false);
    expect(translate('').outcome).toBe('cut');
  });

  it('ends a body without length when the connection ends, and a HEAD response after its header', () => {
    expect(stdoutText(translate('HTTP/1.0 200 OK\r\n\r\nuntil close').records)).toBe('Status: 200 OK\r\n\r\nuntil close');
    const head = translate('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n', true);
    expect(head.outcome).toBe('complete');
  });

  it('passes bytes that are not HTTP as they are (nginx reads them as FastCGI records)', () => {
    const garbage = translate("-ERR wrong number of arguments for 'get' command\r\n");
    expect(garbage.outcome).toBe('raw');
    expect(garbage.raw.toString('latin1')).toBe("-ERR wrong number of arguments for 'get' command\r\n");
    expect(translate('HT').outcome).toBe('cut');
  });

  it('knows how a header block delimits its body', () => {
    expect(toCgiHead('HTTP/1.1 204 No Content').remaining).toBe('close');
    expect(toCgiHead('HTTP/1.1 200 OK\r\nContent-Length: 12').remaining).toBe(12);
    expect(toCgiHead('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 12').remaining).toBe('chunked');
  });
});

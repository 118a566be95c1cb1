/**
 * Turns the HTTP/1.1 response a behaviour wrote into what a FastCGI application writes (pure but
 * for the write callback): the status line becomes a `Status:` header, hop-by-hop headers go
 * (Connection, Keep-Alive, Transfer-Encoding: a chunked body is decoded), every other header line
 * is passed on byte for byte, broken ones included, and the body follows in FCGI_STDOUT records.
 * When the body is complete (Content-Length reached, last chunk read, or the connection ended
 * with neither), an empty FCGI_STDOUT and FCGI_END_REQUEST close the request. Bytes that do not
 * begin like an HTTP response are not an application's answer at all: they are passed on as they
 * are, so nginx reads them as FastCGI records (as it would from a port that speaks something else).
 */
import { endRequest, encodeRecords, RECORD } from './records.js';

const HEAD_END = '\r\n\r\n';
/** a header block longer than this is passed on unfinished (nginx gave up long before) */
const MAX_HEAD_BYTES = 1_048_576;
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding']);

export type TranslatorState = 'head' | 'body' | 'complete' | 'raw';

/** Whether the response ended whole when the behaviour's connection closed. */
export type EndOutcome = 'complete' | 'cut' | 'raw';

export class ResponseTranslator {
  private state: TranslatorState = 'head';
  private head = Buffer.alloc(0);
  /** bytes of body still to come, 'chunked', or 'close' (until the connection ends) */
  private remaining: number | 'chunked' | 'close' = 'close';
  private chunk = { size: -1, line: '', dataLeft: 0, trailer: false, crlf: 0 };

  /** bodiless: the request was HEAD (a Content-Length then announces no bytes to come) */
  constructor(private readonly requestId: number, private readonly write: (bytes: Buffer) => void, private readonly bodiless = false) {}

  get current(): TranslatorState {
    return this.state;
  }

  push(bytes: Buffer): void {
    if (this.state === 'raw') return void this.write(bytes);
    if (this.state === 'complete') return;
    if (this.state === 'head') return this.pushHead(bytes);
    this.pushBody(bytes);
  }

  /** The behaviour's connection ended: the request is complete, was cut, or was never FastCGI. */
  end(): EndOutcome {
    if (this.state === 'raw') return 'raw';
    if (this.state === 'complete') return 'complete';
    if (this.state === 'body' && this.remaining === 'close') {
      this.finish();
      return 'complete';
    }
    if (this.state === 'head' && this.head.length > 0 && !looksLikeHttp(this.head)) {
      this.state = 'raw';
      this.write(this.head);
      return 'raw';
    }
    return 'cut';
  }

  private pushHead(bytes: Buffer): void {
    this.head = Buffer.concat([this.head, bytes]);
    if (!looksLikeHttp(this.head)) {
      this.state = 'raw';
      return void this.write(this.head);
    }
    const end = this.head.indexOf(HEAD_END);
    if (end < 0 && this.head.length < MAX_HEAD_BYTES) return;
    const headText = this.head.toString('latin1', 0, end < 0 ? this.head.length : end);
    const rest = end < 0 ? Buffer.alloc(0) : this.head.subarray(end + HEAD_END.length);
    const { cgiHead, remaining } = toCgiHead(headText);
    const status = Number(/^HTTP\/\d\.\d (\d{3})/.exec(headText)?.[1] ?? 0);
    this.remaining = end < 0 ? 'close' : this.bodiless || status === 204 || status === 304 ? 0 : remaining;
    this.state = 'body';
    this.stdout(Buffer.from(end < 0 ? cgiHead : `${cgiHead}\r\n`, 'latin1'));
    this.head = Buffer.alloc(0);
    if (this.remaining === 0) return this.finish();
    if (rest.length > 0) this.pushBody(rest);
  }

  private pushBody(bytes: Buffer): void {
    if (this.remaining === 'close') return this.stdout(bytes);
    if (this.remaining === 'chunked') return this.pushChunked(bytes);
    const take = bytes.subarray(0, this.remaining);
    this.remaining -= take.length;
    if (take.length > 0) this.stdout(take);
    if (this.remaining === 0) this.finish();
  }

  /** Decodes chunked transfer coding: size line, data, CRLF, ..., a zero-size chunk, trailers, CRLF. */
  private pushChunked(bytes: Buffer): void {
    let at = 0;
    const c = this.chunk;
    while (at < bytes.length && this.state === 'body') {
      if (c.dataLeft > 0) {
        const take = bytes.subarray(at, at + c.dataLeft);
        this.stdout(take);
        c.dataLeft -= take.length;
        at += take.length;
        if (c.dataLeft === 0) c.crlf = 2;
        continue;
      }
      if (c.crlf > 0) {
        c.crlf--;
        at++;
        continue;
      }
      const byte = bytes[at++]!;
      if (byte !== 0x0a) {
        if (byte !== 0x0d) c.line += String.fromCharCode(byte);
        continue;
      }
      const line = c.line;
      c.line = '';
      if (c.trailer) {
        if (line === '') this.finish();
        continue;
      }
      const size = Number.parseInt(line.split(';')[0]!.trim(), 16);
      if (!Number.isFinite(size)) continue;
      if (size === 0) c.trailer = true;
      else c.dataLeft = size;
    }
  }

  private stdout(bytes: Buffer): void {
    if (bytes.length > 0) this.write(encodeRecords(RECORD.stdout, this.requestId, bytes));
  }

  private finish(): void {
    this.state = 'complete';
    this.write(Buffer.concat([encodeRecords(RECORD.stdout, this.requestId, Buffer.alloc(0)), endRequest(this.requestId)]));
  }
}

function looksLikeHttp(bytes: Buffer): boolean {
  const start = bytes.toString('latin1', 0, Math.min(bytes.length, 5));
  return 'HTTP/'.startsWith(start) || start.startsWith('HTTP/');
}

/** The CGI header block (without its final blank line) and how the body is delimited. */
export function toCgiHead(head: string): { cgiHead: string; remaining: number | 'chunked' | 'close' } {
  const [statusLine = '', ...lines] = head.split('\r\n');
  const status = /^HTTP\/\d\.\d (\d{3})(?: (.*))?$/.exec(statusLine);
  const kept: string[] = [status ? `Status: ${status[1]}${status[2] ? ` ${status[2]}` : ''}` : statusLine];
  let remaining: number | 'chunked' | 'close' = 'close';
  for (const line of lines) {
    const name = line.slice(0, Math.max(line.indexOf(':'), 0)).toLowerCase();
    const value = line.slice(line.indexOf(':') + 1).trim();
    if (name === 'transfer-encoding' && value.toLowerCase().includes('chunked')) remaining = 'chunked';
    if (name === 'content-length' && remaining !== 'chunked' && /^\d+$/.test(value)) remaining = Number(value);
    if (!HOP_BY_HOP.has(name)) kept.push(line);
  }
  return { cgiHead: `${kept.join('\r\n')}\r\n`, remaining };
}

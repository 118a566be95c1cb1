/**
 * An incremental HTTP/1.1 response parser for one connection, one request at a time. It tells
 * exactly how each response ended: complete (with its status), cut in its body (status known),
 * or not HTTP at all. Bodies are counted, never kept. Handles Content-Length, chunked and
 * close-delimited bodies, HEAD and 1xx/204/304 (no body), interim 1xx responses.
 */

export type ParseOutcome =
  | { kind: 'complete'; status: number; keepAlive: boolean }
  | { kind: 'invalid'; reason: string };

/** What the connection's end means for the response in flight. */
export type EndOutcome =
  | { kind: 'complete'; status: number }
  | { kind: 'truncated'; status: number }
  | { kind: 'no-response' }
  | { kind: 'invalid'; reason: string };

const CR = 13;
const LF = 10;
const MAX_HEAD_BYTES = 64 * 1024;
const HTTP_PREFIX = Buffer.from('HTTP/1.');
const HEAD_END = Buffer.from('\r\n\r\n');
const SPACE = 32;
const COLON = 58;
/** The header name that frames a response with this length, lowercase. */
function framingName(length: number): string | undefined {
  return length === 14 ? 'content-length' : length === 17 ? 'transfer-encoding' : length === 10 ? 'connection' : undefined;
}

const enum State { Idle, Head, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailers, CloseDelimited }

export class ResponseParser {
  private state = State.Idle;
  private head: Buffer[] = [];
  private headBytes = 0;
  private expectBody = true;
  private status = 0;
  private keepAlive = true;
  private remaining = 0;
  private line = '';
  /** any byte of the current response came */
  private started = false;

  /** A request was written: its response comes next. expectBody is false for HEAD. */
  begin(expectBody: boolean): void {
    this.state = State.Head;
    if (this.headBytes > 0) this.head = [];
    this.headBytes = 0;
    this.expectBody = expectBody;
    this.status = 0;
    this.keepAlive = true;
    this.started = false;
  }

  /**
   * Bytes from the connection. Returns the outcome once the response ends (then the parser is
   * idle), or undefined while more is needed. Bytes after a complete response (nothing else was
   * asked for) make the response complete but the connection unusable: keepAlive false.
   */
  feed(chunk: Buffer): ParseOutcome | undefined {
    if (this.state === State.Idle) return chunk.length > 0 ? { kind: 'invalid', reason: 'bytes came with no request in flight' } : undefined;
    this.started = this.started || chunk.length > 0;
    let at = 0;
    while (at < chunk.length) {
      switch (this.state) {
        case State.Head: {
          const result = this.readHead(chunk, at);
          if (typeof result !== 'number') return result;
          at = result;
          break;
        }
        case State.Body: {
          const take = Math.min(this.remaining, chunk.length - at);
          this.remaining -= take;
          at += take;
          if (this.remaining === 0) return this.done(chunk, at);
          break;
        }
        case State.ChunkSize:
        case State.Trailers:
        case State.ChunkDataEnd: {
          const end = chunk.indexOf(LF, at);
          if (end < 0) {
            this.line += chunk.toString('latin1', at, chunk.length);
            if (this.line.length > 4096) return { kind: 'invalid', reason: 'chunk line too long' };
            return undefined;
          }
          const line = (this.line + chunk.toString('latin1', at, end)).replace(/\r$/, '');
          this.line = '';
          at = end + 1;
          const outcome = this.chunkLine(line);
          if (outcome?.kind === 'complete') return this.done(chunk, at);
          if (outcome) {
            this.state = State.Idle;
            return outcome;
          }
          break;
        }
        case State.ChunkData: {
          const take = Math.min(this.remaining, chunk.length - at);
          this.remaining -= take;
          at += take;
          if (this.remaining === 0) this.state = State.ChunkDataEnd;
          break;
        }
        case State.CloseDelimited:
          return undefined;
        default:
          return { kind: 'invalid', reason: 'parser state' };
      }
    }
    return undefined;
  }

  /** The connection ended: what that means for the response in flight (undefined: none was). */
  end(): EndOutcome | undefined {
    const state = this.state;
    this.state = State.Idle;
    if (state === State.Idle) return undefined;
    if (state === State.CloseDelimited) return { kind: 'complete', status: this.status };
    if (state === State.Head) {
      if (!this.started) return { kind: 'no-response' };
      // A head cut before its end: a status line that had come makes it a cut response.
      const text = Buffer.concat(this.head).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})[ \r]/.exec(text);
      if (!status) return { kind: 'invalid', reason: 'the connection ended inside a response head' };
      return { kind: 'truncated', status: Number(status[1]) };
    }
    return { kind: 'truncated', status: this.status };
  }

  private done(chunk: Buffer, at: number): ParseOutcome {
    this.state = State.Idle;
    return { kind: 'complete', status: this.status, keepAlive: this.keepAlive && at === chunk.length };
  }

  /** Reads the head; returns where the body starts in chunk, or an outcome. */
  private readHead(chunk: Buffer, at: number): ParseOutcome | number | undefined {
    // Not HTTP: say so from the first bytes that differ, not only once a whole line came.
    if (this.headBytes < HTTP_PREFIX.length) {
      const n = Math.min(HTTP_PREFIX.length - this.headBytes, chunk.length - at);
      for (let i = 0; i < n; i++) {
        if (chunk[at + i] !== HTTP_PREFIX[this.headBytes + i]) {
          this.state = State.Idle;
          return { kind: 'invalid', reason: 'not an HTTP/1.x response' };
        }
      }
    }
    if (this.headBytes === 0) {
      // the usual case: the whole head in one read, parsed where it lies
      const end = chunk.indexOf(HEAD_END, at);
      if (end >= 0) return this.headRead(chunk, chunk, at, end, end + 4);
    }
    const slice = at === 0 ? chunk : chunk.subarray(at);
    const previous = this.headBytes;
    this.head.push(slice);
    this.headBytes += slice.length;
    const joined = this.head.length === 1 ? slice : Buffer.concat(this.head, this.headBytes);
    const end = joined.indexOf(HEAD_END, Math.max(previous - 3, 0));
    if (end < 0) {
      if (this.headBytes > MAX_HEAD_BYTES) {
        this.state = State.Idle;
        return { kind: 'invalid', reason: 'response head too large' };
      }
      // the chunk's memory is reused for the next read: keep a copy of the head so far
      this.head = [Buffer.from(joined)];
      return chunk.length;
    }
    return this.headRead(chunk, joined, 0, end, at + (end + 4 - previous));
  }

  /** The head is bytes[start, end) (without its final CRLFCRLF); the body starts at bodyStart in chunk. */
  private headRead(chunk: Buffer, bytes: Uint8Array, start: number, end: number, bodyStart: number): ParseOutcome | number {
    const problem = this.parseHead(bytes, start, end);
    if (problem) {
      this.state = State.Idle;
      return { kind: 'invalid', reason: problem };
    }
    if (this.status >= 100 && this.status < 200 && this.status !== 101) {
      // an interim response: the real one follows
      const expectBody = this.expectBody;
      this.begin(expectBody);
      this.started = true;
      return bodyStart;
    }
    if (this.state === State.Idle) return this.done(chunk, bodyStart);
    return bodyStart;
  }

  /**
   * Sets status, keep-alive and the body framing from the head, bytes[start, end) (without its
   * final CRLFCRLF), read in place; returns a problem, or undefined. Only the framing headers are
   * looked at closely.
   */
  private parseHead(bytes: Uint8Array, start: number, end: number): string | undefined {
    let lineEnd = indexOfCrlf(bytes, start, end);
    if (lineEnd < 0) lineEnd = end;
    // "HTTP/1.x NNN[ reason]": the prefix was checked as the bytes came
    const minor = bytes[start + 7];
    if (lineEnd - start < 12 || (minor !== 48 && minor !== 49) || bytes[start + 8] !== SPACE || !isDigit(bytes[start + 9]) || bytes[start + 9] === 48
      || !isDigit(bytes[start + 10]) || !isDigit(bytes[start + 11]) || (lineEnd - start > 12 && bytes[start + 12] !== SPACE) || hasLf(bytes, start, lineEnd)) {
      return 'invalid status line';
    }
    this.status = (bytes[start + 9]! - 48) * 100 + (bytes[start + 10]! - 48) * 10 + (bytes[start + 11]! - 48);
    let keepAlive = minor === 49;
    let length: number | undefined;
    let chunked = false;
    let at = lineEnd + 2;
    while (at < end) {
      // the name, up to its colon: no blank, control byte or DEL in it (a line without a colon ends at a CR)
      let colon = at;
      while (colon < end && bytes[colon] !== COLON && bytes[colon]! > SPACE && bytes[colon] !== 127) colon++;
      if (colon === at || colon === end || bytes[colon] !== COLON) {
        const next = indexOfCrlf(bytes, at, end);
        return `invalid header line "${latin1(bytes, at, Math.min(next < 0 ? end : next, at + 60))}"`;
      }
      let next = indexOfCrlf(bytes, colon + 1, end);
      if (next < 0) next = end;
      const framing = framingName(colon - at);
      if (framing !== undefined && nameIs(bytes, at, framing)) {
        // the value without the whitespace around it (as String.prototype.trim takes it)
        let from = colon + 1;
        let to = next;
        while (from < to && isTrimmed(bytes[from]!)) from++;
        while (to > from && isTrimmed(bytes[to - 1]!)) to--;
        if (framing === 'content-length') {
          if (to - from < 1 || to - from > 15) return `invalid Content-Length "${latin1(bytes, from, to)}"`;
          let n = 0;
          for (let i = from; i < to; i++) {
            const c = bytes[i]!;
            if (c < 48 || c > 57) return `invalid Content-Length "${latin1(bytes, from, to)}"`;
            n = n * 10 + (c - 48);
          }
          if (length !== undefined && length !== n) return 'conflicting Content-Length headers';
          length = n;
        } else if (framing === 'transfer-encoding') {
          const value = latin1(bytes, from, to);
          chunked = /(^|,)\s*chunked\s*$/i.test(value);
          if (!chunked) return `unsupported Transfer-Encoding "${value}"`;
        } else if (valueIs(bytes, from, to, 'keep-alive')) {
          keepAlive = true;
        } else if (valueIs(bytes, from, to, 'close')) {
          keepAlive = false;
        } else {
          const tokens = latin1(bytes, from, to).toLowerCase().split(',').map((t) => t.trim());
          if (tokens.includes('close')) keepAlive = false;
          else if (tokens.includes('keep-alive')) keepAlive = true;
        }
      }
      at = next + 2;
    }
    this.keepAlive = keepAlive;
    const noBody = !this.expectBody || this.status === 204 || this.status === 304 || this.status < 200;
    if (noBody) this.state = State.Idle;
    else if (chunked) this.state = State.ChunkSize;
    else if (length !== undefined) {
      this.remaining = length;
      this.state = length === 0 ? State.Idle : State.Body;
    } else {
      this.state = State.CloseDelimited;
      this.keepAlive = false;
    }
    return undefined;
  }

  /** One line of chunked framing; returns complete at the end of the message. */
  private chunkLine(line: string): ParseOutcome | undefined {
    if (this.state === State.ChunkDataEnd) {
      if (line !== '') return { kind: 'invalid', reason: 'no CRLF after chunk data' };
      this.state = State.ChunkSize;
      return undefined;
    }
    if (this.state === State.Trailers) {
      return line === '' ? { kind: 'complete', status: this.status, keepAlive: this.keepAlive } : undefined;
    }
    const size = /^([0-9a-fA-F]{1,8})(?:;.*)?$/.exec(line);
    if (!size) return { kind: 'invalid', reason: `invalid chunk size "${line.slice(0, 20)}"` };
    this.remaining = parseInt(size[1]!, 16);
    this.state = this.remaining === 0 ? State.Trailers : State.ChunkData;
    return undefined;
  }
}

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 48 && byte <= 57;
}

/** The first CRLF in bytes[from, end), or -1. */
function indexOfCrlf(bytes: Uint8Array, from: number, end: number): number {
  for (let i = from; i + 1 < end; i++) if (bytes[i] === CR && bytes[i + 1] === LF) return i;
  return -1;
}

function hasLf(bytes: Uint8Array, from: number, end: number): boolean {
  for (let i = from; i < end; i++) if (bytes[i] === LF) return true;
  return false;
}

/** A header name (its length already matched) is this lowercase name, in any case. */
function nameIs(bytes: Uint8Array, at: number, name: string): boolean {
  for (let i = 0; i < name.length; i++) if (lower(bytes[at + i]!) !== name.charCodeAt(i)) return false;
  return true;
}

/** bytes[from, to) is this lowercase value, in any case. */
function valueIs(bytes: Uint8Array, from: number, to: number, value: string): boolean {
  return to - from === value.length && nameIs(bytes, from, value);
}

function lower(byte: number): number {
  return byte >= 65 && byte <= 90 ? byte + 32 : byte;
}

/** The bytes String.prototype.trim removes from a latin1 string: tab, line feed, VT, FF, CR, space, no-break space. */
function isTrimmed(byte: number): boolean {
  return (byte >= 9 && byte <= 13) || byte === SPACE || byte === 0xa0;
}

function latin1(bytes: Uint8Array, from: number, to: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from).toString('latin1');
}

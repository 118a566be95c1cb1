/**
 * The catalog of nginx error-log signatures: one table that serves both assertions (count lines
 * per id) and diagnosis (what a line means and what the client saw). Each pattern is matched
 * against the message only: the part after `*CID ` with the `, client: …` context stripped (see
 * parse-error-log.ts). Patterns are anchored and mutually exclusive: a message matches at most
 * one of them, so the order of the table never decides a classification.
 */

export type SignatureLevel = 'warn' | 'error' | 'crit' | 'alert';

export interface Signature {
  id: string;
  /** the level nginx logs this message at */
  level: SignatureLevel;
  /** the status the client gets when this failure ends the request; null when it does not decide one */
  clientStatus: number | null;
  summary: string;
  pattern: RegExp;
}

/** The id of every message that matches no signature. */
export const UNKNOWN_SIGNATURE = 'unknown';

/** `(110: Connection timed out)` and the like: the errno text differs between libcs. */
const ERRNO = (code: number): string => `\\(${code}: [^)]*\\)`;
const UPSTREAM_PHASE = '(?:connecting to|sending request to|reading response header from|reading) upstream';
const re = (source: string): RegExp => new RegExp(`^${source}$`);

export const SIGNATURES: readonly Signature[] = [
  {
    id: 'upstream-timed-out-reading-header',
    level: 'error',
    clientStatus: 504,
    summary: 'proxy_read_timeout elapsed before the backend sent its response header',
    pattern: re(`upstream timed out ${ERRNO(110)} while reading response header from upstream`),
  },
  {
    id: 'upstream-timed-out-connecting',
    level: 'error',
    clientStatus: 504,
    summary: 'proxy_connect_timeout elapsed before the backend accepted the connection (SYN unanswered, backlog full)',
    pattern: re(`upstream timed out ${ERRNO(110)} while connecting to upstream`),
  },
  {
    id: 'upstream-timed-out-sending',
    level: 'error',
    clientStatus: 504,
    summary: 'proxy_send_timeout elapsed while the backend was not reading the request',
    pattern: re(`upstream timed out ${ERRNO(110)} while sending request to upstream`),
  },
  {
    id: 'upstream-timed-out-reading-body',
    level: 'error',
    clientStatus: 200,
    summary: 'proxy_read_timeout elapsed in the body, after the status was sent: the client gets a 200 with a cut body',
    pattern: re(`upstream timed out ${ERRNO(110)} while reading upstream`),
  },
  {
    id: 'connect-refused',
    level: 'error',
    clientStatus: 502,
    summary: 'nothing listens on the backend address (process down or wrong port)',
    pattern: re(`connect\\(\\) (?:to .+ )?failed ${ERRNO(111)} while connecting to upstream`),
  },
  {
    id: 'upstream-prematurely-closed-header',
    level: 'error',
    clientStatus: 502,
    summary: 'the backend closed the connection before sending a complete response header',
    pattern: re('upstream prematurely closed connection while reading response header from upstream'),
  },
  {
    id: 'upstream-prematurely-closed-body',
    level: 'error',
    clientStatus: 200,
    summary: 'the backend closed the connection in the body, after the status was sent: the client gets a 200 with a cut body',
    pattern: re('upstream prematurely closed connection while reading upstream'),
  },
  {
    id: 'upstream-reset-reading-header',
    level: 'error',
    clientStatus: 502,
    summary: 'the backend reset the connection before its response header (crash, or a keep-alive connection it had closed)',
    pattern: re(`recv\\(\\) failed ${ERRNO(104)} while reading response header from upstream`),
  },
  {
    id: 'upstream-reset',
    level: 'error',
    clientStatus: 502,
    summary: 'the backend reset the connection while nginx was connecting or sending the request',
    pattern: re(`\\w+\\(\\) failed ${ERRNO(104)} while (?:connecting to|sending request to) upstream`),
  },
  {
    id: 'upstream-reset-reading-body',
    level: 'error',
    clientStatus: 200,
    summary: 'the backend reset the connection in the body, after the status was sent: the client gets a 200 with a cut body',
    pattern: re(`\\w+\\(\\) failed ${ERRNO(104)} while reading upstream`),
  },
  {
    id: 'upstream-broken-pipe',
    level: 'error',
    clientStatus: 502,
    summary: 'the backend closed its side while nginx was still writing the request (e.g. it answered and closed without reading a large body)',
    pattern: re(`\\w+\\(\\) failed ${ERRNO(32)} while ${UPSTREAM_PHASE}`),
  },
  {
    id: 'request-body-buffered-to-file',
    level: 'warn',
    clientStatus: null,
    summary: 'a request body larger than client_body_buffer_size went to a temporary file (not a failure; every large upload logs it)',
    pattern: re('a client request body is buffered to a temporary file \\S+'),
  },
  {
    id: 'no-live-upstreams',
    level: 'error',
    clientStatus: 502,
    summary: 'every server of the upstream group is marked down (max_fails); never logged for a group of one server',
    pattern: re('no live upstreams while connecting to upstream'),
  },
  {
    id: 'upstream-temporarily-disabled',
    level: 'warn',
    clientStatus: null,
    summary: 'a server reached max_fails and is skipped for fail_timeout; the request itself may still succeed on another server',
    pattern: re(`upstream server temporarily disabled while ${UPSTREAM_PHASE}`),
  },
  {
    id: 'upstream-too-big-header',
    level: 'error',
    clientStatus: 502,
    summary: 'the response header does not fit in proxy_buffer_size',
    pattern: re('upstream sent too big header while reading response header from upstream'),
  },
  {
    id: 'upstream-invalid-header',
    level: 'error',
    clientStatus: 502,
    summary: 'the backend sent a header line nginx cannot parse (bad character in a name, bare CR, …)',
    pattern: /^upstream sent invalid header(?:: "[\s\S]*| while reading response header from upstream)?$/,
  },
  {
    id: 'upstream-no-valid-http-header',
    level: 'error',
    clientStatus: null,
    summary: 'the backend answered without an HTTP status line; nginx passes the bytes on as HTTP/0.9 (logged status 009), not a 502',
    pattern: re('upstream sent no valid HTTP/1\\.0 header while reading response header from upstream'),
  },
  {
    id: 'unix-socket-permission-denied',
    level: 'crit',
    clientStatus: 502,
    summary: 'the nginx worker user may not connect to the backend unix socket (socket file mode or owner)',
    pattern: re(`connect\\(\\) to unix:.+ failed ${ERRNO(13)} while connecting to upstream`),
  },
  {
    id: 'limiting-requests',
    level: 'error',
    clientStatus: 503,
    summary: 'limit_req rejected the request (limit_req_status, 503 by default); dry-run lines are not counted',
    pattern: re('limiting requests, excess: \\d+\\.\\d+ by zone "[^"]*"'),
  },
  {
    id: 'limiting-connections',
    level: 'error',
    clientStatus: 503,
    summary: 'limit_conn rejected the request (limit_conn_status, 503 by default); dry-run lines are not counted',
    pattern: re('limiting connections by zone "[^"]*"'),
  },
  {
    id: 'worker-connections-not-enough',
    level: 'alert',
    clientStatus: 500,
    summary: 'worker_connections is exhausted: 500 when it happens connecting to the backend; when accepting, the client connection is dropped',
    pattern: re('\\d+ worker_connections are not enough(?: while connecting to upstream)?'),
  },
  {
    id: 'upstream-host-not-found',
    level: 'error',
    clientStatus: 502,
    summary: 'the resolver does not know the backend name given through a variable in proxy_pass',
    pattern: re(`\\S+ could not be resolved ${ERRNO(3)}(?: while [a-z ]+)?`),
  },
];

export const SIGNATURE_IDS: readonly string[] = SIGNATURES.map((s) => s.id);

const KNOWN_IDS: ReadonlySet<string> = new Set([...SIGNATURE_IDS, UNKNOWN_SIGNATURE]);

/** True for every catalog id and for "unknown" (which scenarios may count too). */
export function isKnownSignature(id: string): boolean {
  return KNOWN_IDS.has(id);
}

/** The id of the signature the message (context suffix already stripped) matches, or "unknown". */
export function classifyErrorMessage(message: string): string {
  for (const signature of SIGNATURES) {
    if (signature.pattern.test(message)) return signature.id;
  }
  return UNKNOWN_SIGNATURE;
}

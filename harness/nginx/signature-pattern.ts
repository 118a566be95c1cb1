/**
 * What a signature of the catalog is, and the pieces its patterns are built from (pure): errno
 * numbers of a meaning with any text, the phases nginx names after "while", and anchoring.
 */
import { errnoSource, type ErrnoName } from './errno.js';

export type SignatureLevel = 'info' | 'notice' | 'warn' | 'error' | 'crit' | 'alert' | 'emerg';

export interface Signature {
  id: string;
  /** the level nginx logs this message at by default (some are configurable, e.g. limit_req_log_level) */
  level: SignatureLevel;
  /** the status the client gets when this ends the request; null when it does not decide one */
  clientStatus: number | null;
  /**
   * a request failed because of the backend or of nginx's own limits (a 5xx, or a body cut after
   * the status): what diagnose explains. Warnings, the client's own doing and the app's output are not.
   */
  failure: boolean;
  summary: string;
  /** matched against the message only (prefix and `, client: …` context stripped) */
  pattern: RegExp;
  /** one complete error-log line exactly as real nginx writes it */
  example: string;
}

/** `(110: Connection timed out)`, `(60: Operation timed out)`, `(110: Unknown error)`, … */
export const errno = (...names: ErrnoName[]): string => errnoSource(...names);

/** What nginx was doing, as it says after "while" (its log action). */
export const PHASE = {
  connect: 'connecting to upstream',
  tls: 'SSL handshaking to upstream',
  send: 'sending request to upstream',
  header: 'reading response header from upstream',
  body: 'reading upstream',
} as const;

/** Any phase of talking to an upstream. */
export const UPSTREAM_PHASE = `(?:${Object.values(PHASE).join('|')})`;

/** `connect()` as nginx reports it: at once ("connect() to ADDR failed") or later (getsockopt, or kevent on macOS and the BSDs). */
export const CONNECT = '(?:kevent\\(\\) reported that )?connect\\(\\)(?: to (?!unix:)\\S+)? failed';
export const CONNECT_UNIX = 'connect\\(\\) to unix:\\S+ failed';

/** Anchored on both ends: a message matches the whole pattern or not at all. */
export const re = (source: string): RegExp => new RegExp(`^(?:${source})$`);


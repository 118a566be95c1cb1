/**
 * The errno numbers nginx prints in `(N: text)` after a failed system call, per meaning (pure).
 * The text is whatever the C library says (glibc "Connection timed out", musl "Operation timed
 * out", "Unknown error" on some builds) and the number depends on the OS (Linux, then the BSDs
 * and macOS, then Windows' WSA codes), so signatures match the number of the meaning and any text.
 * No number here stands for two meanings that nginx could report in the same place: the Linux
 * codes that the BSD numbers collide with (35 EDEADLK, 54 EXFULL, 60 ENOSTR, 61 ENODATA, …) are
 * never returned by connect(), recv() or send().
 */

export const ERRNO = {
  ENOENT: [2],
  EAGAIN: [11, 35, 10035],
  EACCES: [13, 10013],
  ENOTDIR: [20],
  ENFILE: [23],
  EMFILE: [24, 10024],
  EPIPE: [32],
  EADDRINUSE: [98, 48, 10048],
  EADDRNOTAVAIL: [99, 49, 10049],
  ENETDOWN: [100, 50, 10050],
  ENETUNREACH: [101, 51, 10051],
  ECONNABORTED: [103, 53, 10053],
  ECONNRESET: [104, 54, 10054],
  ENOTCONN: [107, 57, 10057],
  ETIMEDOUT: [110, 60, 10060],
  ECONNREFUSED: [111, 61, 10061],
  EHOSTDOWN: [112, 64, 10064],
  EHOSTUNREACH: [113, 65, 10065],
} as const;

export type ErrnoName = keyof typeof ERRNO;

/** `(110: …)` for any of the given meanings, as a regular-expression source. */
export function errnoSource(...names: ErrnoName[]): string {
  const numbers = names.flatMap((name) => ERRNO[name]);
  return `\\((?:${numbers.join('|')}): [^)]*\\)`;
}

/** The meaning of an errno number as nginx printed it ("ETIMEDOUT" for 110, 60 or 10060). */
export function errnoName(code: number): ErrnoName | undefined {
  for (const [name, numbers] of Object.entries(ERRNO) as [ErrnoName, readonly number[]][]) {
    if (numbers.includes(code)) return name;
  }
  return undefined;
}
